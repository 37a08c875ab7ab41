-- “三公”经费支出决算表的项目：代码、标准名与各种印法的行键（来自表词表）
select * from {{ source('lake', 'statement_item_definitions') }}
