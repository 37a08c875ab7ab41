-- 一致性检查的每次结果（通过、不通过、数据不足）
create table staging.consistency_checks as
select * from frame_consistency_checks;

comment on table staging.consistency_checks is '一致性检查结果：每文档每规则一行，pass / fail / insufficient_data';
comment on column staging.consistency_checks.doc_id is '文档标识';
comment on column staging.consistency_checks.source_file is '源文件名';
comment on column staging.consistency_checks.rule_id is '规则代码';
comment on column staging.consistency_checks.description is '规则说明';
comment on column staging.consistency_checks.status is '结果：pass 通过 / fail 不一致 / insufficient_data 数据不足';
comment on column staging.consistency_checks.severity is '严重程度：error / warning / info';
comment on column staging.consistency_checks.expected is '按其他数字推算的应有值';
comment on column staging.consistency_checks.stated is '文中所述值';
comment on column staging.consistency_checks.difference is '差额（所述 − 应有）';
comment on column staging.consistency_checks.evidence is '双方原文证据';
