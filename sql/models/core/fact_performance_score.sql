-- 绩效自评得分与执行综述事实
select doc_id, subject, score, budget_wan_yuan, actual_wan_yuan, execution_rate_pct, evidence, page
from {{ ref('stg_performance_scores') }}
