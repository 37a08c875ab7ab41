-- 项目绩效：每项目一行
create view marts.performance_projects as
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    p.project_id,
    p.project_name,
    p.budget_unit,
    e.budget_wan_yuan,
    e.actual_wan_yuan,
    e.fiscal_budget_wan_yuan,
    e.fiscal_actual_wan_yuan,
    e.other_budget_wan_yuan,
    e.other_actual_wan_yuan,
    e.execution_rate_pct,
    p.goal_expected,
    p.goal_actual
from core.dim_project as p
join core.fact_project_execution as e using (project_id, doc_id)
join marts.documents as d using (doc_id);

comment on view marts.performance_projects is '项目绩效目标完成情况：每项目一行，含预算、执行及执行率';
comment on column marts.performance_projects.source_file is '源文件名';
comment on column marts.performance_projects.fiscal_year is '决算年度';
comment on column marts.performance_projects.department_name is '部门全称';
comment on column marts.performance_projects.project_id is '项目标识';
comment on column marts.performance_projects.project_name is '项目名称';
comment on column marts.performance_projects.budget_unit is '预算单位';
comment on column marts.performance_projects.budget_wan_yuan is '预算数（万元）';
comment on column marts.performance_projects.actual_wan_yuan is '执行数（万元）';
comment on column marts.performance_projects.fiscal_budget_wan_yuan is '财政拨款预算数（万元）';
comment on column marts.performance_projects.fiscal_actual_wan_yuan is '财政拨款执行数（万元）';
comment on column marts.performance_projects.other_budget_wan_yuan is '其它资金预算数（万元）';
comment on column marts.performance_projects.other_actual_wan_yuan is '其它资金执行数（万元）';
comment on column marts.performance_projects.execution_rate_pct is '执行率（%）';
comment on column marts.performance_projects.goal_expected is '年度预期目标';
comment on column marts.performance_projects.goal_actual is '年度实际完成';
