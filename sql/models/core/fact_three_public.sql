-- “三公”经费事实：每文档一行，每个组成部分一列（只含文中陈述的值）
create table core.fact_three_public as
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
from core.dim_document as d
left join core.fact_metric as m on m.doc_id = d.doc_id
left join (
    -- 各项预算数只印在“三公”经费支出决算表中（row_key 合并了项名称的不同印法）
    select
        doc_id,
        max(value) filter (where row_key = '因公出国（境）费')::decimal(20, 6) as outbound_budget,
        max(value) filter (where row_key = '公务用车购置及运行费')::decimal(20, 6) as vehicle_budget,
        max(value) filter (where row_key = '公务用车购置费')::decimal(20, 6) as vehicle_purchase_budget,
        max(value) filter (where row_key = '公务用车运行费')::decimal(20, 6) as vehicle_operation_budget,
        max(value) filter (where row_key = '公务接待费')::decimal(20, 6) as reception_budget
    from core.fact_statement_cell
    where table_code = 'three_public' and column_code = 'budget'
    group by doc_id
) as b on b.doc_id = d.doc_id
where d.status = 'loaded'
group by d.doc_id;

comment on table core.fact_three_public is '“三公”经费事实：每文档一行（金额万元，未陈述为空；说明未述而表中印出的决算数取自表，各项预算数取自表）';
comment on column core.fact_three_public.doc_id is '文档标识';
comment on column core.fact_three_public.three_public_total is '“三公”经费财政拨款支出决算（万元）';
comment on column core.fact_three_public.three_public_budget is '“三公”经费预算（万元）';
comment on column core.fact_three_public.three_public_completion_rate_pct is '“三公”经费完成预算比例（%，文中所述）';
comment on column core.fact_three_public.outbound_expense is '因公出国（境）费（万元）';
comment on column core.fact_three_public.vehicle_expense is '公务用车购置及运行维护费（万元）';
comment on column core.fact_three_public.vehicle_purchase_expense is '公务用车购置费（万元）';
comment on column core.fact_three_public.vehicle_operation_expense is '公务用车运行维护费（万元）';
comment on column core.fact_three_public.reception_expense is '公务接待费（万元）';
comment on column core.fact_three_public.reception_domestic_expense is '国内公务接待费（万元）';
comment on column core.fact_three_public.reception_foreign_expense is '外事接待费（万元）';
comment on column core.fact_three_public.reception_domestic_batches is '国内公务接待批次';
comment on column core.fact_three_public.reception_domestic_persons is '国内公务接待人次';
comment on column core.fact_three_public.yoy_vehicle_expense_change is '公务用车费较上年增减额（万元）';
comment on column core.fact_three_public.yoy_reception_expense_change is '公务接待费较上年增减额（万元）';
comment on column core.fact_three_public.official_vehicle_count is '年末公务用车保有量（辆）';
comment on column core.fact_three_public.outbound_budget is '因公出国（境）费预算数（万元，“三公”经费支出决算表）';
comment on column core.fact_three_public.vehicle_budget is '公务用车购置及运行维护费预算数（万元，“三公”经费支出决算表）';
comment on column core.fact_three_public.vehicle_purchase_budget is '公务用车购置费预算数（万元，“三公”经费支出决算表）';
comment on column core.fact_three_public.vehicle_operation_budget is '公务用车运行维护费预算数（万元，“三公”经费支出决算表）';
comment on column core.fact_three_public.reception_budget is '公务接待费预算数（万元，“三公”经费支出决算表）';
