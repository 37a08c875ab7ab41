"""Findings on the standard tables, on the cells the dev reports print (their gold table_cells).

Each expectation is a problem the dev gold notes name; a clean table gives no
error-level finding.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import polars as pl
import pytest

from pipeline.extract.document import ExtractedDocument
from pipeline.extract.records import SetAsideCell, StatementTable
from pipeline.validate.consistency import consistency_findings
from pipeline.ingest.normalize import normalize
from tests.gold_cells import DEV_DIR, dev_document

DEV = ("putuo_caizheng_2024", "putuo_guihua_2024", "putuo_shehui_2024")


def _failures(doc: ExtractedDocument, severity: str | None = None) -> pl.DataFrame:
    found = consistency_findings([doc]).filter(pl.col("status") == "fail")
    return found.filter(pl.col("severity") == severity) if severity else found


def _differences(found: pl.DataFrame, rule: str, words: str) -> list[tuple[str, str, str]]:
    rows = found.filter((pl.col("rule_id") == rule) & pl.col("description").str.contains(words, literal=True))
    return [(str(r["expected"]), str(r["stated"]), r["severity"]) for r in rows.iter_rows(named=True)]


@pytest.mark.parametrize("name", DEV)
def test_the_printed_tables_give_no_error_of_their_own(name):
    assert _failures(dev_document(name), "error").height == 0


def test_caizheng_326_71_in_the_summaries_against_326_72_in_the_other_tables_is_rounding():
    found = _failures(dev_document("putuo_caizheng_2024"))
    assert _differences(found, "tables_agree", "社会保障和就业支出") == [("326.720000", "326.710000", "info")] * 2
    # the 合计 rows are 0.01 below the sum of their 类 rows
    assert ("2336.920000", "2336.910000", "info") in _differences(found, "table_column_sum", "支出决算表“合计”")


def test_caizheng_basic_expense_classes_that_do_not_add_up_are_found():
    found = _failures(dev_document("putuo_caizheng_2024"))
    assert _differences(found, "table_column_sum", "302 商品和服务支出") == [("171.090000", "171.070000", "info")]
    assert _differences(found, "table_column_sum", "301 工资福利支出") == [("2082.860000", "2082.850000", "info")]
    assert found.filter(pl.col("rule_id") == "table_group_sum").height == 0  # 2152.26 = 2082.85 + 69.41


def test_guihua_narrative_basic_figures_against_the_tables_are_errors():
    doc = dev_document("putuo_guihua_2024", {"gpb_basic_expense": "5377.64", "personnel_expense": "4896.98",
                                          "public_expense": "480.66"})
    found = _failures(doc, "error")
    assert sorted(_differences(found, "narrative_vs_table", "")) == [("4884.090000", "4896.980000", "error"),
                                                                       ("5364.750000", "5377.640000", "error")]
    assert "人员经费合计 4884.09" in found.filter(pl.col("description").str.starts_with("人员经费"))["evidence"][0]


def test_guihua_row_arithmetic_and_group_sums_off_by_a_cent_are_rounding():
    found = _failures(dev_document("putuo_guihua_2024"))
    rows = _differences(found, "table_row_sum", "一般公共预算财政拨款支出决算表")
    assert ("3832.350000", "3832.360000", "info") in rows and ("9746.490000", "9746.500000", "info") in rows
    assert _differences(found, "table_group_sum", "人员经费合计") == [("4884.100000", "4884.090000", "info")]
    assert _differences(found, "table_column_sum", "302 商品和服务支出") == [("440.880000", "440.900000", "info")]
    assert ("3845.240000", "3845.250000", "info") in _differences(found, "tables_agree", "城乡社区支出")
    assert ("9746.490000", "9746.500000", "info") in _differences(found, "table_summary_sum", "财政拨款收入支出决算总表")


def test_a_summary_missing_one_of_the_classes_is_not_summed():
    doc = dev_document("putuo_guihua_2024")
    without = [c for c in doc.cells if not (c.table_code == "fiscal_summary" and c.row_name == "城乡社区支出")]
    found = _failures(dataclasses.replace(doc, cells=without))
    assert _differences(found, "table_summary_sum", "") == []


def test_guihua_carry_over_spent_in_the_all_funds_table_is_not_a_finding():
    checks = consistency_findings([dev_document("putuo_guihua_2024")])
    within = checks.filter(pl.col("rule_id") == "gpb_within_expense")
    assert within.height > 0 and set(within["status"]) == {"pass"}  # 1092.80 ≤ 1105.68 (2120101)


def test_shehui_basic_expense_against_its_personnel_and_public_totals_is_rounding():
    found = _failures(dev_document("putuo_shehui_2024"))
    assert _differences(found, "tables_agree", "人员经费合计 + 公用经费合计") == [("105.590000", "105.580000", "info")]
    assert _differences(found, "table_column_sum", "302 商品和服务支出") == [("10.220000", "10.230000", "info")]


def _with_total(doc: ExtractedDocument, code: str, value: str) -> list:
    """The cells with one 合计 cell of the 一般公共预算财政拨款支出决算表 misprinted."""
    return [dataclasses.replace(c, value=Decimal(value))
            if (c.table_code, c.row_code, c.column_code) == ("gpb_expense", code, "total") else c for c in doc.cells]


def test_a_wrong_cell_is_an_error_on_every_side_that_checks_it():
    doc = dev_document("putuo_shehui_2024")
    wrong = _with_total(doc, "2013950", "60.00")  # 事业运行 11.31
    found = _failures(dataclasses.replace(doc, cells=wrong), "error")
    assert {"table_row_sum", "table_column_sum", "gpb_within_expense"} <= set(found["rule_id"])


def test_rows_with_numbers_set_aside_are_not_judged():
    doc = dev_document("putuo_shehui_2024")
    wrong = _with_total(doc, "2013950", "60.00")
    aside = [SetAsideCell("gpb_expense", "一般公共预算财政拨款支出决算表", "2013950", "事业运行", "11.31",
                          "two numbers, three columns", "2013950 事业运行 11.31 11.31", reason_code="column_undetermined")]
    found = _failures(dataclasses.replace(doc, cells=wrong, set_aside_cells=aside), "error")
    assert not set(found["rule_id"]) & {"table_row_sum", "table_column_sum"}


def test_the_narrative_figure_wins_and_a_table_fills_what_it_does_not_state():
    doc = dev_document("putuo_caizheng_2024", {"income_other": "6.2", "income_total": "2946.25"})
    checks = consistency_findings([doc])
    # 本年收入合计 = 一般公共预算财政拨款收入 (table, the 说明 does not state it) + 其他收入 (说明)
    row = checks.filter(pl.col("rule_id") == "income_sources_sum")
    assert row["status"].to_list() == ["pass"] and "2,940.05" in row["evidence"][0]


def test_missing_tables_and_wrong_headings_are_found():
    tables = [StatementTable("summary", "XX局2024年度收入支出决算总表", "data"),
              StatementTable("income", "2023年度收入决算表", "data"),
              StatementTable("three_public", "财政拨款“三公”经费支出决算表", "listed_missing", evidence="目录：七、…")]
    found = _failures(dev_document("putuo_shehui_2024", statement_tables=tables))
    headings = found.filter(pl.col("rule_id") == "report_heading")["description"].to_list()
    assert any("占位符" in h for h in headings) and any("2023" in h for h in headings) and len(headings) == 2
    missing = found.filter(pl.col("rule_id") == "statement_table_missing")["description"].to_list()
    assert "财政拨款“三公”经费支出决算表：目录列出但正文未见" in missing
    assert len(missing) == 7  # three_public listed but absent, six never found


def test_a_part_heading_with_another_department_name_is_found():
    # guihua: the 部门决算表 heading prints 上海市规划和自然资源局 (普陀区 missing); the other headings are right
    text = (DEV_DIR / "text" / "putuo_guihua_2024.txt").read_text(encoding="utf-8")
    doc = dev_document("putuo_guihua_2024", normalized=normalize(text))
    headings = _failures(doc).filter(pl.col("rule_id") == "report_heading")
    assert headings["evidence"].to_list() == ["上海市规划和自然资源局 2024 年度部门决算表"]
    assert set(headings["severity"]) == {"warning"}


def test_a_figure_the_narrative_states_for_a_table_printed_empty_must_be_zero():
    empty = [StatementTable("three_public", "财政拨款“三公”经费支出决算表", "empty", evidence="本表无数据"),
             StatementTable("gov_fund", "政府性基金预算财政拨款收入支出决算表", "empty", evidence="本表无数据")]
    doc = dev_document("putuo_shehui_2024", {"three_public_total": "0", "gov_fund_expense": "12.5"},
                       statement_tables=empty)
    checks = consistency_findings([doc]).filter(pl.col("description").str.contains("本表无数据"))
    assert sorted(zip(checks["description"], checks["status"], checks["severity"])) == [
        ("“三公”经费财政拨款支出决算：说明与财政拨款“三公”经费支出决算表（本表无数据）", "pass", "info"),
        ("政府性基金预算财政拨款支出：说明与政府性基金预算财政拨款收入支出决算表（本表无数据）", "fail", "error")]


def test_sums_whose_main_part_was_not_read_are_not_judged():
    doc = dev_document("putuo_caizheng_2024")
    unread = [c for c in doc.cells if not (c.table_code == "gpb_basic" and c.row_code == "310")
              and not (c.table_code == "fiscal_summary" and c.row_name == "本年支出合计")]
    found = _failures(dataclasses.replace(doc, cells=unread), "error")
    assert found.height == 0  # not 公用经费合计 184.65 ≠ 302 171.07, nor 支出总计 2961.68 ≠ 21.63
    aside = [SetAsideCell("gpb_basic", "一般公共预算财政拨款基本支出决算表", "31002", "办公设备购置", "13.58 13.58",
                          "column not determined", "310 02 办公设备购置 13.58 13.58", reason_code="column_undetermined")]
    unread = [c for c in doc.cells if not (c.table_code == "gpb_basic" and c.row_code in ("310", "31002"))]
    assert _failures(dataclasses.replace(doc, cells=unread, set_aside_cells=aside), "error").height == 0
