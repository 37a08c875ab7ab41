-- 标准决算表列维度
select column_code, column_name_zh
from {{ ref('stg_statement_column_definitions') }}
