-- 绩效指标：每指标一行
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    p.project_name,
    i.level1,
    i.level2,
    i.level3,
    i.target_text,
    i.actual_text,
    i.target_op,
    i.target_value,
    i.target_unit,
    i.target_category,
    i.actual_value,
    i.actual_unit,
    i.achieved,
    i.achieved_reason
from {{ ref('fact_performance_indicator') }} as i
join {{ ref('dim_project') }} as p using (project_id, doc_id)
join {{ ref('documents') }} as d using (doc_id)
