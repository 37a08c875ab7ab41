-- 每个源文件一行：已入库或已隔离（附原因）
select * from {{ source('lake', 'documents') }}
