-- 标准决算表列维度
create table core.dim_statement_column as
select column_code, column_name_zh
from staging.statement_column_definitions;

comment on table core.dim_statement_column is '标准决算表列维度：列代码及标准中文表头';
comment on column core.dim_statement_column.column_code is '列代码（tables.yaml）';
comment on column core.dim_statement_column.column_name_zh is '列的标准中文名（表头）';
