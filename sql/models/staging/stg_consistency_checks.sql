-- 一致性检查的每次结果（通过、不通过、数据不足）
select * from {{ source('lake', 'consistency_checks') }}
