-- 部门决算公开表的每个印出单元格，带原文证据
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'statement_cells')) }}") }}
select * from {{ source('lake', 'statement_cells') }}
where {{ documents_not_built('doc_id') }}
