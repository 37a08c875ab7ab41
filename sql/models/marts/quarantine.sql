-- 隔离清单：无法读取的文档与未通过校验的记录
create view marts.quarantine as
select source_file, 'document' as kind, quarantine_reason as reason, null as evidence
from core.dim_document
where status = 'quarantined'
union all
select source_file, 'row:' || table_name as kind, reason, evidence
from staging.row_quarantine
union all
select source_file, 'cell:' || table_code as kind, reason || '：' || numbers as reason, evidence
from staging.set_aside_cells;

comment on view marts.quarantine is '隔离清单：无法读取的文档（附原因）、未通过校验的记录，及列无法确定而搁置的表格数字';
comment on column marts.quarantine.source_file is '源文件名';
comment on column marts.quarantine.kind is 'document 整个文档 / row:表名 单条记录 / cell:表代码 搁置的表格数字';
comment on column marts.quarantine.reason is '原因';
comment on column marts.quarantine.evidence is '原文证据';
