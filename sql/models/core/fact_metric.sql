-- 指标事实：每文档每代码一行，取首次陈述
{{ config(materialized='incremental', pre_hook="{{ drop_documents_gone(ref('stg_metric_statements')) }}") }}
select
    doc_id,
    metric_code,
    value,
    unit,
    source,
    section_path,
    evidence,
    evidence_start,
    evidence_end,
    page,
    (select count(*) from {{ ref('stg_metric_statements') }} as r
      where r.doc_id = s.doc_id and r.metric_code = s.metric_code) as statement_count
from {{ ref('stg_metric_statements') }} as s
where statement = 1 and {{ documents_not_built('s.doc_id') }}
