-- 基本支出经济分类明细：说明所述科目，加上基本支出决算表印出而说明未述的每个科目（类与款）
with narrative as (
    select doc_id, group_name, economic_code, item_name, amount_wan_yuan, 'narrative' as source, evidence, page
    from {{ ref('fact_economic_expenditure') }}
),
from_table as (
    select
        c.doc_id,
        c.economic_group as group_name,
        c.row_code as economic_code,
        c.row_name as item_name,
        c.value::{{ money() }} as amount_wan_yuan,
        'table' as source,
        c.evidence,
        c.page
    from {{ ref('fact_statement_cell') }} as c
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
join {{ ref('documents') }} as d using (doc_id)
where d.status = 'loaded'
