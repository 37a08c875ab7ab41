-- 项目预算执行事实
create table core.fact_project_execution as
select
    doc_id || '-' || project_seq as project_id,
    doc_id,
    budget_wan_yuan,
    actual_wan_yuan,
    fiscal_budget_wan_yuan,
    fiscal_actual_wan_yuan,
    other_budget_wan_yuan,
    other_actual_wan_yuan,
    case when budget_wan_yuan > 0
         then round(actual_wan_yuan / budget_wan_yuan * 100, 2)::decimal(18, 2) end as execution_rate_pct,
    evidence_start,
    evidence_end,
    page
from staging.projects;

comment on table core.fact_project_execution is '项目预算执行：每项目一行（金额万元，空单元格为空）';
comment on column core.fact_project_execution.project_id is '项目标识';
comment on column core.fact_project_execution.doc_id is '文档标识';
comment on column core.fact_project_execution.budget_wan_yuan is '预算数';
comment on column core.fact_project_execution.actual_wan_yuan is '执行数';
comment on column core.fact_project_execution.fiscal_budget_wan_yuan is '财政拨款预算数';
comment on column core.fact_project_execution.fiscal_actual_wan_yuan is '财政拨款执行数';
comment on column core.fact_project_execution.other_budget_wan_yuan is '其它资金预算数';
comment on column core.fact_project_execution.other_actual_wan_yuan is '其它资金执行数';
comment on column core.fact_project_execution.execution_rate_pct is '执行率（执行数/预算数，%）';
comment on column core.fact_project_execution.evidence_start is '表格在原文中的起始字符位置';
comment on column core.fact_project_execution.evidence_end is '表格在原文中的结束字符位置';
comment on column core.fact_project_execution.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
