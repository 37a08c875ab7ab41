-- 一般公共预算财政拨款支出决算具体情况：每个功能分类项一行
select * from {{ source('lake', 'gpb_items') }}
