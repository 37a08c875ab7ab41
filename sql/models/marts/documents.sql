-- 文档清单：分析入口
select
    d.source_file,
    d.doc_id,
    s.fiscal_year,
    s.department_name,
    s.province,
    s.city,
    s.county,
    d.status,
    s.reason_code,
    r.reason_zh,
    d.quarantine_reason
from {{ ref('dim_document') }} as d
join {{ ref('stg_documents') }} as s using (doc_id, source_file)
left join {{ ref('stg_reason_definitions') }} as r using (reason_code)
