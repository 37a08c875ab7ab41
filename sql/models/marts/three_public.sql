-- “三公”经费：每文档一行，仪表板可直接读取
create view marts.three_public as
with base as (
    select d.source_file, d.doc_id, d.fiscal_year, d.department_name, d.province, d.city, d.county, t.*
    from core.fact_three_public as t
    join marts.documents as d using (doc_id)
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
             then round(three_public_total / three_public_budget * 100, 2)::decimal(18, 2) end as completion_rate_recomputed_pct,
        case when reception_domestic_batches > 0
             then round(reception_domestic_expense * 10000 / reception_domestic_batches, 2)::decimal(18, 2) end as reception_yuan_per_batch,
        case when reception_domestic_persons > 0
             then round(reception_domestic_expense * 10000 / reception_domestic_persons, 2)::decimal(18, 2) end as reception_yuan_per_person,
        case when reception_domestic_batches > 0
             then round(reception_domestic_persons / reception_domestic_batches, 2)::decimal(18, 2) end as reception_persons_per_batch,
        case when official_vehicle_count > 0
             then round(vehicle_operation_expense / official_vehicle_count, 4)::decimal(20, 6) end as vehicle_operation_per_vehicle_wan_yuan
    from base
)
select * from final;

comment on view marts.three_public is '“三公”经费：每文档一行，含各组成、预算与完成率、由增减额推算的上年数及人均/批均成本';
comment on column marts.three_public.source_file is '源文件名';
comment on column marts.three_public.fiscal_year is '决算年度';
comment on column marts.three_public.department_name is '部门全称';
comment on column marts.three_public.province is '省';
comment on column marts.three_public.city is '市';
comment on column marts.three_public.county is '县（区）';
comment on column marts.three_public.three_public_total is '“三公”经费财政拨款支出决算（万元）';
comment on column marts.three_public.three_public_budget is '“三公”经费预算（万元）';
comment on column marts.three_public.three_public_completion_rate_pct is '完成预算比例（%，文中所述）';
comment on column marts.three_public.outbound_expense is '因公出国（境）费（万元）';
comment on column marts.three_public.vehicle_expense is '公务用车购置及运行维护费（万元）';
comment on column marts.three_public.vehicle_purchase_expense is '公务用车购置费（万元）';
comment on column marts.three_public.vehicle_operation_expense is '公务用车运行维护费（万元）';
comment on column marts.three_public.reception_expense is '公务接待费（万元）';
comment on column marts.three_public.reception_domestic_expense is '国内公务接待费（万元）';
comment on column marts.three_public.reception_foreign_expense is '外事接待费（万元）';
comment on column marts.three_public.reception_domestic_batches is '国内公务接待批次';
comment on column marts.three_public.reception_domestic_persons is '国内公务接待人次';
comment on column marts.three_public.yoy_vehicle_expense_change is '公务用车费较上年增减额（万元）';
comment on column marts.three_public.yoy_reception_expense_change is '公务接待费较上年增减额（万元）';
comment on column marts.three_public.official_vehicle_count is '年末公务用车保有量（辆）';
comment on column marts.three_public.outbound_budget is '因公出国（境）费预算数（万元，表中所印）';
comment on column marts.three_public.vehicle_budget is '公务用车购置及运行维护费预算数（万元，表中所印）';
comment on column marts.three_public.vehicle_purchase_budget is '公务用车购置费预算数（万元，表中所印）';
comment on column marts.three_public.vehicle_operation_budget is '公务用车运行维护费预算数（万元，表中所印）';
comment on column marts.three_public.reception_budget is '公务接待费预算数（万元，表中所印）';
comment on column marts.three_public.vehicle_expense_previous_year is '上年公务用车费（推算，万元）';
comment on column marts.three_public.reception_expense_previous_year is '上年公务接待费（推算，万元）';
comment on column marts.three_public.completion_rate_recomputed_pct is '完成预算比例（按决算/预算重算，%）';
comment on column marts.three_public.reception_yuan_per_batch is '国内接待每批次费用（元）';
comment on column marts.three_public.reception_yuan_per_person is '国内接待每人次费用（元）';
comment on column marts.three_public.reception_persons_per_batch is '国内接待每批次人次';
comment on column marts.three_public.vehicle_operation_per_vehicle_wan_yuan is '每辆公务用车运行维护费（万元）';
