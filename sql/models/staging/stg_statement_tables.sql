-- 部门决算公开表：文中找到的每张标准表（有数据、印为空表或目录列出而缺失）
create table staging.statement_tables as
select * from frame_statement_tables;

comment on table staging.statement_tables is '标准决算表清单：每文档每张找到的表一行，含状态（有数据 / 本表无数据 / 目录列出但缺失）';
comment on column staging.statement_tables.doc_id is '文档标识';
comment on column staging.statement_tables.source_file is '源文件名';
comment on column staging.statement_tables.table_code is '表代码（tables.yaml；other 为其他表）';
comment on column staging.statement_tables.table_title is '表标题（原样）';
comment on column staging.statement_tables.status is '状态：data 有数据 / empty 本表无数据 / listed_missing 目录列出但未见';
comment on column staging.statement_tables.page is 'PDF 页码（已知时）';
comment on column staging.statement_tables.unit is '表中所印金额单位（元的表已换算为万元）';
comment on column staging.statement_tables.evidence is '原文证据（标题或说明原样）';
