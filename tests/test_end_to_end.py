"""The whole pipeline, built as `make run` builds it (the Dagster jobs in-process), on the samples plus bad files.

Accuracy is measured against the gold files with the project's evaluation
(pipeline.evaluate, the same comparison as the contract's scorer).
"""
from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from pipeline.config import Settings
from pipeline.dashboard.stamp import matches
from pipeline.evaluate import evaluate
from tests.conftest import GOLD_DIR, RAW_DIR, REFERENCE_DIR, SAMPLES, build_warehouse

BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 20,
    "meeting_minutes.txt": "会议纪要：研究部署下一阶段工作。".encode(),
    "truncated.txt": "2020年度部门决算\n第二部分 2020年度部门决算情况说明\n收入".encode()[:-2],
    "cut_short.txt": None,  # a sample cut in the middle of its 决算情况说明
    "gbk_report.txt": None,  # a good report, in GB18030: must load
    "duplicate.txt": None,  # the same bytes as a sample: quarantined as a duplicate
}


def _run(raw_dir, warehouse, cache_dir):
    with dg.instance_for_test() as instance:
        return build_warehouse(Settings(raw_dir, warehouse, REFERENCE_DIR, cache_dir), dashboard=True,
                               instance=instance)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    raw = root / "raw"
    raw.mkdir()
    for name in SAMPLES:
        shutil.copy(RAW_DIR / name, raw / name)
    for name, data in BAD_FILES.items():
        if name == "gbk_report.txt":
            data = (RAW_DIR / SAMPLES[2]).read_text(encoding="utf-8").replace("武胜县", "岳池县").encode("gb18030")
        elif name == "cut_short.txt":
            text = (RAW_DIR / SAMPLES[1]).read_text(encoding="utf-8")
            data = text[:text.index("公务接待费支出0.85万元") + 8].encode()
        elif name == "duplicate.txt":
            data = (RAW_DIR / SAMPLES[0]).read_bytes()
        (raw / name).write_bytes(data)
    warehouse = root / "warehouse" / "budget.duckdb"
    result = _run(raw, warehouse, root / "cache")
    return result, warehouse, raw, root


def test_the_run_succeeds_and_publishes_the_warehouse_and_its_dashboard(built):
    outcome, warehouse, *_ = built
    assert [run.success for run in outcome.runs] == [True, True] and outcome.failures == []
    assert [run.job_def.name for run in outcome.runs] == ["extract_documents", "build_warehouse"]
    assert outcome.warehouse_published and outcome.dashboard_published
    assert matches(Settings(RAW_DIR, warehouse, REFERENCE_DIR, warehouse.parent).dashboard, warehouse)
    assert not warehouse.with_name(warehouse.name + ".building").exists()


def test_every_dbt_model_is_materialised_and_every_data_test_is_a_passing_check(built):
    from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets

    from pipeline.defs.models import warehouse_models
    result = built[0].result
    materialised = {event.asset_key for event in result.get_asset_materialization_events()}
    assert set(warehouse_models.keys) <= materialised
    # Every data test of the project is a check, singular tests over several models (attached by their
    # meta's dagster.ref) included, not an observation without an asset.
    manifest, *_ = get_manifest_and_translator_from_dbt_assets([warehouse_models])
    data_tests = {node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "test"}
    assert data_tests == {key.name for key in warehouse_models.check_keys}
    assert dg.AssetCheckKey(dg.AssetKey(["marts", "documents"]), "marts_have_no_floating_point") \
        in warehouse_models.check_keys
    assert not [e for e in result.all_events if e.event_type_value == "ASSET_OBSERVATION"]
    evaluations = result.get_asset_check_evaluations()
    assert {e.asset_check_key for e in evaluations} >= set(warehouse_models.check_keys)
    assert all(e.passed for e in evaluations if e.asset_check_key in warehouse_models.check_keys)


def test_accuracy_against_gold(built):
    _, warehouse, *_ = built
    tallies = evaluate(warehouse, GOLD_DIR)
    report = {k: (round(t.f1, 3), t.misses[:10]) for k, t in tallies.items()}
    assert tallies["identity"].f1 == 1.0, report
    assert tallies["metrics"].f1 >= 0.98, report
    assert tallies["gpb_items"].f1 >= 0.98, report
    assert tallies["economic_items"].f1 >= 0.98, report
    assert tallies["projects"].f1 >= 0.98, report
    assert tallies["indicators"].f1 >= 0.97, report


