-- 绩效指标：每行一个指标
select * from {{ source('lake', 'indicators') }}
