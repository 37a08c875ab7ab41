-- 标准决算表代码词表（tables.yaml）
select * from {{ source('lake', 'statement_table_definitions') }}