def test_the_four_grand_totals_are_correct_on_every_sample(built):
    from tests.conftest import gold_for
    _, warehouse, *_ = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name in SAMPLES:
            gold = gold_for(name)["metrics"]
            for code in ("income_grand_total", "expense_grand_total", "income_total", "expense_total"):
                (value,) = con.execute("select value from marts.department_metrics where source_file = ? "
                                       "and metric_code = ?", [name, code]).fetchone()
                assert str(value.normalize()) == str(type(value)(gold[code]["value"]).normalize()), (name, code)


def test_bad_files_are_quarantined_with_reasons_and_the_rest_is_loaded(built):
    _, warehouse, *_ = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute("select source_file, coalesce(quarantine_reason, status) "
                                "from marts.documents").fetchall())
    for name in SAMPLES + ["gbk_report.txt"]:
        assert rows[name] == "loaded", (name, rows[name])
    assert "empty" in rows["empty.txt"]
    assert "binary" in rows["binary.txt"]
    assert "not a 部门决算 report" in rows["meeting_minutes.txt"]
    assert "truncated" in rows["truncated.txt"]
    assert "truncated: the text stops mid-sentence" in rows["cut_short.txt"]
    assert "duplicate of" in rows["duplicate.txt"]
    assert all(reason.startswith(name) for name, reason in rows.items() if reason != "loaded")


def test_every_contract_mart_exists_with_its_columns_and_comments(built):
    _, warehouse, *_ = built
    contract = {
        "documents": "source_file doc_id fiscal_year department_name province city county status quarantine_reason",
        "department_metrics": "source_file doc_id fiscal_year department_name metric_code metric_name_zh value unit evidence",
        "gpb_expenditure_items": "source_file class_code class_name section_code section_name item_code item_name amount_wan_yuan completion_rate_pct evidence",
        "economic_expenditure_items": "source_file group_name economic_code item_name amount_wan_yuan",
        "three_public": "source_file fiscal_year department_name three_public_total vehicle_expense_previous_year",
        "performance_projects": "source_file project_name budget_unit budget_wan_yuan actual_wan_yuan fiscal_budget_wan_yuan fiscal_actual_wan_yuan other_budget_wan_yuan other_actual_wan_yuan execution_rate_pct",
        "performance_indicators": "source_file project_name level1 level2 level3 target_text actual_text target_op target_value target_unit actual_value actual_unit achieved",
        "consistency_findings": "source_file rule_id description expected stated difference severity",
        "statement_table_cells": "source_file table_code table_title row_code row_name column_code column_title value page evidence",
        "function_expenditure": "source_file table_code class_code section_code item_code subject_code subject_name total basic project fiscal",
    }
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for view, columns in contract.items():
            found = {c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = 'marts' "
                                               "and table_name = ?", [view]).fetchall()}
            assert set(columns.split()) <= found, (view, set(columns.split()) - found)
        uncommented = con.execute("select schema_name, table_name, column_name from duckdb_columns() "
                                  "where schema_name in ('staging', 'core', 'marts') and comment is null").fetchall()
        assert uncommented == []
        amounts = con.execute("select distinct data_type from duckdb_columns() where schema_name = 'marts' "
                              "and column_name like '%wan_yuan'").fetchall()
        assert {t for (t,) in amounts} == {"DECIMAL(20,6)"}


def test_every_fact_keeps_its_evidence_from_the_original_text(built):
    _, warehouse, raw, _ = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select d.source_file, f.evidence, f.evidence_start, f.evidence_end "
                           "from core.fact_metric f join core.dim_document d using (doc_id)").fetchall()
    for source_file, evidence, start, end in rows:
        original = (raw / source_file).read_bytes().decode("utf-8-sig" if source_file != "gbk_report.txt" else "gb18030")
        assert original[start:end] == evidence


def test_a_rerun_gives_the_same_warehouse(built):
    _, warehouse, raw, root = built
    again = root / "again.duckdb"
    assert _run(raw, again, root / "cache").warehouse_published
    query = "select * from marts.department_metrics order by all"
    with duckdb.connect(str(warehouse), read_only=True) as a, duckdb.connect(str(again), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
