-- 列无法确定而搁置的数字：不猜列，附原因
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(source('lake', 'set_aside_cells')) }}") }}
select * from {{ source('lake', 'set_aside_cells') }}
where {{ documents_not_built('doc_id') }}
