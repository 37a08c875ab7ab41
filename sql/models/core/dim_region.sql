-- 地区维度：省 / 市 / 县
create table core.dim_region as
select distinct
    md5(concat_ws('|', province, city, county)) as region_id,
    province,
    city,
    county
from staging.documents
where status = 'loaded';

comment on table core.dim_region is '地区维度（省、市、县）';
comment on column core.dim_region.region_id is '地区标识';
comment on column core.dim_region.province is '省';
comment on column core.dim_region.city is '市（州）';
comment on column core.dim_region.county is '县（区、开发区）';
