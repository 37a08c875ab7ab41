-- 项目绩效：每项目一行
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    p.project_id,
    p.project_name,
    p.budget_unit,
    e.budget_wan_yuan,
    e.actual_wan_yuan,
    e.fiscal_budget_wan_yuan,
    e.fiscal_actual_wan_yuan,
    e.other_budget_wan_yuan,
    e.other_actual_wan_yuan,
    e.execution_rate_pct,
    p.goal_expected,
    p.goal_actual
from {{ ref('dim_project') }} as p
join {{ ref('fact_project_execution') }} as e using (project_id, doc_id)
join {{ ref('documents') }} as d using (doc_id)
