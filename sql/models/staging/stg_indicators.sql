-- 绩效指标：每行一个指标
create table staging.indicators as
select * from frame_indicators;

comment on table staging.indicators is '绩效指标：每个三级指标一行，含原文目标值/实际值及解析结果';
comment on column staging.indicators.doc_id is '文档标识';
comment on column staging.indicators.source_file is '源文件名';
comment on column staging.indicators.project_seq is '所属项目表序号';
comment on column staging.indicators.project_name is '项目名称';
comment on column staging.indicators.row_number is '表内顺序';
comment on column staging.indicators.level1 is '一级指标';
comment on column staging.indicators.level2 is '二级指标';
comment on column staging.indicators.level3 is '三级指标';
comment on column staging.indicators.target_text is '预期指标值（原文）';
comment on column staging.indicators.actual_text is '实际完成指标值（原文）';
comment on column staging.indicators.target_op is '目标比较符：>= <= = > <';
comment on column staging.indicators.target_value is '目标数值';
comment on column staging.indicators.target_unit is '目标单位';
comment on column staging.indicators.target_category is '定性目标类别（按时完成、合格等）';
comment on column staging.indicators.actual_value is '实际数值';
comment on column staging.indicators.actual_unit is '实际单位';
comment on column staging.indicators.achieved is '是否达成（无法比较时为空）';
comment on column staging.indicators.achieved_reason is '达成判断的依据';
comment on column staging.indicators.section_path is '所在章节路径';
comment on column staging.indicators.evidence is '原文证据（指标行）';
comment on column staging.indicators.evidence_start is '证据起始字符位置';
comment on column staging.indicators.evidence_end is '证据结束字符位置';
comment on column staging.indicators.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
