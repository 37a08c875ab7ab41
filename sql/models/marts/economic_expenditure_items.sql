-- 基本支出经济分类明细：说明所述科目，加上基本支出决算表印出而说明未述的每个科目（类与款）
create view marts.economic_expenditure_items as
with narrative as (
    select doc_id, group_name, economic_code, item_name, amount_wan_yuan, 'narrative' as source, evidence, page
    from core.fact_economic_expenditure
),
from_table as (
    select
        c.doc_id,
        c.economic_group as group_name,
        c.row_code as economic_code,
        c.row_name as item_name,
        c.value::decimal(20, 6) as amount_wan_yuan,
        'table' as source,
        c.evidence,
        c.page
    from core.fact_statement_cell as c
    where c.economic_group is not null and c.column_code in ('final', 'personnel', 'public')
      and not exists (
          select 1 from narrative as n
          where n.doc_id = c.doc_id
            and (n.economic_code = c.row_code
                 or regexp_replace(n.item_name, '\s', '', 'g') = regexp_replace(c.row_name, '\s', '', 'g')))
)
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    e.group_name,
    e.economic_code,
    e.item_name,
    e.amount_wan_yuan,
    e.source,
    e.evidence,
    e.page
from (select * from narrative union all select * from from_table) as e
join marts.documents as d using (doc_id)
where d.status = 'loaded';

comment on view marts.economic_expenditure_items is '基本支出经济分类明细：说明印出金额的科目，及一般公共预算财政拨款基本支出决算表印出而说明未述的每个科目（类、款各一行，同一科目只计一次）';
comment on column marts.economic_expenditure_items.source_file is '源文件名';
comment on column marts.economic_expenditure_items.fiscal_year is '决算年度';
comment on column marts.economic_expenditure_items.department_name is '部门全称';
comment on column marts.economic_expenditure_items.group_name is '人员经费 / 公用经费';
comment on column marts.economic_expenditure_items.economic_code is '经济分类代码';
comment on column marts.economic_expenditure_items.item_name is '科目名称（原文）';
comment on column marts.economic_expenditure_items.amount_wan_yuan is '金额（万元）';
comment on column marts.economic_expenditure_items.source is '来源：narrative 决算情况说明 / table 基本支出决算表';
comment on column marts.economic_expenditure_items.evidence is '原文证据';
comment on column marts.economic_expenditure_items.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
