-- 列无法确定而搁置的数字：不猜列，附原因
select * from {{ source('lake', 'set_aside_cells') }}
