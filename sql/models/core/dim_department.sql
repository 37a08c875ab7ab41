-- 部门维度：同名同地区的部门跨年度为同一部门
create table core.dim_department as
select distinct
    md5(concat_ws('|', department_name, province, city, county)) as department_id,
    department_name,
    md5(concat_ws('|', province, city, county)) as region_id
from staging.documents
where status = 'loaded';

comment on table core.dim_department is '部门维度';
comment on column core.dim_department.department_id is '部门标识（名称+地区）';
comment on column core.dim_department.department_name is '部门全称';
comment on column core.dim_department.region_id is '所在地区';
