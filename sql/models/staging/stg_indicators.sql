-- 绩效指标：每行一个指标
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'indicators')) }}") }}
select * from {{ source('lake', 'indicators') }}
where {{ documents_not_built('doc_id') }}
