-- 绩效自评得分与项目执行综述
select d.source_file, d.fiscal_year, d.department_name, s.subject, s.score,
       s.budget_wan_yuan, s.actual_wan_yuan, s.execution_rate_pct, s.evidence, s.page
from {{ ref('fact_performance_score') }} as s
join {{ ref('documents') }} as d using (doc_id)
