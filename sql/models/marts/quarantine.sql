-- 隔离清单：无法读取的文档、未通过校验的记录与搁置的表格数字，各附原因代码、中文原因与详情
with reasons as (
    select source_file, 'document' as kind, reason_code, quarantine_reason as reason, null as evidence
    from {{ ref('stg_documents') }}
    where status = 'quarantined'
    union all
    select source_file, 'row:' || table_name as kind, reason_code, reason, evidence
    from {{ ref('stg_row_quarantine') }}
    union all
    select source_file, 'cell:' || table_code as kind, reason_code, reason || '：' || numbers as reason, evidence
    from {{ ref('stg_set_aside_cells') }}
)
select q.source_file, q.kind, q.reason_code, r.reason_zh, q.reason, q.evidence
from reasons as q
left join {{ ref('stg_reason_definitions') }} as r using (reason_code)
