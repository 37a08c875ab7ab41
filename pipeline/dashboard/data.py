"""The dashboard's data: one query per mart, grouped by document in Python.

Every page is made from these rows, so a 10,000-document warehouse costs a
handful of queries, not tens of thousands. Marts that other parts of the
warehouse may not publish yet (``function_expenditure``) are read only when
they exist with the columns the dashboard needs; a document whose standard
tables were not read keeps its 功能分类 items from the narrative.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

# The columns of marts.function_expenditure the treemap needs; without them the
# 功能分类 chart reads marts.gpb_expenditure_items.
FUNCTION_EXPENDITURE_COLUMNS = {"source_file", "table_code", "subject_code", "subject_name", "total"}
# The table of the standard set whose 功能分类 rows are the 一般公共预算 expenditure, then any expenditure.
FUNCTION_TABLE_PREFERENCE = ("gpb_expense", "expense")

FUNCTION_ITEMS_FROM_TABLES = """
with rows as (
    select source_file, table_code, subject_code, subject_name, total,
           min(case table_code {preference} end) over (partition by source_file) as best
    from marts.function_expenditure
    where total is not null
),
chosen as (
    select * from rows where case table_code {preference} end = best
)
select i.source_file,
       left(i.subject_code, 3) as class_code, c.subject_name as class_name,
       substr(i.subject_code, 4, 2) as section_code, s.subject_name as section_name,
       substr(i.subject_code, 6, 2) as item_code, i.subject_name as item_name,
       i.total as amount_wan_yuan, null as evidence
from chosen as i
left join chosen as c on c.source_file = i.source_file and c.subject_code = left(i.subject_code, 3)
left join chosen as s on s.source_file = i.source_file and s.subject_code = left(i.subject_code, 5)
where length(i.subject_code) = 7
order by i.source_file, i.subject_code
"""

FUNCTION_ITEMS_FROM_NARRATIVE = """
select source_file, class_code, class_name, section_code, section_name, item_code, item_name,
       amount_wan_yuan, evidence
from marts.gpb_expenditure_items
order by source_file, subject_code nulls last, class_name, section_name, item_name, class_code, section_code,
         item_code, amount_wan_yuan, evidence
"""


@dataclass
class Marts:
    """Rows of every mart the dashboard shows, as dicts; per-document rows grouped by source file."""

    documents: list[dict]
    quarantine: list[dict]
    three_public: list[dict]
    findings_by_rule: list[dict]
    dictionary: list[dict]
    views: dict[str, str]
    built_at: datetime
    metrics: dict[str, dict[str, dict]] = field(default_factory=dict)
    function_items: dict[str, list[dict]] = field(default_factory=dict)
    function_sources: dict[str, str] = field(default_factory=dict)
    projects: dict[str, list[dict]] = field(default_factory=dict)
    indicators: dict[str, list[dict]] = field(default_factory=dict)
    findings: dict[str, list[dict]] = field(default_factory=dict)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    rel = con.sql(sql)
    columns = rel.columns
    return [dict(zip(columns, row)) for row in rel.fetchall()]


def _by_file(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["source_file"]].append(row)
    return dict(grouped)


def _function_items(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """功能分类 items of each document and the mart they come from: the standard tables where read, else the narrative."""
    items = _by_file(_rows(con, FUNCTION_ITEMS_FROM_NARRATIVE))
    sources = dict.fromkeys(items, "gpb_expenditure_items")
    found = {c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = 'marts' "
                                       "and table_name = 'function_expenditure'").fetchall()}
    if FUNCTION_EXPENDITURE_COLUMNS <= found:
        preference = " ".join(f"when '{code}' then {rank}" for rank, code in enumerate(FUNCTION_TABLE_PREFERENCE))
        from_tables = _by_file(_rows(con, FUNCTION_ITEMS_FROM_TABLES.format(preference=preference)))
        items.update(from_tables)
        sources.update(dict.fromkeys(from_tables, "function_expenditure"))
    return items, sources


def load_marts(warehouse: Path) -> Marts:
    """Read everything the dashboard shows from the published warehouse, read-only.

    Of the per-document marts only the columns the pages show: every row is fetched and hashed at each build.
    Orders break ties down to the columns shown: tied rows come in any order, and a page whose rows moved
    is a page to write again.
    """
    with duckdb.connect(str(warehouse), read_only=True) as con:
        function_items, function_sources = _function_items(con)
        metrics: dict[str, dict[str, dict]] = defaultdict(dict)
        for row in _rows(con, "select source_file, metric_code, metric_name_zh, value, unit, evidence "
                              "from marts.department_metrics"):
            metrics[row["source_file"]][row["metric_code"]] = row
        return Marts(
            documents=_rows(con, "select * from marts.documents order by department_name, fiscal_year, source_file"),
            quarantine=_rows(con, "select source_file, kind, reason from marts.quarantine "
                                  "order by kind, source_file, reason"),
            three_public=_rows(con, "select * from marts.three_public order by three_public_total desc nulls last, "
                                    "source_file"),
            findings_by_rule=_rows(con, "select rule_id, severity, status, "
                                        "count(*) as findings, count(distinct source_file) as documents "
                                        "from marts.consistency_findings group by all "
                                        "order by status, findings desc, rule_id, severity"),
            dictionary=_rows(con, "select table_name, column_name, data_type, comment from duckdb_columns() "
                                  "where schema_name = 'marts' order by table_name, column_index"),
            views={name: comment for name, comment in con.execute(
                "select view_name, comment from duckdb_views() where schema_name = 'marts'").fetchall()},
            built_at=con.execute("select built_at from meta.build_info").fetchall()[0][0],
            metrics=dict(metrics),
            function_items=function_items,
            function_sources=function_sources,
            projects=_by_file(_rows(con, "select source_file, project_name, budget_wan_yuan, actual_wan_yuan, "
                                         "execution_rate_pct, goal_expected, goal_actual "
                                         "from marts.performance_projects order by source_file, project_id")),
            indicators=_by_file(_rows(con, "select source_file, project_name, level1, level2, level3, target_text, "
                                           "actual_text, achieved, achieved_reason from marts.performance_indicators "
                                           "order by source_file, project_name, level1, level2, level3, "
                                           "target_text, actual_text, achieved, achieved_reason")),
            findings=_by_file(_rows(con, "select source_file, rule_id, severity, status, description, expected, "
                                         "stated, difference, evidence from marts.consistency_findings "
                                         "order by source_file, "
                                         "case severity when 'error' then 0 when 'warning' then 1 else 2 end, "
                                         "status, rule_id, description, expected, stated, difference, evidence")),
        )
