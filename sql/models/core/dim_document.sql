-- 文档维度：每个源文件一行（含隔离的）
create table core.dim_document as
select
    doc_id,
    source_file,
    sha256,
    encoding,
    status,
    quarantine_reason,
    fiscal_year,
    case when status = 'loaded'
         then md5(concat_ws('|', department_name, province, city, county)) end as department_id,
    char_count
from staging.documents;

comment on table core.dim_document is '文档维度：每个源文件一行';
comment on column core.dim_document.doc_id is '文档标识';
comment on column core.dim_document.source_file is '源文件名';
comment on column core.dim_document.sha256 is '内容哈希';
comment on column core.dim_document.encoding is '文本编码';
comment on column core.dim_document.status is 'loaded / quarantined / ignored';
comment on column core.dim_document.quarantine_reason is '隔离原因';
comment on column core.dim_document.fiscal_year is '决算年度';
comment on column core.dim_document.department_id is '部门标识';
comment on column core.dim_document.char_count is '原文字符数';
