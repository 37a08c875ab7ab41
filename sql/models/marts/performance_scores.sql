-- 绩效自评得分与项目执行综述
create view marts.performance_scores as
select d.source_file, d.fiscal_year, d.department_name, s.subject, s.score,
       s.budget_wan_yuan, s.actual_wan_yuan, s.execution_rate_pct, s.evidence, s.page
from core.fact_performance_score as s
join marts.documents as d using (doc_id);

comment on view marts.performance_scores is '绩效自评得分与项目完成情况综述';
comment on column marts.performance_scores.source_file is '源文件名';
comment on column marts.performance_scores.fiscal_year is '决算年度';
comment on column marts.performance_scores.department_name is '部门全称';
comment on column marts.performance_scores.subject is '评价对象';
comment on column marts.performance_scores.score is '自评得分';
comment on column marts.performance_scores.budget_wan_yuan is '预算数（万元）';
comment on column marts.performance_scores.actual_wan_yuan is '执行数（万元）';
comment on column marts.performance_scores.execution_rate_pct is '完成预算比例（%）';
comment on column marts.performance_scores.evidence is '原文证据';
comment on column marts.performance_scores.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
