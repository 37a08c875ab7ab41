-- 绩效自评得分与执行综述事实
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_performance_scores')) }}") }}
select doc_id, subject, score, budget_wan_yuan, actual_wan_yuan, execution_rate_pct, evidence, page
from {{ ref('stg_performance_scores') }}
where {{ documents_not_built('doc_id') }}
