-- 功能分类执行表：收入决算表、支出决算表、一般公共预算财政拨款支出决算表的每个功能分类行，各列展开
with rows as (
    select
        c.doc_id,
        c.table_code,
        c.row_code,
        min(c.row_number) as row_number,
        min(c.row_name) as row_name,
        max(c.value) filter (where c.column_code = 'total') as total,
        max(c.value) filter (where c.column_code = 'fiscal') as fiscal,
        max(c.value) filter (where c.column_code = 'superior_subsidy') as superior_subsidy,
        max(c.value) filter (where c.column_code = 'business') as business,
        max(c.value) filter (where c.column_code = 'operating') as operating,
        max(c.value) filter (where c.column_code = 'subordinate_remit') as subordinate_remit,
        max(c.value) filter (where c.column_code = 'other_income') as other_income,
        max(c.value) filter (where c.column_code = 'basic') as basic,
        max(c.value) filter (where c.column_code = 'project') as project,
        max(c.value) filter (where c.column_code = 'remit_superior') as remit_superior,
        max(c.value) filter (where c.column_code = 'subsidy_subordinate') as subsidy_subordinate,
        max(c.value) filter (where c.column_code = 'budget_initial') as budget_initial,
        max(c.value) filter (where c.column_code = 'budget_adjusted') as budget_adjusted
    from {{ ref('fact_statement_cell') }} as c
    where c.table_code in ('income', 'expense', 'gpb_expense') and c.row_code is not null
    group by c.doc_id, c.table_code, c.row_code
)
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    r.table_code,
    t.table_name_zh,
    r.row_number,
    left(r.row_code, 3) as class_code,
    nullif(substr(r.row_code, 4, 2), '') as section_code,
    nullif(substr(r.row_code, 6, 2), '') as item_code,
    case length(r.row_code) when 3 then '类' when 5 then '款' else '项' end as level_name,
    r.row_code as subject_code,
    coalesce(s.subject_name, r.row_name) as subject_name,
    r.row_name,
    r.total, r.fiscal, r.superior_subsidy, r.business, r.operating, r.subordinate_remit, r.other_income,
    r.basic, r.project, r.remit_superior, r.subsidy_subordinate, r.budget_initial, r.budget_adjusted
from rows as r
join {{ ref('documents') }} as d using (doc_id)
join {{ ref('dim_statement_table') }} as t using (table_code)
left join {{ ref('dim_function_subject') }} as s on s.subject_code = r.row_code
where d.status = 'loaded'
