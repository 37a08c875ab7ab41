-- 隔离清单：无法读取的文档与未通过校验的记录
select source_file, 'document' as kind, quarantine_reason as reason, null as evidence
from {{ ref('dim_document') }}
where status = 'quarantined'
union all
select source_file, 'row:' || table_name as kind, reason, evidence
from {{ ref('stg_row_quarantine') }}
union all
select source_file, 'cell:' || table_code as kind, reason || '：' || numbers as reason, evidence
from {{ ref('stg_set_aside_cells') }}
