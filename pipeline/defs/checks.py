"""Checks on the published warehouse. None blocks: they report what to look at."""

import duckdb
import dagster as dg

from pipeline.defs.resources import PipelineSettings

CONTRACT_MARTS = ("documents", "department_metrics", "gpb_expenditure_items", "economic_expenditure_items",
                  "three_public", "performance_projects", "performance_indicators", "consistency_findings")


def _query(settings: PipelineSettings, sql: str) -> list[tuple]:
    with duckdb.connect(settings.warehouse, read_only=True) as con:
        return con.execute(sql).fetchall()


@dg.asset_check(asset=dg.AssetKey(["marts", "documents"]), blocking=False,
                description="Every mart of the warehouse contract exists")
def contract_marts_exist(pipeline_settings: PipelineSettings) -> dg.AssetCheckResult:
    found = {name for (name,) in _query(pipeline_settings,
                                         "select view_name from duckdb_views() where schema_name = 'marts'")}
    missing = sorted(set(CONTRACT_MARTS) - found)
    return dg.AssetCheckResult(passed=not missing, metadata={"missing": ", ".join(missing) or "none"})


@dg.asset_check(asset=dg.AssetKey(["marts", "documents"]), blocking=False,
                description="Documents that could not be read, with reasons")
def quarantined_documents(pipeline_settings: PipelineSettings) -> dg.AssetCheckResult:
    rows = _query(pipeline_settings, "select quarantine_reason from marts.documents where status = 'quarantined'")
    return dg.AssetCheckResult(passed=not rows, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"quarantined": len(rows), "reasons": "\n".join(r for (r,) in rows) or "none"})


@dg.asset_check(asset=dg.AssetKey(["marts", "consistency_findings"]), blocking=False,
                description="Consistency findings: figures that disagree")
def consistency_findings(pipeline_settings: PipelineSettings) -> dg.AssetCheckResult:
    counts = dict(_query(pipeline_settings,
                         "select status, count(*) from core.fact_consistency_check group by status"))
    by_rule = _query(pipeline_settings, "select rule_id, count(*) from marts.consistency_findings "
                                        "where status = 'fail' group by rule_id order by 2 desc")
    return dg.AssetCheckResult(
        passed=counts.get("fail", 0) == 0, severity=dg.AssetCheckSeverity.WARN,
        metadata={**{k: counts.get(k, 0) for k in ("pass", "fail", "insufficient_data")},
                  "failing_rules": "\n".join(f"{r}: {n}" for r, n in by_rule) or "none"})
