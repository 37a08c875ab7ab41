-- 绩效指标：每指标一行
create view marts.performance_indicators as
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    p.project_name,
    i.level1,
    i.level2,
    i.level3,
    i.target_text,
    i.actual_text,
    i.target_op,
    i.target_value,
    i.target_unit,
    i.target_category,
    i.actual_value,
    i.actual_unit,
    i.achieved,
    i.achieved_reason
from core.fact_performance_indicator as i
join core.dim_project as p using (project_id, doc_id)
join marts.documents as d using (doc_id);

comment on view marts.performance_indicators is '绩效指标：每指标一行，目标/实际原文与解析，是否达成（不可比为空）';
comment on column marts.performance_indicators.source_file is '源文件名';
comment on column marts.performance_indicators.fiscal_year is '决算年度';
comment on column marts.performance_indicators.department_name is '部门全称';
comment on column marts.performance_indicators.project_name is '项目名称';
comment on column marts.performance_indicators.level1 is '一级指标';
comment on column marts.performance_indicators.level2 is '二级指标';
comment on column marts.performance_indicators.level3 is '三级指标';
comment on column marts.performance_indicators.target_text is '预期指标值（原文）';
comment on column marts.performance_indicators.actual_text is '实际完成值（原文）';
comment on column marts.performance_indicators.target_op is '比较符';
comment on column marts.performance_indicators.target_value is '目标数值';
comment on column marts.performance_indicators.target_unit is '目标单位';
comment on column marts.performance_indicators.target_category is '定性目标类别';
comment on column marts.performance_indicators.actual_value is '实际数值';
comment on column marts.performance_indicators.actual_unit is '实际单位';
comment on column marts.performance_indicators.achieved is '是否达成';
comment on column marts.performance_indicators.achieved_reason is '判断依据';
