-- 部门决算公开表单元格：每个印出的数值一行，分析与核对的入口
select
    d.source_file,
    d.doc_id,
    d.fiscal_year,
    d.department_name,
    c.table_code,
    c.table_title,
    t.table_name_zh,
    c.row_number,
    c.row_code,
    c.row_name,
    c.column_code,
    c.column_title,
    k.column_name_zh,
    c.value,
    c.how,
    c.page,
    c.line,
    c.evidence
from {{ ref('fact_statement_cell') }} as c
join {{ ref('documents') }} as d using (doc_id)
join {{ ref('dim_statement_table') }} as t using (table_code)
join {{ ref('dim_statement_column') }} as k using (column_code)
where d.status = 'loaded'
