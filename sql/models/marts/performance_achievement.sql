-- 指标达成率：按部门与二级指标类型
create view marts.performance_achievement as
select
    d.source_file,
    d.fiscal_year,
    d.department_name,
    coalesce(i.level2, '（未分类）') as indicator_type,
    count(*) as indicators,
    count(i.achieved) as comparable,
    count(*) filter (where i.achieved) as achieved,
    round(100.0 * count(*) filter (where i.achieved) / nullif(count(i.achieved), 0), 2)::decimal(5, 2) as achievement_rate_pct
from core.fact_performance_indicator as i
join marts.documents as d using (doc_id)
group by all;

comment on view marts.performance_achievement is '绩效指标达成率：每部门每二级指标类型一行（只计可比较的指标）';
comment on column marts.performance_achievement.source_file is '源文件名';
comment on column marts.performance_achievement.fiscal_year is '决算年度';
comment on column marts.performance_achievement.department_name is '部门全称';
comment on column marts.performance_achievement.indicator_type is '指标类型（二级指标）';
comment on column marts.performance_achievement.indicators is '指标数';
comment on column marts.performance_achievement.comparable is '可判断是否达成的指标数';
comment on column marts.performance_achievement.achieved is '达成数';
comment on column marts.performance_achievement.achievement_rate_pct is '达成率（%）';
