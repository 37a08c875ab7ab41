"""Rows from a PDF's grid: the sides of a two-sided table come from its header."""
from __future__ import annotations

from decimal import Decimal

from pipeline.extract.tables import read_statement_tables
from pipeline.ingest.reader import LayoutTable


def _cells(rows, title="收支决算总表"):
    grid = LayoutTable(page=3, rows=tuple(tuple(r) for r in rows), text_above=f"{title}\n单位：万元")
    reading = read_statement_tables("", (grid,), (0,))
    return {(c.row_name, c.column_code, c.value) for c in reading.cells}


def test_sides_of_a_two_sided_summary_come_from_its_收入_支出_heading():
    cells = _cells([
        ["收入", None, None, "支出", None, None],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["一、财政拨款收入", "1", "123,456.78", "一、教育支出", "32", "200,000.00"],
        ["四、经营收入", "4", None, "二、科学技术支出", "33", "22,222.21"],
    ])
    assert cells == {("财政拨款收入", "income_final", Decimal("123456.78")),
                     ("教育支出", "expense_final", Decimal("200000.00")),
                     ("科学技术支出", "expense_final", Decimal("22222.21"))}


def test_a_summary_whose_expense_side_prints_no_项目_column_still_reads_its_sides():
    cells = _cells([
        ["收入", None, "支出", None],
        ["收入项目", "金额", "支出功能分类", "金额"],
        ["事业收入", "10.00", "教育支出", "8.00"],
    ])
    assert ("教育支出", "expense_final", Decimal("8.00")) in cells
    assert ("事业收入", "income_final", Decimal("10.00")) in cells


def test_a_one_sided_summary_grid_reads_each_row_on_its_side():
    cells = _cells([
        ["项目", "决算数"],
        ["收入", None],
        ["一、财政拨款收入", "100.00"],
        ["支出", None],
        ["一、一般公共服务支出", "70.00"],
        ["总计", "100.00"],
    ], title="收入支出决算总表")
    assert cells == {("财政拨款收入", "income_final", Decimal("100.00")),
                     ("一般公共服务支出", "expense_final", Decimal("70.00")),
                     ("总计", "expense_final", Decimal("100.00"))}


def test_two_columns_a_header_names_alike_publish_neither():
    rows = [["收入", None, None, "支出"], ["项目", "决算数", "金额", "项目"], ["一、财政拨款收入", "1.00", "2.00", "一、教育支出"]]
    grid = LayoutTable(page=3, rows=tuple(tuple(r) for r in rows), text_above="收支决算总表\n单位：万元")
    reading = read_statement_tables("", (grid,), (0,))
    assert not reading.cells
    assert reading.set_aside[0].numbers == "1.00 2.00" and "twice" in reading.set_aside[0].reason
