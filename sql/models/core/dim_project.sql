-- 绩效项目维度
create table core.dim_project as
select
    doc_id || '-' || project_seq as project_id,
    doc_id,
    project_name,
    budget_unit,
    goal_expected,
    goal_actual
from staging.projects;

comment on table core.dim_project is '绩效项目维度：每张项目绩效目标完成情况表一个项目';
comment on column core.dim_project.project_id is '项目标识（文档+序号）';
comment on column core.dim_project.doc_id is '文档标识';
comment on column core.dim_project.project_name is '项目名称';
comment on column core.dim_project.budget_unit is '预算单位';
comment on column core.dim_project.goal_expected is '年度预期目标';
comment on column core.dim_project.goal_actual is '年度实际完成目标';
