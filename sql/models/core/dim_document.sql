-- 文档维度：每个源文件一行（含隔离的）
select
    doc_id,
    source_file,
    sha256,
    encoding,
    status,
    quarantine_reason,
    fiscal_year,
    case when status = 'loaded'
         then {{ null_safe_key(['department_name', 'province', 'city', 'county']) }} end as department_id,
    char_count
from {{ ref('stg_documents') }}
