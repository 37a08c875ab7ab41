-- 未入库原因代码词表（pipeline/text/reasons.yaml）
select * from {{ source('lake', 'reason_definitions') }}
