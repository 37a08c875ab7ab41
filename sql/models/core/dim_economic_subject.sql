-- 经济分类维度：类 → 款
create table core.dim_economic_subject as
select
    s.code as economic_code,
    s.name as economic_name,
    s.level,
    s.parent_code
from staging.economic_subjects as s;

comment on table core.dim_economic_subject is '部门预算支出经济分类科目维度，层级 类→款';
comment on column core.dim_economic_subject.economic_code is '经济分类代码';
comment on column core.dim_economic_subject.economic_name is '科目名称';
comment on column core.dim_economic_subject.level is '级次 1/2';
comment on column core.dim_economic_subject.parent_code is '上级科目代码';
