-- 每个源文件一行：已入库或已隔离（附原因）
create table staging.documents as
select * from frame_documents;

comment on table staging.documents is '源文件清单：每个文件一行，含身份（文件名+内容哈希）、识别出的年度/部门/地区及入库状态';
comment on column staging.documents.doc_id is '文档标识（内容 sha256 与文件名合成，每个文件唯一）';
comment on column staging.documents.source_file is '源文件名（BUDGET_RAW_DIR 内）';
comment on column staging.documents.sha256 is '文件内容 sha256';
comment on column staging.documents.encoding is '检测到的文本编码';
comment on column staging.documents.status is '状态：loaded 已入库 / quarantined 已隔离 / ignored 未读取（子目录、隐藏文件、非普通文件、指向目录外的链接）';
comment on column staging.documents.quarantine_reason is '隔离原因（含文件名）';
comment on column staging.documents.fiscal_year is '决算年度';
comment on column staging.documents.department_name is '部门全称（文中最完整的写法）';
comment on column staging.documents.province is '省（未印出时由市县推断）';
comment on column staging.documents.city is '市（州）';
comment on column staging.documents.county is '县（区、市、开发区）';
comment on column staging.documents.char_count is '原文字符数';
