-- 标准决算表列代码词表（tables.yaml）
create table staging.statement_column_definitions as
select * from frame_statement_column_definitions;

comment on table staging.statement_column_definitions is '标准决算表列代码词表（tables.yaml 的 columns）';
comment on column staging.statement_column_definitions.column_code is '列代码';
comment on column staging.statement_column_definitions.column_name_zh is '列的标准中文名（表头）';
