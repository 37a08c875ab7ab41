-- 绩效项目维度
select
    doc_id || '-' || project_seq as project_id,
    doc_id,
    project_name,
    budget_unit,
    goal_expected,
    goal_actual
from {{ ref('stg_projects') }}
