-- 绩效自评得分与项目执行综述
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'performance_scores')) }}") }}
select * from {{ source('lake', 'performance_scores') }}
where {{ documents_not_built('doc_id') }}
