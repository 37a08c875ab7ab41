-- 指标达成率：按部门与二级指标类型
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    coalesce(i.level2, '（未分类）') as indicator_type,
    count(*) as indicators,
    count(i.achieved) as comparable,
    count(*) filter (where i.achieved) as achieved,
    {{ exact_ratio('count(*) filter (where i.achieved)', 'count(i.achieved)', 2, factor=100, type='decimal(5, 2)') }} as achievement_rate_pct
from {{ ref('fact_performance_indicator') }} as i
join {{ ref('documents') }} as d using (doc_id)
group by all
