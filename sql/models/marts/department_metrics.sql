-- 部门指标：每文档每指标一行，只含文中陈述的值
select
    d.source_file,
    d.doc_id,
    d.fiscal_year,
    d.department_name,
    f.metric_code,
    m.metric_name_zh,
    f.value,
    f.unit,
    f.source,
    f.evidence,
    f.page,
    f.section_path,
    f.statement_count
from {{ ref('fact_metric') }} as f
join {{ ref('documents') }} as d using (doc_id)
join {{ ref('dim_metric') }} as m using (metric_code)
