-- No column of a marts relation is DOUBLE/FLOAT/REAL: money and rates stay exact decimals.
-- It covers every mart (the depends_on lines below); Dagster shows it as an asset check on one of them,
-- marts.documents (meta dagster.ref: a singular test with several parents has no asset of its own).
{{ config(meta={"dagster": {"ref": {"name": "documents"}}}) }}
-- depends_on: {{ ref('consistency_findings') }} {{ ref('department_metrics') }} {{ ref('documents') }}
-- depends_on: {{ ref('economic_expenditure_items') }} {{ ref('function_expenditure') }} {{ ref('gpb_expenditure_items') }}
-- depends_on: {{ ref('performance_achievement') }} {{ ref('performance_indicators') }} {{ ref('performance_projects') }}
-- depends_on: {{ ref('performance_scores') }} {{ ref('previous_year_metrics') }} {{ ref('quarantine') }}
-- depends_on: {{ ref('statement_table_cells') }} {{ ref('three_public') }}
select table_name, column_name, data_type
from duckdb_columns()
where database_name = current_database() and schema_name = 'marts'
  and data_type in ('DOUBLE', 'FLOAT', 'REAL')
