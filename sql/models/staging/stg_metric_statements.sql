-- 指标的每一次陈述（含重复陈述），带原文证据
select * from {{ source('lake', 'metric_statements') }}
