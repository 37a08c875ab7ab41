-- 标准决算表维度
create table core.dim_statement_table as
select table_code, table_name_zh
from staging.statement_table_definitions;

comment on table core.dim_statement_table is '标准决算表维度：部门决算公开表的表代码及标准中文名';
comment on column core.dim_statement_table.table_code is '表代码（tables.yaml）';
comment on column core.dim_statement_table.table_name_zh is '表的标准中文名';
