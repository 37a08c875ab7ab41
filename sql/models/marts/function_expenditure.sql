-- 功能分类执行表：收入决算表、支出决算表、一般公共预算财政拨款支出决算表的每个功能分类行，各列展开
create view marts.function_expenditure as
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
    from core.fact_statement_cell as c
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
join marts.documents as d using (doc_id)
join core.dim_statement_table as t using (table_code)
left join core.dim_function_subject as s on s.subject_code = r.row_code
where d.status = 'loaded';

comment on view marts.function_expenditure is '功能分类执行表：收入/支出/一般公共预算财政拨款支出决算表的每个功能分类行（类、款、项），各列一栏（万元，未印为空）';
comment on column marts.function_expenditure.source_file is '源文件名';
comment on column marts.function_expenditure.fiscal_year is '决算年度';
comment on column marts.function_expenditure.department_name is '部门全称';
comment on column marts.function_expenditure.table_code is '表代码：income 收入决算表 / expense 支出决算表 / gpb_expense 一般公共预算财政拨款支出决算表';
comment on column marts.function_expenditure.table_name_zh is '表的标准中文名';
comment on column marts.function_expenditure.row_number is '行在表中的顺序';
comment on column marts.function_expenditure.class_code is '类代码';
comment on column marts.function_expenditure.section_code is '款代码（类行为空）';
comment on column marts.function_expenditure.item_code is '项代码（类、款行为空）';
comment on column marts.function_expenditure.level_name is '级次：类 / 款 / 项';
comment on column marts.function_expenditure.subject_code is '功能分类代码（3/5/7位）';
comment on column marts.function_expenditure.subject_name is '科目名称（科目维度；维度中没有时为表中所印）';
comment on column marts.function_expenditure.row_name is '行名称（表中所印）';
comment on column marts.function_expenditure.total is '合计（本年收入合计 / 本年支出合计，万元）';
comment on column marts.function_expenditure.fiscal is '财政拨款收入（万元）';
comment on column marts.function_expenditure.superior_subsidy is '上级补助收入（万元）';
comment on column marts.function_expenditure.business is '事业收入（万元）';
comment on column marts.function_expenditure.operating is '经营收入 / 经营支出（万元）';
comment on column marts.function_expenditure.subordinate_remit is '附属单位上缴收入（万元）';
comment on column marts.function_expenditure.other_income is '其他收入（万元）';
comment on column marts.function_expenditure.basic is '基本支出（万元）';
comment on column marts.function_expenditure.project is '项目支出（万元）';
comment on column marts.function_expenditure.remit_superior is '上缴上级支出（万元）';
comment on column marts.function_expenditure.subsidy_subordinate is '对附属单位补助支出（万元）';
comment on column marts.function_expenditure.budget_initial is '年初预算数（万元）';
comment on column marts.function_expenditure.budget_adjusted is '调整预算数 / 全年预算数（万元）';
