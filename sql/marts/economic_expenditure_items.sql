-- 基本支出经济分类明细
create view marts.economic_expenditure_items as
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    e.group_name,
    e.economic_code,
    e.item_name,
    e.amount_wan_yuan,
    e.evidence
from core.fact_economic_expenditure as e
join marts.documents as d using (doc_id);

comment on view marts.economic_expenditure_items is '基本支出经济分类明细（文中印出金额的科目）';
comment on column marts.economic_expenditure_items.source_file is '源文件名';
comment on column marts.economic_expenditure_items.fiscal_year is '决算年度';
comment on column marts.economic_expenditure_items.department_name is '部门全称';
comment on column marts.economic_expenditure_items.group_name is '人员经费 / 公用经费';
comment on column marts.economic_expenditure_items.economic_code is '经济分类代码';
comment on column marts.economic_expenditure_items.item_name is '科目名称（原文）';
comment on column marts.economic_expenditure_items.amount_wan_yuan is '金额（万元）';
comment on column marts.economic_expenditure_items.evidence is '原文证据';
