-- 标准决算表列代码词表（tables.yaml）
select * from {{ source('lake', 'statement_column_definitions') }}
