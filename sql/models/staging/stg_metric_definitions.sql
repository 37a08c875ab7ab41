-- 指标词表（metrics.yaml）
select * from {{ source('lake', 'metric_definitions') }}
