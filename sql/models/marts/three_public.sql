-- “三公”经费：每文档一行，仪表板可直接读取
with base as (
    select d.source_file, d.doc_id, d.fiscal_year, d.department_name, d.province, d.city, d.county, t.*
    from {{ ref('fact_three_public') }} as t
    join {{ ref('documents') }} as d using (doc_id)
),
final as (
    select
        -- 文档与部门
        source_file, fiscal_year, department_name, province, city, county,
        -- 陈述值（万元）
        three_public_total, three_public_budget, three_public_completion_rate_pct,
        outbound_expense, vehicle_expense, vehicle_purchase_expense, vehicle_operation_expense,
        reception_expense, reception_domestic_expense, reception_foreign_expense,
        reception_domestic_batches, reception_domestic_persons,
        yoy_vehicle_expense_change, yoy_reception_expense_change, official_vehicle_count,
        -- 各项预算数（“三公”经费支出决算表）
        outbound_budget, vehicle_budget, vehicle_purchase_budget, vehicle_operation_budget, reception_budget,
        -- 由陈述值推算
        vehicle_expense - yoy_vehicle_expense_change as vehicle_expense_previous_year,
        reception_expense - yoy_reception_expense_change as reception_expense_previous_year,
        case when three_public_budget > 0
             then {{ exact_ratio('three_public_total', 'three_public_budget', 2, factor=100) }} end as completion_rate_recomputed_pct,
        case when reception_domestic_batches > 0
             then {{ exact_ratio('reception_domestic_expense', 'reception_domestic_batches', 2, factor=10000) }} end as reception_yuan_per_batch,
        case when reception_domestic_persons > 0
             then {{ exact_ratio('reception_domestic_expense', 'reception_domestic_persons', 2, factor=10000) }} end as reception_yuan_per_person,
        case when reception_domestic_batches > 0
             then {{ exact_ratio('reception_domestic_persons', 'reception_domestic_batches', 2) }} end as reception_persons_per_batch,
        case when official_vehicle_count > 0
             then {{ exact_ratio('vehicle_operation_expense', 'official_vehicle_count', 4, type=money()) }} end as vehicle_operation_per_vehicle_wan_yuan
    from base
)
select * from final
