-- 部门预算支出经济分类参考科目表（部分）
create table staging.economic_subjects as
select code::varchar as code, name, level::integer as level, nullif(parent_code::varchar, '') as parent_code
from read_csv(getvariable('reference_dir') || '/economic_subjects.csv', header = true, all_varchar = true);

comment on table staging.economic_subjects is '部门预算支出经济分类科目（参考表，部分）';
comment on column staging.economic_subjects.code is '科目代码（类3位/款5位）';
comment on column staging.economic_subjects.name is '科目名称';
comment on column staging.economic_subjects.level is '级次：1 类 / 2 款';
comment on column staging.economic_subjects.parent_code is '上级科目代码';
