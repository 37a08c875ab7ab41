-- 决算年度维度
select distinct fiscal_year
from {{ ref('stg_documents') }}
where fiscal_year is not null
order by fiscal_year
