"""The findings must catch the inconsistencies the gold notes name."""
from decimal import Decimal

import polars as pl
import pytest

import duckdb

from pipeline.config import Settings
from pipeline.run import read_folder, stage_documents
from tests.conftest import RAW_DIR, REFERENCE_DIR


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> pl.DataFrame:
    """The samples' findings, staged in a cache of their own (a module fixture runs before the
    per-test environment is set)."""
    root = tmp_path_factory.mktemp("consistency")
    settings = Settings(RAW_DIR, root / "warehouse" / "budget.duckdb", REFERENCE_DIR, root / "cache")
    stage_documents(read_folder(settings), settings)
    with duckdb.connect(str(settings.mirror), read_only=True) as con:
        return con.sql("select * from lake.consistency_checks").pl()


def _status(checks: pl.DataFrame, doc: str, rule: str) -> list[str]:
    return checks.filter(pl.col("source_file").str.starts_with(doc) & (pl.col("rule_id") == rule))["status"].to_list()


def test_income_sources_that_do_not_add_up_are_found(checks):
    # 002: 927.15 + 305.68 = 1232.83, not the stated 本年收入合计 1320.41
    row = checks.filter(pl.col("source_file").str.starts_with("002") & (pl.col("rule_id") == "income_sources_sum"))
    assert row["status"].to_list() == ["fail"]
    assert row["difference"][0] == Decimal("87.58")
    assert "1320.41" in row["evidence"][0] and "927.15" in row["evidence"][0]


def test_two_different_basic_expense_figures_are_found(checks):
    assert _status(checks, "004", "gpb_basic_within_basic") == ["fail"]  # 六 says 1480.45, 三 says 804.14


def test_the_same_figure_stated_twice_is_found(checks):
    rows = checks.filter(pl.col("source_file").str.starts_with("004") & (pl.col("rule_id") == "stated_twice"))
    assert rows.height == 1 and "11.57" in rows["evidence"][0] and "6万元" in rows["evidence"][0]


def test_narrative_execution_rate_is_recomputed(checks):
    # 001 高清视频会议系统: 55.6 / 57.55 = 96.61 %, the 综述 says 99.73 %
    assert "fail" in _status(checks, "001", "narrative_execution_rate")


def test_rounding_within_a_cent_per_addend_passes(checks):
    assert _status(checks, "001", "expense_uses_sum") == ["pass"]  # 522.26 + 274.83 = 797.09 vs 797.10


def test_a_rule_without_its_figures_is_insufficient_data_never_pass(checks):
    assert _status(checks, "000", "three_public_completion_recomputed") == ["insufficient_data"]
    passed = checks.filter(pl.col("status") == "pass")
    assert passed.height > 0 and passed.filter(pl.col("expected").is_null() | pl.col("stated").is_null()).height == 0


def test_unmatched_function_subject_names_are_findings_not_drops(checks):
    rows = checks.filter(pl.col("rule_id") == "function_subject_unmatched")
    assert "其他一般公共服务支出" in " ".join(rows["description"].to_list())
    assert set(rows["severity"].to_list()) == {"info"}


def test_shares_printed_where_completion_rates_belong_are_found(checks):
    # 001 “三公”: 公务用车 2.07 of 2.92 is 70.89 %, printed 占34.5 % (its completion rate)
    rows = checks.filter(pl.col("source_file").str.starts_with("001") & (pl.col("rule_id") == "share_recomputed")
                         & (pl.col("status") == "fail"))
    assert sorted(str(v) for v in rows["expected"]) == ["29.110000", "70.890000"]


def test_class_totals_and_their_shares_are_recomputed(checks):
    assert set(_status(checks, "004", "class_total_sum")) == {"pass"}
    assert "fail" in _status(checks, "004", "class_share_recomputed")  # 金融支出108.63万元，占0%
