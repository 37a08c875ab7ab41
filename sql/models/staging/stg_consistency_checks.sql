-- 一致性检查的每次结果（通过、不通过、数据不足）
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'consistency_checks')) }}") }}
select * from {{ source('lake', 'consistency_checks') }}
where {{ documents_not_built('doc_id') }}
