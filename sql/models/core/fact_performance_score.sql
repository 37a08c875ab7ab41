-- 绩效自评得分与执行综述事实
create table core.fact_performance_score as
select doc_id, subject, score, budget_wan_yuan, actual_wan_yuan, execution_rate_pct, evidence, page
from staging.performance_scores;

comment on table core.fact_performance_score is '绩效自评得分与项目执行综述';
comment on column core.fact_performance_score.doc_id is '文档标识';
comment on column core.fact_performance_score.subject is '评价对象';
comment on column core.fact_performance_score.score is '自评得分';
comment on column core.fact_performance_score.budget_wan_yuan is '预算数（万元）';
comment on column core.fact_performance_score.actual_wan_yuan is '执行数（万元）';
comment on column core.fact_performance_score.execution_rate_pct is '完成预算比例（%，文中所述）';
comment on column core.fact_performance_score.evidence is '原文证据';
comment on column core.fact_performance_score.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
