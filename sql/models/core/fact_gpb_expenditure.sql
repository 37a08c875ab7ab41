-- 一般公共预算财政拨款支出（功能分类项）事实
create table core.fact_gpb_expenditure as
select
    doc_id,
    row_number,
    subject_code,
    class_code,
    class_name,
    section_code,
    section_name,
    item_code,
    item_name,
    amount_wan_yuan,
    completion_rate_pct,
    budget_wan_yuan,
    evidence,
    evidence_start,
    evidence_end,
    page
from staging.gpb_items;

comment on table core.fact_gpb_expenditure is '一般公共预算财政拨款支出决算具体情况：每个功能分类项一行';
comment on column core.fact_gpb_expenditure.doc_id is '文档标识';
comment on column core.fact_gpb_expenditure.row_number is '文中顺序';
comment on column core.fact_gpb_expenditure.subject_code is '功能分类7位代码（参考表匹配；无匹配为空）';
comment on column core.fact_gpb_expenditure.class_code is '类代码（文中所印）';
comment on column core.fact_gpb_expenditure.class_name is '类名称（文中所印）';
comment on column core.fact_gpb_expenditure.section_code is '款代码（文中所印）';
comment on column core.fact_gpb_expenditure.section_name is '款名称（文中所印）';
comment on column core.fact_gpb_expenditure.item_code is '项代码（文中所印）';
comment on column core.fact_gpb_expenditure.item_name is '项名称（文中所印）';
comment on column core.fact_gpb_expenditure.amount_wan_yuan is '支出决算（万元）';
comment on column core.fact_gpb_expenditure.completion_rate_pct is '完成预算比例（%）';
comment on column core.fact_gpb_expenditure.budget_wan_yuan is '全年预算（万元）';
comment on column core.fact_gpb_expenditure.evidence is '原文证据';
comment on column core.fact_gpb_expenditure.evidence_start is '证据起始字符位置';
comment on column core.fact_gpb_expenditure.evidence_end is '证据结束字符位置';
comment on column core.fact_gpb_expenditure.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
