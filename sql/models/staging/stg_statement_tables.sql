-- 部门决算公开表：文中找到的每张标准表（有数据、印为空表或目录列出而缺失）
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'statement_tables')) }}") }}
select * from {{ source('lake', 'statement_tables') }}
where {{ documents_not_built('doc_id') }}
