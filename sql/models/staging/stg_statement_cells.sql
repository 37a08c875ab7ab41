-- 部门决算公开表的每个印出单元格，带原文证据
select * from {{ source('lake', 'statement_cells') }}
