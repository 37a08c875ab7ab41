-- 一致性检查事实
select doc_id, rule_id, description, status, severity, expected, stated, difference, evidence
from {{ ref('stg_consistency_checks') }}
