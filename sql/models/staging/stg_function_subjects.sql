-- 支出功能分类参考科目表（部分）
select code::varchar as code, name, level::integer as level, nullif(parent_code::varchar, '') as parent_code
from read_csv('{{ var("reference_dir") }}/function_subjects.csv', header = true, all_varchar = true)
