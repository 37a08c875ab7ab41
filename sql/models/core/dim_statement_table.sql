-- 标准决算表维度
select table_code, table_name_zh
from {{ ref('stg_statement_table_definitions') }}
