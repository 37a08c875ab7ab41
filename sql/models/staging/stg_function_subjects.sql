-- 支出功能分类参考科目表（部分）
create table staging.function_subjects as
select code::varchar as code, name, level::integer as level, nullif(parent_code::varchar, '') as parent_code
from read_csv(getvariable('reference_dir') || '/function_subjects.csv', header = true, all_varchar = true);

comment on table staging.function_subjects is '政府收支分类科目·支出功能分类（参考表，部分）';
comment on column staging.function_subjects.code is '科目代码（类3位/款5位/项7位）';
comment on column staging.function_subjects.name is '科目名称';
comment on column staging.function_subjects.level is '级次：1 类 / 2 款 / 3 项';
comment on column staging.function_subjects.parent_code is '上级科目代码';
