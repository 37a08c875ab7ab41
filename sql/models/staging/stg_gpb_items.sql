-- 一般公共预算财政拨款支出决算具体情况：每个功能分类项一行
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'gpb_items')) }}") }}
select * from {{ source('lake', 'gpb_items') }}
where {{ documents_not_built('doc_id') }}
