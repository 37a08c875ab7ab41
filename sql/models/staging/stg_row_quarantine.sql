-- 未通过校验的记录：不静默丢弃
create table staging.row_quarantine as
select * from frame_row_quarantine;

comment on table staging.row_quarantine is '未通过 pandera 校验而隔离的记录，附失败的检查与原文证据';
comment on column staging.row_quarantine.table_name is '原属表';
comment on column staging.row_quarantine.doc_id is '文档标识';
comment on column staging.row_quarantine.source_file is '源文件名';
comment on column staging.row_quarantine.reason is '隔离原因（失败的检查）';
comment on column staging.row_quarantine.evidence is '原文证据';
