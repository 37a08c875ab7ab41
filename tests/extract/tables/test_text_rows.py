"""Rows from converted text: several rows on one line, cells wrapped below them, codes wrapped over lines."""
from __future__ import annotations

from decimal import Decimal

from pipeline.extract.tables import read_statement_tables

BASIC = ["一般公共预算财政拨款基本支出决算表", "单位：万元", "科目编码 科目名称 决算数 科目编码 科目名称 决算数"]


def _cells(lines: list[str]):
    reading = read_statement_tables("\n".join([*BASIC, *lines, ""]))
    return {(c.row_code, c.value) for c in reading.cells}, reading.set_aside


def test_two_rows_on_a_line_with_their_names_and_numbers_below_go_in_order():
    cells, aside = _cells(["301 302", "工资福利支出 2,082.85 商品和服务支出 171.07",
                           "301 01 302", "基本工资 01 办公费", "262.33 21.21"])
    assert cells == {("301", Decimal("2082.85")), ("302", Decimal("171.07")),
                     ("30101", Decimal("262.33")), ("30201", Decimal("21.21"))}
    assert not aside


def test_a_number_below_two_rows_that_could_be_either_rows_is_set_aside():
    cells, aside = _cells(["301 10 302", "职工基本医疗保险缴费 08 取暖费", "60.99"])
    assert not cells
    assert aside and aside[0].numbers == "60.99" and "several rows" in aside[0].reason


def test_fewer_names_below_than_rows_above_sets_the_rows_aside():
    cells, aside = _cells(["301 08 机关事业单位基本养老保险缴 302", "06 电费", "费 160.75"])
    assert not cells and "160.75" in " ".join(a.numbers for a in aside)


def test_the_digits_of_a_code_wrapped_onto_the_next_line_complete_it():
    cells, _ = _cells(["302 其他商品和服务支", "99", "出 11.53", "310", "01 房屋建筑物购建 13.58"])
    assert cells == {("30299", Decimal("11.53")), ("31001", Decimal("13.58"))}


def test_several_rows_on_one_line_split_by_their_codes():
    lines = ["支出决算表", "单位：万元", "项目 本年支出合计 基本支出 项目支出",
             "221 02 01 住房公积金 187.19 187.19 221 02 03 购房补贴 258.50 258.50", ""]
    reading = read_statement_tables("\n".join(lines))
    rows = {(c.row_code, c.column_code, c.value) for c in reading.cells}
    assert ("2210201", "total", Decimal("187.19")) in rows and ("2210203", "total", Decimal("258.50")) in rows
    assert all(code in ("2210201", "2210203") for code, _, _ in rows)


def test_a_name_after_the_left_rows_numbers_starts_the_right_row_of_a_two_sided_table():
    text = "\n".join(["收支决算总表", "单位：万元", "收入 支出", "项目 行次 金额 项目 行次 金额",
                      "三、事业收入 3 98,765.43 三、科学技术支出 34 22,222.21",
                      "经营收入 4 住房保障支出 35 100.00", ""])
    cells = {(c.row_name, c.column_code, c.value) for c in read_statement_tables(text).cells}
    assert cells == {("事业收入", "income_final", Decimal("98765.43")),
                     ("科学技术支出", "expense_final", Decimal("22222.21")),
                     ("住房保障支出", "expense_final", Decimal("100.00"))}


def test_a_summary_printed_one_sided_reads_each_row_on_its_side():
    text = "\n".join(["收入支出决算总表", "单位：万元", "项目 决算数", "一、财政拨款收入 100.00",
                      "本年收入合计 100.00", "一、一般公共服务支出 70.00", "本年支出合计 70.00", ""])
    cells = {(c.row_name, c.column_code, c.value) for c in read_statement_tables(text).cells}
    assert ("一般公共服务支出", "expense_final", Decimal("70.00")) in cells
    assert ("本年收入合计", "income_final", Decimal("100.00")) in cells
