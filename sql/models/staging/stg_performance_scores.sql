-- 绩效自评得分与项目执行综述
select * from {{ source('lake', 'performance_scores') }}
