-- 部门决算公开表：文中找到的每张标准表（有数据、印为空表或目录列出而缺失）
select * from {{ source('lake', 'statement_tables') }}
