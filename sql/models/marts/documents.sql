-- 文档清单：分析入口
create view marts.documents as
select
    d.source_file,
    d.doc_id,
    s.fiscal_year,
    s.department_name,
    s.province,
    s.city,
    s.county,
    d.status,
    d.quarantine_reason
from core.dim_document as d
join staging.documents as s using (doc_id, source_file);

comment on view marts.documents is '文档清单：每个源文件一行，含年度、部门、地区及入库状态';
comment on column marts.documents.source_file is '源文件名';
comment on column marts.documents.doc_id is '文档标识';
comment on column marts.documents.fiscal_year is '决算年度';
comment on column marts.documents.department_name is '部门全称';
comment on column marts.documents.province is '省';
comment on column marts.documents.city is '市';
comment on column marts.documents.county is '县（区）';
comment on column marts.documents.status is 'loaded / quarantined / ignored';
comment on column marts.documents.quarantine_reason is '隔离或未读取的原因（以文件名开头）';
