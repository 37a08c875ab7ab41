-- 项目绩效目标完成情况表：每表一行
create table staging.projects as
select * from frame_projects;

comment on table staging.projects is '项目（支出）绩效目标完成情况表：每张表一行';
comment on column staging.projects.doc_id is '文档标识';
comment on column staging.projects.source_file is '源文件名';
comment on column staging.projects.project_seq is '文中第几张表';
comment on column staging.projects.project_name is '项目名称';
comment on column staging.projects.budget_unit is '预算单位';
comment on column staging.projects.budget_wan_yuan is '预算数（万元）';
comment on column staging.projects.actual_wan_yuan is '执行数（万元）';
comment on column staging.projects.fiscal_budget_wan_yuan is '其中财政拨款预算数（万元）';
comment on column staging.projects.fiscal_actual_wan_yuan is '其中财政拨款执行数（万元）';
comment on column staging.projects.other_budget_wan_yuan is '其它资金预算数（万元）';
comment on column staging.projects.other_actual_wan_yuan is '其它资金执行数（万元）';
comment on column staging.projects.goal_expected is '年度预期目标';
comment on column staging.projects.goal_actual is '年度实际完成目标';
comment on column staging.projects.section_path is '所在章节路径';
comment on column staging.projects.evidence is '原文证据（表格文本）';
comment on column staging.projects.evidence_start is '证据起始字符位置';
comment on column staging.projects.evidence_end is '证据结束字符位置';
comment on column staging.projects.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
