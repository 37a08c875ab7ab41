-- 标准决算表代码词表（tables.yaml）
create table staging.statement_table_definitions as
select * from frame_statement_table_definitions;

comment on table staging.statement_table_definitions is '标准决算表代码词表（tables.yaml 的 tables）';
comment on column staging.statement_table_definitions.table_code is '表代码';
comment on column staging.statement_table_definitions.table_name_zh is '表的标准中文名';
