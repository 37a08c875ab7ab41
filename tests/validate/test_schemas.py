from decimal import Decimal

import polars as pl

from pipeline.extract.frames import SCHEMAS
from pipeline.validate.schemas import validate_frames


def _statements(rows: list[dict]) -> pl.DataFrame:
    base = {"doc_id": "0123456789abcdef", "source_file": "a.txt", "unit": "wan_yuan", "statement": 1,
            "source": "narrative", "section_kind": "income", "section_path": "二、收入决算情况说明", "evidence": "本年收入合计723.70万元",
            "evidence_start": 10, "evidence_end": 25}
    return pl.DataFrame([{**base, **r} for r in rows], schema=SCHEMAS["metric_statements"], orient="row")


def test_valid_rows_pass_and_failing_rows_are_quarantined_with_reason_and_evidence():
    frame = _statements([
        {"metric_code": "income_total", "value": Decimal("723.70")},
        {"metric_code": "not_a_code", "value": Decimal("1"), "statement": 1},
        {"metric_code": "income_gpb", "value": Decimal("-5")},
        {"metric_code": "yoy_grand_total_change", "value": Decimal("-0.04")},
        {"metric_code": "reception_domestic_batches", "value": Decimal("1.5"), "unit": "count"},
    ])
    valid, quarantine = validate_frames({"metric_statements": frame})
    assert valid["metric_statements"]["metric_code"].to_list() == ["income_total", "yoy_grand_total_change"]
    assert quarantine.height == 3
    assert quarantine["evidence"].to_list() == ["本年收入合计723.70万元"] * 3
    assert all(r.startswith("metric_statements:") for r in quarantine["reason"])
    assert any("isin" in r for r in quarantine["reason"])
    assert any("only_changes_are_negative" in r for r in quarantine["reason"])
    assert any("counts_are_whole" in r for r in quarantine["reason"])
    assert sorted(quarantine["reason_code"]) == ["row_counts_are_whole", "row_isin", "row_only_changes_are_negative"]


def test_a_file_not_loaded_needs_a_reason_code_and_a_reason():
    base = {"doc_id": "0123456789abcdef", "source_file": "a.txt", "status": "quarantined",
            "reason_code": "empty", "quarantine_reason": "a.txt: file is empty"}
    frame = pl.DataFrame([base, {**base, "source_file": "b.txt", "reason_code": None},
                          {**base, "source_file": "c.txt", "reason_code": "not_a_code"},
                          {**base, "source_file": "d.txt", "status": "loaded", "reason_code": None,
                           "quarantine_reason": None}], schema=SCHEMAS["documents"], orient="row")
    valid, quarantine = validate_frames({"documents": frame})
    assert valid["documents"]["source_file"].to_list() == ["a.txt", "d.txt"]
    assert quarantine["reason_code"].to_list() == ["row_quarantined_rows_say_why", "row_isin"]


def test_one_row_per_code_per_statement_per_document():
    frame = _statements([{"metric_code": "income_total", "value": Decimal("1")},
                         {"metric_code": "income_total", "value": Decimal("2")}])
    valid, quarantine = validate_frames({"metric_statements": frame})
    assert valid["metric_statements"].height == 0 and quarantine.height == 2


def test_set_aside_numbers_are_kept_and_a_bad_one_is_quarantined_with_the_check_it_failed():
    base = {"doc_id": "0123456789abcdef", "source_file": "a.txt", "table_code": "three_public",
            "table_title": "财政拨款“三公”经费支出决算表", "row_code": None, "row_name": "", "numbers": "0.95 0.95",
            "reason_code": "column_undetermined", "reason": "column not determined", "evidence": "0.95 0.95", "evidence_start": 10, "evidence_end": 19}
    frame = pl.DataFrame([base, {**base, "table_code": "not_a_table"}], schema=SCHEMAS["set_aside_cells"],
                         orient="row")
    valid, quarantine = validate_frames({"set_aside_cells": frame})
    assert valid["set_aside_cells"]["table_code"].to_list() == ["three_public"]  # the 三公 row has no name
    (reason,) = quarantine["reason"].to_list()
    assert reason.startswith("set_aside_cells: table_code failed isin")  # the check, not the row's own reason
    assert quarantine["reason_code"].to_list() == ["row_isin"]
