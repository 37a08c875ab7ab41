-- 一致性发现：不一致及无法检查的规则
select
    d.source_file,
    d.department_name,
    c.rule_id,
    c.rule_family,
    c.rule_family_zh,
    c.description,
    c.status,
    c.severity,
    c.expected,
    c.stated,
    c.difference,
    c.evidence
from {{ ref('fact_consistency_check') }} as c
join {{ ref('documents') }} as d using (doc_id)
where c.status <> 'pass'
