-- 支出功能分类维度：类 → 款 → 项
create table core.dim_function_subject as
select
    s.code as subject_code,
    s.name as subject_name,
    s.level,
    s.parent_code,
    case s.level when 1 then '类' when 2 then '款' else '项' end as level_name,
    left(s.code, 3) as class_code
from staging.function_subjects as s;

comment on table core.dim_function_subject is '支出功能分类科目维度，层级 类→款→项 由 parent_code 相连';
comment on column core.dim_function_subject.subject_code is '科目代码';
comment on column core.dim_function_subject.subject_name is '科目名称';
comment on column core.dim_function_subject.level is '级次 1/2/3';
comment on column core.dim_function_subject.parent_code is '上级科目代码';
comment on column core.dim_function_subject.level_name is '级次名称：类/款/项';
comment on column core.dim_function_subject.class_code is '所属类代码';
