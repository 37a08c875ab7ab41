-- 绩效指标事实
create table core.fact_performance_indicator as
select
    doc_id || '-' || project_seq as project_id,
    doc_id,
    row_number,
    level1,
    level2,
    level3,
    target_text,
    actual_text,
    target_op,
    target_value,
    target_unit,
    target_category,
    actual_value,
    actual_unit,
    achieved,
    achieved_reason,
    evidence,
    evidence_start,
    evidence_end,
    page
from staging.indicators;

comment on table core.fact_performance_indicator is '绩效指标：每指标一行，目标与实际的原文及解析';
comment on column core.fact_performance_indicator.project_id is '项目标识';
comment on column core.fact_performance_indicator.doc_id is '文档标识';
comment on column core.fact_performance_indicator.row_number is '表内顺序';
comment on column core.fact_performance_indicator.level1 is '一级指标';
comment on column core.fact_performance_indicator.level2 is '二级指标';
comment on column core.fact_performance_indicator.level3 is '三级指标';
comment on column core.fact_performance_indicator.target_text is '预期指标值（原文）';
comment on column core.fact_performance_indicator.actual_text is '实际完成值（原文）';
comment on column core.fact_performance_indicator.target_op is '比较符';
comment on column core.fact_performance_indicator.target_value is '目标数值';
comment on column core.fact_performance_indicator.target_unit is '目标单位';
comment on column core.fact_performance_indicator.target_category is '定性目标类别';
comment on column core.fact_performance_indicator.actual_value is '实际数值';
comment on column core.fact_performance_indicator.actual_unit is '实际单位';
comment on column core.fact_performance_indicator.achieved is '是否达成（不可比为空）';
comment on column core.fact_performance_indicator.achieved_reason is '判断依据';
comment on column core.fact_performance_indicator.evidence is '原文证据';
comment on column core.fact_performance_indicator.evidence_start is '证据起始字符位置';
comment on column core.fact_performance_indicator.evidence_end is '证据结束字符位置';
comment on column core.fact_performance_indicator.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
