-- 支出功能分类维度：类 → 款 → 项。参考表之外，文中印出代码的科目也补入（来源 document）
create table core.dim_function_subject as
with reference as (
    select code, name, level, parent_code, 'reference' as source
    from staging.function_subjects
),
printed as (
    -- 文中（说明或功能分类表）印出完整 类/款/项 代码、而参考表没有的项
    select distinct on (code)
        code,
        name,
        3 as level,
        left(code, 5) as parent_code,
        'document' as source
    from (
        select class_code || section_code || item_code as code, item_name as name, source_file
        from staging.gpb_items
        where class_code is not null and section_code is not null and item_code is not null
        union all
        select row_code, row_name, source_file
        from staging.statement_cells
        where table_code in ('income', 'expense', 'gpb_expense', 'gpb_project') and length(row_code) = 7
    )
    where code not in (select code from reference)
    order by code, source_file
),
final as (
    select * from reference
    union all
    select * from printed
)
select
    code as subject_code,
    name as subject_name,
    level,
    parent_code,
    case level when 1 then '类' when 2 then '款' else '项' end as level_name,
    left(code, 3) as class_code,
    source
from final;

comment on table core.dim_function_subject is '支出功能分类科目维度，层级 类→款→项 由 parent_code 相连；参考表之外补入文中印出代码的项';
comment on column core.dim_function_subject.subject_code is '科目代码';
comment on column core.dim_function_subject.subject_name is '科目名称';
comment on column core.dim_function_subject.level is '级次 1/2/3';
comment on column core.dim_function_subject.parent_code is '上级科目代码';
comment on column core.dim_function_subject.level_name is '级次名称：类/款/项';
comment on column core.dim_function_subject.class_code is '所属类代码';
comment on column core.dim_function_subject.source is '来源：reference 参考表 / document 文中印出';
