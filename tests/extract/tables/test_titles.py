"""Titles mean what they say: a standard title is matched whole; any other titled table is a table of its own."""
from __future__ import annotations

import pytest

from pipeline.extract.tables import read_statement_tables
from pipeline.extract.tables.titles import table_of_title, title_of_any_table


@pytest.mark.parametrize("line, code", [
    ("支出决算表", "expense"),
    ("部门支出决算表", "expense"),
    ("上海市普陀区财政局支出决算表", "expense"),
    ("某某大学2024年度支出决算表", "expense"),
    ("公开03表 支出决算表", "expense"),
    ("附表3 支出决算表（续表）", "expense"),
    ("一般公共预算财政拨款支出决算表", "gpb_expense"),
    ("财政拨款收入支出决算总表", "fiscal_summary"),
    ("收入支出决算总表", "summary"),
    ("某某街道办事处收入决算表", "income"),
])
def test_standard_titles_are_matched_whole(line, code):
    assert table_of_title(line) == (code, line)


@pytest.mark.parametrize("line", [
    "财政拨款支出决算表",            # every fiscal appropriation (教育部 template), not the 支出决算表
    "某某大学财政拨款支出决算表",
    "机关运行经费支出决算表",
    "政府采购支出决算表",
    "项目支出决算表",
])
def test_another_subject_before_a_standard_title_makes_another_table(line):
    assert table_of_title(line) is None
    assert title_of_any_table(line) == ("other", line)


@pytest.mark.parametrize("line", [
    "上海市规划和自然资源局 2024 年度部门决算表",  # the heading over all the tables
    "第二部分 2024年度部门决算表",
    "详见附表。",
    "收入支出决算总表……………………5",
])
def test_headings_sentences_and_contents_lines_are_no_table(line):
    assert title_of_any_table(line) is None


def test_rows_of_another_table_never_join_the_table_before_it():
    text = "\n".join([
        "支出决算表", "单位：万元",
        "项目 本年支出合计 基本支出 项目支出",
        "合计 100.00 60.00 40.00",
        "财政拨款支出决算表", "单位：万元",
        "项目 合计 基本支出 项目支出 其中：基本建设资金支出",
        "合计 90.00 50.00 40.00 10.00", ""])
    reading = read_statement_tables(text)
    assert [(t.table_code, t.table_title) for t in reading.tables] == [
        ("expense", "支出决算表"), ("other", "财政拨款支出决算表")]
    assert {c.value for c in reading.cells} == {100, 60, 40}  # only the 支出决算表's own row
    other = [s for s in reading.set_aside if s.table_code == "other"]
    assert other and other[0].numbers == "90.00 50.00 40.00 10.00"
