"""The column solver: exact where arithmetic decides, bounded on any header, never a guessed column."""
from __future__ import annotations

import time
from decimal import Decimal

from pipeline.extract.tables import read_statement_tables
from pipeline.extract.tables.model import Number, PrintedRow, ReadTable, Slot
from pipeline.extract.tables.solver import MAX_ARRANGEMENTS, arrangements, assign_columns

INCOME_LABELS = "本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入"


def _table(text: str):
    started = time.perf_counter()
    reading = read_statement_tables(text)
    return reading, time.perf_counter() - started


def test_row_arithmetic_places_dropped_blank_cells():
    text = "\n".join(["收入决算表", "单位：万元", f"项目 {INCOME_LABELS}",
                      "合计 100.00 60.00 40.00", ""])
    reading, _ = _table(text)
    cells = {(c.row_name, c.column_code): c.value for c in reading.cells}
    # 100 = 60 + 40 leaves the 40 to any one part: only the total and its first part are certain
    assert cells[("合计", "total")] == Decimal("100.00")
    assert ("合计", "superior_subsidy") not in cells
    assert reading.set_aside and "column not determined" in reading.set_aside[0].reason


def test_header_repeating_its_labels_is_read_once_and_fast():
    header = "项目 " + " ".join([INCOME_LABELS] * 4)[:400]  # 25 and more printed labels
    text = "\n".join(["收入决算表", "单位：万元", header, "合计 " + " ".join(["0.00"] * 12), ""])
    reading, seconds = _table(text)
    assert seconds < 5
    assert not reading.cells  # twelve numbers cannot stand in the table's seven columns
    assert reading.set_aside and reading.set_aside[0].numbers.count("0.00") == 12


def test_past_the_budget_a_table_is_set_aside_whole():
    slots = [Slot("other", f"第{i}栏") for i in range(60)]
    row = PrintedRow(None, "合计", 0, [Number("0.00", Decimal(0), line=1) for _ in range(30)])
    assert arrangements(row, slots) > MAX_ARRANGEMENTS
    table = ReadTable("other", "某某表", None, Decimal(1), [slots], [row])
    started = time.perf_counter()
    assign_columns([table])
    assert time.perf_counter() - started < 2
    assert table.unread and "column arrangements" in table.unread
    assert row.candidates == []


def test_a_column_the_vocabulary_does_not_know_keeps_its_printed_header():
    header = "项目 本年收入合计 财政拨款收入 事业收入 其中：教育收费 其他收入"
    text = "\n".join(["收入决算表", "单位：万元", header, "合计 100.00 60.00 30.00 20.00 10.00", ""])
    reading, _ = _table(text)
    cells = {(c.column_code, c.column_title): c.value for c in reading.cells}
    assert cells == {("total", "合计"): Decimal("100.00"), ("fiscal", "财政拨款收入"): Decimal("60.00"),
                     ("business", "事业收入"): Decimal("30.00"), ("other", "其中：教育收费"): Decimal("20.00"),
                     ("other_income", "其他收入"): Decimal("10.00")}


def test_an_unknown_column_in_a_wrapped_header_sets_the_table_aside():
    text = "\n".join(["收入决算表", "单位：万元", "项目 本年收入合计 财政拨款收入 事业收入 其中：",
                      "教育收费 其他收入", "合计 100.00 60.00 30.00 20.00 10.00", ""])
    reading, _ = _table(text)
    assert not reading.cells
    assert "其中" in reading.set_aside[0].reason and "does not know" in reading.set_aside[0].reason


def test_a_number_the_grid_placed_beyond_its_sides_columns_has_no_column():
    slots = [Slot("income_final", "收入决算数")]
    row = PrintedRow(None, "教育支出", 0, [Number("8.00", Decimal("8.00"), slot=1)])
    table = ReadTable("summary", "收支决算总表", 3, Decimal(1), [slots, []], [row])
    assign_columns([table])  # raised IndexError when the other tables were compared
    assert row.candidates == []
