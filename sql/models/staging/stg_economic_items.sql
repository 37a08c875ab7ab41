-- 基本支出经济分类明细（文中印出金额者）
select * from {{ source('lake', 'economic_items') }}
