-- 支出功能分类维度：类 → 款 → 项。参考表之外，文中印出代码的科目也补入（来源 document）
with reference as (
    select code, name, level, parent_code, 'reference' as source
    from {{ ref('stg_function_subjects') }}
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
        from {{ ref('stg_gpb_items') }}
        where class_code is not null and section_code is not null and item_code is not null
        union all
        select row_code, row_name, source_file
        from {{ ref('stg_statement_cells') }}
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
from final
