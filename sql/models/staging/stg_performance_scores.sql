-- 绩效自评得分与项目执行综述
create table staging.performance_scores as
select * from frame_performance_scores;

comment on table staging.performance_scores is '绩效自评得分及项目完成情况综述中的预算数/执行数/完成率';
comment on column staging.performance_scores.doc_id is '文档标识';
comment on column staging.performance_scores.source_file is '源文件名';
comment on column staging.performance_scores.subject is '评价对象（部门整体或项目）';
comment on column staging.performance_scores.score is '自评得分';
comment on column staging.performance_scores.budget_wan_yuan is '全年预算数（万元）';
comment on column staging.performance_scores.actual_wan_yuan is '执行数（万元）';
comment on column staging.performance_scores.execution_rate_pct is '完成预算比例（%）';
comment on column staging.performance_scores.section_path is '所在章节路径';
comment on column staging.performance_scores.evidence is '原文证据';
comment on column staging.performance_scores.evidence_start is '证据起始字符位置';
comment on column staging.performance_scores.evidence_end is '证据结束字符位置';
comment on column staging.performance_scores.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
