-- 指标维度
select metric_code, metric_name_zh, unit, metric_group
from {{ ref('stg_metric_definitions') }}
