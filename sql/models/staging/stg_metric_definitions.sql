-- 指标词表（metrics.yaml）
create table staging.metric_definitions as
select * from frame_metric_definitions;

comment on table staging.metric_definitions is '指标代码词表（metrics.yaml）';
comment on column staging.metric_definitions.metric_code is '指标代码';
comment on column staging.metric_definitions.metric_name_zh is '指标中文名';
comment on column staging.metric_definitions.unit is '单位：wan_yuan / pct / count';
comment on column staging.metric_definitions.metric_group is '分组：income_expense 收支 / three_public 三公 / performance 绩效';
