-- 一致性发现：不一致及无法检查的规则
create view marts.consistency_findings as
select
    d.source_file,
    d.department_name,
    c.rule_id,
    c.description,
    c.status,
    c.severity,
    c.expected,
    c.stated,
    c.difference,
    c.evidence
from core.fact_consistency_check as c
join marts.documents as d using (doc_id)
where c.status <> 'pass';

comment on view marts.consistency_findings is '一致性发现：数字不一致（fail）及因数据不足无法检查（insufficient_data）的规则';
comment on column marts.consistency_findings.source_file is '源文件名';
comment on column marts.consistency_findings.department_name is '部门全称';
comment on column marts.consistency_findings.rule_id is '规则代码';
comment on column marts.consistency_findings.description is '规则说明';
comment on column marts.consistency_findings.status is 'fail 不一致 / insufficient_data 数据不足';
comment on column marts.consistency_findings.severity is 'error / warning / info';
comment on column marts.consistency_findings.expected is '应有值';
comment on column marts.consistency_findings.stated is '文中所述值';
comment on column marts.consistency_findings.difference is '差额（所述 − 应有）';
comment on column marts.consistency_findings.evidence is '双方原文证据';
