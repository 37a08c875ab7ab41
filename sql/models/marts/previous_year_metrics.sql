-- 由“较上年增减额”推算的上年数（推算值，与陈述值分开）
with changes as (
    select doc_id, metric_code as change_code, value as change_value
    from {{ ref('fact_metric') }}
    where metric_code like 'yoy_%' and unit = 'wan_yuan'
),
pairs as (
    select * from (values
        ('yoy_grand_total_change', 'income_grand_total'),
        ('yoy_gpb_expense_change', 'gpb_expense'),
        ('yoy_vehicle_expense_change', 'vehicle_expense'),
        ('yoy_reception_expense_change', 'reception_expense')
    ) as p(change_code, metric_code)
),
final as (
    select
        d.source_file,
        d.doc_id,
        d.fiscal_year - 1 as previous_fiscal_year,
        d.department_name,
        p.metric_code,
        cur.value as current_value,
        c.change_value as stated_change,
        cur.value - c.change_value as derived_previous_value
    from changes as c
    join pairs as p using (change_code)
    join {{ ref('fact_metric') }} as cur on cur.doc_id = c.doc_id and cur.metric_code = p.metric_code
    join {{ ref('documents') }} as d on d.doc_id = c.doc_id
)
select * from final
