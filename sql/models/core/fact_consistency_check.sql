-- 一致性检查事实
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_consistency_checks')) }}") }}
select doc_id, rule_id, rule_family, rule_family_zh, description, status, severity, expected, stated, difference, evidence
from {{ ref('stg_consistency_checks') }}
where {{ documents_not_built('doc_id') }}
