-- 地区维度：省 / 市 / 县
select distinct
    {{ null_safe_key(['province', 'city', 'county']) }} as region_id,
    province,
    city,
    county
from {{ ref('stg_documents') }}
where status = 'loaded'
