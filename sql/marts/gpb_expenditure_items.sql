-- 一般公共预算财政拨款支出功能分类明细
create view marts.gpb_expenditure_items as
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    coalesce(g.class_code, left(g.subject_code, 3)) as class_code,
    g.class_name,
    coalesce(g.section_code, substr(g.subject_code, 4, 2)) as section_code,
    g.section_name,
    coalesce(g.item_code, substr(g.subject_code, 6, 2)) as item_code,
    g.item_name,
    g.subject_code,
    g.amount_wan_yuan,
    g.completion_rate_pct,
    g.budget_wan_yuan,
    g.evidence
from core.fact_gpb_expenditure as g
join marts.documents as d using (doc_id);

comment on view marts.gpb_expenditure_items is '一般公共预算财政拨款支出决算具体情况：每个功能分类项一行；代码为文中所印或参考表匹配';
comment on column marts.gpb_expenditure_items.source_file is '源文件名';
comment on column marts.gpb_expenditure_items.fiscal_year is '决算年度';
comment on column marts.gpb_expenditure_items.department_name is '部门全称';
comment on column marts.gpb_expenditure_items.class_code is '类代码';
comment on column marts.gpb_expenditure_items.class_name is '类名称（原文）';
comment on column marts.gpb_expenditure_items.section_code is '款代码';
comment on column marts.gpb_expenditure_items.section_name is '款名称（原文）';
comment on column marts.gpb_expenditure_items.item_code is '项代码';
comment on column marts.gpb_expenditure_items.item_name is '项名称（原文）';
comment on column marts.gpb_expenditure_items.subject_code is '7位功能分类代码';
comment on column marts.gpb_expenditure_items.amount_wan_yuan is '支出决算（万元）';
comment on column marts.gpb_expenditure_items.completion_rate_pct is '完成预算比例（%）';
comment on column marts.gpb_expenditure_items.budget_wan_yuan is '全年预算（万元）';
comment on column marts.gpb_expenditure_items.evidence is '原文证据';
