-- 指标维度
create table core.dim_metric as
select metric_code, metric_name_zh, unit, metric_group
from staging.metric_definitions;

comment on table core.dim_metric is '指标维度（metrics.yaml 代码）';
comment on column core.dim_metric.metric_code is '指标代码';
comment on column core.dim_metric.metric_name_zh is '指标中文名';
comment on column core.dim_metric.unit is '单位';
comment on column core.dim_metric.metric_group is '分组';
