-- 一般公共预算财政拨款支出（功能分类项）事实
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_gpb_items')) }}") }}
select
    doc_id,
    row_number,
    subject_code,
    class_code,
    class_name,
    section_code,
    section_name,
    item_code,
    item_name,
    amount_wan_yuan,
    completion_rate_pct,
    budget_wan_yuan,
    evidence,
    evidence_start,
    evidence_end,
    page
from {{ ref('stg_gpb_items') }}
where {{ documents_not_built('doc_id') }}
