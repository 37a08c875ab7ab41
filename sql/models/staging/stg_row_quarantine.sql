-- 未通过校验的记录：不静默丢弃
select * from {{ source('lake', 'row_quarantine') }}
