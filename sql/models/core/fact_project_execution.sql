-- 项目预算执行事实
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_projects')) }}") }}
select
    doc_id || '-' || project_seq as project_id,
    doc_id,
    budget_wan_yuan,
    actual_wan_yuan,
    fiscal_budget_wan_yuan,
    fiscal_actual_wan_yuan,
    other_budget_wan_yuan,
    other_actual_wan_yuan,
    case when budget_wan_yuan > 0
         then {{ exact_ratio('actual_wan_yuan', 'budget_wan_yuan', 2, factor=100) }} end as execution_rate_pct,
    evidence_start,
    evidence_end,
    page
from {{ ref('stg_projects') }}
where {{ documents_not_built('doc_id') }}
