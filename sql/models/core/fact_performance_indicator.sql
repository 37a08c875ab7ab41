-- 绩效指标事实
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_indicators')) }}") }}
select
    doc_id || '-' || project_seq as project_id,
    doc_id,
    row_number,
    level1,
    level2,
    level3,
    target_text,
    actual_text,
    target_op,
    target_value,
    target_unit,
    target_category,
    actual_value,
    actual_unit,
    achieved,
    achieved_reason,
    evidence,
    evidence_start,
    evidence_end,
    page
from {{ ref('stg_indicators') }}
where {{ documents_not_built('doc_id') }}
