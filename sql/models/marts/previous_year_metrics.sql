-- 由“较上年增减额”推算的上年数（推算值，与陈述值分开）
create view marts.previous_year_metrics as
with changes as (
    select doc_id, metric_code as change_code, value as change_value
    from core.fact_metric
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
    join core.fact_metric as cur on cur.doc_id = c.doc_id and cur.metric_code = p.metric_code
    join marts.documents as d on d.doc_id = c.doc_id
)
select * from final;

comment on view marts.previous_year_metrics is '上年数推算：本年陈述值 − 陈述的较上年增减额（推算值，非文中陈述）';
comment on column marts.previous_year_metrics.source_file is '源文件名';
comment on column marts.previous_year_metrics.doc_id is '文档标识';
comment on column marts.previous_year_metrics.previous_fiscal_year is '上年年度';
comment on column marts.previous_year_metrics.department_name is '部门全称';
comment on column marts.previous_year_metrics.metric_code is '指标代码';
comment on column marts.previous_year_metrics.current_value is '本年陈述值（万元）';
comment on column marts.previous_year_metrics.stated_change is '陈述的增减额（万元）';
comment on column marts.previous_year_metrics.derived_previous_value is '推算的上年值（万元）';
