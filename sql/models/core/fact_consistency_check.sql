-- 一致性检查事实
create table core.fact_consistency_check as
select doc_id, rule_id, description, status, severity, expected, stated, difference, evidence
from staging.consistency_checks;

comment on table core.fact_consistency_check is '一致性检查：每文档每规则的结果';
comment on column core.fact_consistency_check.doc_id is '文档标识';
comment on column core.fact_consistency_check.rule_id is '规则代码';
comment on column core.fact_consistency_check.description is '规则说明';
comment on column core.fact_consistency_check.status is 'pass / fail / insufficient_data';
comment on column core.fact_consistency_check.severity is 'error / warning / info';
comment on column core.fact_consistency_check.expected is '应有值';
comment on column core.fact_consistency_check.stated is '所述值';
comment on column core.fact_consistency_check.difference is '差额';
comment on column core.fact_consistency_check.evidence is '双方原文证据';
