-- 项目绩效目标完成情况表：每表一行
select * from {{ source('lake', 'projects') }}
