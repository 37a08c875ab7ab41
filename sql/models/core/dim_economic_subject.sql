-- 经济分类维度：类 → 款
select
    s.code as economic_code,
    s.name as economic_name,
    s.level,
    s.parent_code
from {{ ref('stg_economic_subjects') }} as s
