-- 项目绩效目标完成情况表：每表一行
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'projects')) }}") }}
select * from {{ source('lake', 'projects') }}
where {{ documents_not_built('doc_id') }}
