-- 指标的每一次陈述（含重复陈述），带原文证据
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'metric_statements')) }}") }}
select * from {{ source('lake', 'metric_statements') }}
where {{ documents_not_built('doc_id') }}
