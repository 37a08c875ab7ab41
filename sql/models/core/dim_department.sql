-- 部门维度：同名同地区的部门跨年度为同一部门
select distinct
    {{ null_safe_key(['department_name', 'province', 'city', 'county']) }} as department_id,
    department_name,
    {{ null_safe_key(['province', 'city', 'county']) }} as region_id
from {{ ref('stg_documents') }}
where status = 'loaded'
