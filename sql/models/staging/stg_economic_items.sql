-- 基本支出经济分类明细（文中印出金额者）
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'economic_items')) }}") }}
select * from {{ source('lake', 'economic_items') }}
where {{ documents_not_built('doc_id') }}
