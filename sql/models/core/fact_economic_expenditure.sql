-- 基本支出经济分类事实
create table core.fact_economic_expenditure as
select
    doc_id,
    row_number,
    group_name,
    economic_code,
    item_name,
    amount_wan_yuan,
    evidence,
    evidence_start,
    evidence_end,
    page
from staging.economic_items;

comment on table core.fact_economic_expenditure is '基本支出经济分类明细：每科目一行（文中印出金额者）';
comment on column core.fact_economic_expenditure.doc_id is '文档标识';
comment on column core.fact_economic_expenditure.row_number is '文中顺序';
comment on column core.fact_economic_expenditure.group_name is '人员经费 / 公用经费';
comment on column core.fact_economic_expenditure.economic_code is '经济分类代码';
comment on column core.fact_economic_expenditure.item_name is '科目名称（原文）';
comment on column core.fact_economic_expenditure.amount_wan_yuan is '金额（万元）';
comment on column core.fact_economic_expenditure.evidence is '原文证据';
comment on column core.fact_economic_expenditure.evidence_start is '证据起始字符位置';
comment on column core.fact_economic_expenditure.evidence_end is '证据结束字符位置';
comment on column core.fact_economic_expenditure.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
