-- “三公”经费事实：每文档一行，每个组成部分一列（只含文中陈述的值）
select
    d.doc_id,
    max(m.value) filter (where m.metric_code = 'three_public_total') as three_public_total,
    max(m.value) filter (where m.metric_code = 'three_public_budget') as three_public_budget,
    max(m.value) filter (where m.metric_code = 'three_public_completion_rate_pct') as three_public_completion_rate_pct,
    max(m.value) filter (where m.metric_code = 'outbound_expense') as outbound_expense,
    max(m.value) filter (where m.metric_code = 'vehicle_expense') as vehicle_expense,
    max(m.value) filter (where m.metric_code = 'vehicle_purchase_expense') as vehicle_purchase_expense,
    max(m.value) filter (where m.metric_code = 'vehicle_operation_expense') as vehicle_operation_expense,
    max(m.value) filter (where m.metric_code = 'reception_expense') as reception_expense,
    max(m.value) filter (where m.metric_code = 'reception_domestic_expense') as reception_domestic_expense,
    max(m.value) filter (where m.metric_code = 'reception_foreign_expense') as reception_foreign_expense,
    max(m.value) filter (where m.metric_code = 'reception_domestic_batches')::integer as reception_domestic_batches,
    max(m.value) filter (where m.metric_code = 'reception_domestic_persons')::integer as reception_domestic_persons,
    max(m.value) filter (where m.metric_code = 'yoy_vehicle_expense_change') as yoy_vehicle_expense_change,
    max(m.value) filter (where m.metric_code = 'yoy_reception_expense_change') as yoy_reception_expense_change,
    max(m.value) filter (where m.metric_code = 'official_vehicle_count')::integer as official_vehicle_count,
    any_value(b.outbound_budget) as outbound_budget,
    any_value(b.vehicle_budget) as vehicle_budget,
    any_value(b.vehicle_purchase_budget) as vehicle_purchase_budget,
    any_value(b.vehicle_operation_budget) as vehicle_operation_budget,
    any_value(b.reception_budget) as reception_budget
from {{ ref('dim_document') }} as d
left join {{ ref('fact_metric') }} as m on m.doc_id = d.doc_id
left join (
    -- 各项预算数只印在“三公”经费支出决算表中；项目按表词表的代码认（各种印法的行键）
    select
        c.doc_id,
        max(c.value) filter (where i.item_code = 'outbound')::{{ money() }} as outbound_budget,
        max(c.value) filter (where i.item_code = 'vehicle')::{{ money() }} as vehicle_budget,
        max(c.value) filter (where i.item_code = 'vehicle_purchase')::{{ money() }} as vehicle_purchase_budget,
        max(c.value) filter (where i.item_code = 'vehicle_operation')::{{ money() }} as vehicle_operation_budget,
        max(c.value) filter (where i.item_code = 'reception')::{{ money() }} as reception_budget
    from {{ ref('fact_statement_cell') }} as c
    inner join {{ ref('stg_statement_item_definitions') }} as i
        on i.table_code = c.table_code and i.row_key = c.row_key
    where c.table_code = 'three_public' and c.column_code = 'budget'
    group by c.doc_id
) as b on b.doc_id = d.doc_id
where d.status = 'loaded'
group by d.doc_id
