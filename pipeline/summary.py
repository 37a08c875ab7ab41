"""What a person wants to see after a run, read from the published warehouse."""
from __future__ import annotations

from pathlib import Path

import duckdb

FACT_TABLES = ("fact_metric", "fact_gpb_expenditure", "fact_economic_expenditure", "fact_three_public",
               "fact_project_execution", "fact_performance_indicator", "fact_statement_cell")


def warehouse_summary(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        status = dict(rows("select status, count(*) from marts.documents group by status"))
        lines = [f"documents: {status.get('loaded', 0)} loaded, {status.get('quarantined', 0)} quarantined, "
                 f"{status.get('ignored', 0)} ignored"]
        lines += [f"  {state} [{code}] {reason}" for state, code, reason in
                  rows("select status, reason_code, quarantine_reason from marts.documents "
                       "where status <> 'loaded' order by 1, 3")]
        lines += [f"rows core.{t}: {rows(f'select count(*) from core.{t}')[0][0]}" for t in FACT_TABLES]
        lines.append(f"rows set aside by validation: {rows('select count(*) from staging.row_quarantine')[0][0]}")
        lines.append(f"table numbers set aside (column undetermined): "
                     f"{rows('select count(*) from staging.set_aside_cells')[0][0]}")
        checks = dict(rows("select status, count(*) from core.fact_consistency_check group by status"))
        lines.append("consistency checks: " + ", ".join(f"{k} {checks.get(k, 0)}"
                                                        for k in ("pass", "fail", "insufficient_data")))
        lines += [f"  {n} × {rule}" for rule, n in rows(
            "select rule_id, count(*) from marts.consistency_findings where status = 'fail' group by 1 order by 2 desc, 1")]
    return "\n".join(lines)


def where_to_look(warehouse: Path, dashboard: Path) -> str:
    """The end of a run: how to open what it published."""
    index = dashboard / "index.html"
    return (f"dashboard: {index} (open {index.absolute().as_uri()} in a browser; `make dashboard` rebuilds it)\n"
            f"query:     make sql (a read-only SQL prompt on {warehouse})")
