-- 基本支出经济分类事实
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_economic_items')) }}") }}
select
    doc_id,
    row_number,
    group_name,
    economic_code,
    item_name,
    amount_wan_yuan,
    evidence,
    evidence_start,
    evidence_end,
    page
from {{ ref('stg_economic_items') }}
where {{ documents_not_built('doc_id') }}
