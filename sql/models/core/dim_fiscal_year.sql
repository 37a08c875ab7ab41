-- 决算年度维度
create table core.dim_fiscal_year as
select distinct fiscal_year
from staging.documents
where fiscal_year is not null
order by fiscal_year;

comment on table core.dim_fiscal_year is '决算年度维度';
comment on column core.dim_fiscal_year.fiscal_year is '决算年度';
