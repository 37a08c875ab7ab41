-- 标准决算表单元格事实：每个印出的数值一行
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_statement_cells')) }}") }}
select
    c.doc_id,
    c.table_code,
    c.table_title,
    c.row_number,
    c.row_code,
    c.row_name,
    c.row_key,
    c.economic_group,
    c.column_code,
    c.column_title,
    c.value,
    c.how,
    c.page,
    c.line,
    c.evidence,
    c.evidence_start,
    c.evidence_end
from {{ ref('stg_statement_cells') }} as c
join {{ ref('dim_statement_table') }} using (table_code)
join {{ ref('dim_statement_column') }} using (column_code)
where {{ documents_not_built('c.doc_id') }}
