-- 一般公共预算财政拨款支出功能分类明细：说明所列各项，附表中的基本/项目支出；说明未列项时取表中各项
with table_rows as (
    select
        doc_id,
        row_code,
        min(row_number) as row_number,
        min(row_name) as row_name,
        max(value) filter (where column_code = 'total') as total,
        max(value) filter (where column_code = 'basic') as basic,
        max(value) filter (where column_code = 'project') as project,
        min(evidence) as evidence,
        min(page) as page
    from {{ ref('fact_statement_cell') }}
    where table_code = 'gpb_expense' and row_code is not null
    group by doc_id, row_code
),
narrative as (
    select
        doc_id,
        row_number,
        coalesce(class_code, left(subject_code, 3)) as class_code,
        class_name,
        coalesce(section_code, substr(subject_code, 4, 2)) as section_code,
        section_name,
        coalesce(item_code, substr(subject_code, 6, 2)) as item_code,
        item_name,
        subject_code,
        amount_wan_yuan,
        completion_rate_pct,
        budget_wan_yuan,
        evidence,
        page,
        'narrative' as source
    from {{ ref('fact_gpb_expenditure') }}
),
from_table as (
    -- 说明未列具体项的文档：一般公共预算财政拨款支出决算表的每个项行
    select
        i.doc_id,
        i.row_number,
        left(i.row_code, 3) as class_code,
        c.row_name as class_name,
        substr(i.row_code, 4, 2) as section_code,
        s.row_name as section_name,
        substr(i.row_code, 6, 2) as item_code,
        i.row_name as item_name,
        i.row_code as subject_code,
        i.total::{{ money() }} as amount_wan_yuan,
        null::{{ money() }} as completion_rate_pct,
        null::{{ money() }} as budget_wan_yuan,
        i.evidence,
        i.page,
        'table' as source
    from table_rows as i
    left join table_rows as c on c.doc_id = i.doc_id and c.row_code = left(i.row_code, 3)
    left join table_rows as s on s.doc_id = i.doc_id and s.row_code = left(i.row_code, 5)
    where length(i.row_code) = 7 and i.total is not null
      and i.doc_id not in (select doc_id from {{ ref('fact_gpb_expenditure') }})
),
items as (
    select * from narrative
    union all
    select * from from_table
)
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    g.class_code,
    g.class_name,
    g.section_code,
    g.section_name,
    g.item_code,
    g.item_name,
    g.subject_code,
    g.amount_wan_yuan,
    g.completion_rate_pct,
    g.budget_wan_yuan,
    t.basic::{{ money() }} as basic_wan_yuan,
    t.project::{{ money() }} as project_wan_yuan,
    g.source,
    g.evidence,
    g.page
from items as g
join {{ ref('documents') }} as d using (doc_id)
left join table_rows as t
       on t.doc_id = g.doc_id and t.row_code = coalesce(g.subject_code, g.class_code || g.section_code || g.item_code)
where d.status = 'loaded'
