"""The standard tables reader against the dev reports' gold cells: PDFs, three text renderings, and variants.

Accuracy is measured against the hand-checked gold (tests/fixtures/dev/gold); the
variants change how a table is printed, never what it states, so they must
give the same cells.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.evaluate import Tally, match_cells
from pipeline.extract.tables import read_statement_tables
from pipeline.extract.tables.model import squeeze
from pipeline.extract.tables.titles import table_of_title
from pipeline.ingest.reader import LayoutTable, read_document

DEV = Path(__file__).parent.parent / "fixtures" / "dev"
REPORTS = ("putuo_caizheng_2024", "putuo_guihua_2024", "putuo_shehui_2024")


def _gold(name: str) -> list[dict]:
    return json.loads((DEV / "gold" / f"{name}.json").read_text(encoding="utf-8"))["table_cells"]


def _as_rows(cells) -> list[dict]:
    return [{"table_code": c.table_code, "row_code": c.row_code, "row_name": c.row_name,
             "column_code": c.column_code, "value": c.value} for c in cells]


def _score(texts: dict[str, str]) -> Tally:
    tally = Tally()
    for name, text in texts.items():
        match_cells(_gold(name), _as_rows(read_statement_tables(text).cells), tally, name)
    return tally


def _rendering(folder: str) -> dict[str, str]:
    return {name: (DEV / folder / f"{name}.txt").read_text(encoding="utf-8") for name in REPORTS}


@pytest.fixture(scope="module")
def pdf_readings(dev_pdf_documents):
    return {name: (raw, read_statement_tables(raw.text, raw.layout_tables, raw.page_starts))
            for name, raw in dev_pdf_documents.items()}


def test_pdf_tables_cell_exact(pdf_readings):
    tally = Tally()
    for name, (_, reading) in pdf_readings.items():
        match_cells(_gold(name), _as_rows(reading.cells), tally, name)
    assert tally.f1 >= 0.99, tally.misses[:20]
    assert tally.fp == 0, tally.misses[:20]


def test_pdf_cells_keep_their_page(pdf_readings):
    _, reading = pdf_readings["putuo_caizheng_2024"]
    pages: dict[str, set[int]] = {}
    for c in reading.cells:
        pages.setdefault(c.table_code, set()).add(c.page)
    assert pages["summary"] == {6, 7} and pages["income"] == {8, 9} and pages["gpb_basic"] == {16, 17}
    raw, _ = pdf_readings["putuo_caizheng_2024"]
    located = [c for c in reading.cells if c.evidence_start is not None]
    assert len(located) >= 0.85 * len(reading.cells)
    for c in located:  # the row is quoted from the page's text, on its page
        assert raw.page_at(c.evidence_start) == c.page
        assert squeeze(c.evidence).startswith(squeeze(c.row_code or "")[:3]) or c.row_name[:2] in squeeze(c.evidence)
    status = {t.table_code: t.status for t in reading.tables}
    assert status["gov_fund"] == "empty" and status["soe_capital"] == "empty" and status["income"] == "data"


@pytest.mark.parametrize(("folder", "floor"), [("text", 0.998), ("variants/layout", 0.997),
                                               ("variants/plumber", 0.983)])
def test_text_renderings_against_gold(folder, floor):
    """Every rendering publishes no wrong cell (a cell is right or set aside); recall as measured."""
    tally = _score(_rendering(folder))
    assert tally.fp == 0, [m for m in tally.misses if m.startswith("extra")]
    assert tally.f1 >= floor, (tally.f1, tally.misses[:30])


def test_blank_cells_dropped_by_the_converter_are_placed_by_arithmetic():
    """PDFium text drops blank cells: '201 06 01 行政运行 1,511.90 1,511.89 0.01' — 0.01 is 其他收入 (the 总表 says so)."""
    cells = read_statement_tables(_rendering("text")["putuo_caizheng_2024"]).cells
    by = {(c.table_code, c.row_code, c.column_code): c for c in cells}
    assert by[("income", "2010601", "other_income")].value == Decimal("0.01")
    assert ("income", "2010601", "superior_subsidy") not in by
    assert by[("expense", "2010602", "project")].value == Decimal("10.00")
    assert ("expense", "2010602", "basic") not in by
    assert by[("expense", "2010602", "project")].how in ("arithmetic", "cross_table")


def test_an_undeterminable_number_is_set_aside_not_guessed():
    """The 三公 row '0.95 0.95' of twelve columns (blank cells dropped): 合计 预算数 with 出国 or 接待 预算数, or the
    same pair of 决算数, fit alike — both numbers are set aside with the reason, none is put in a guessed column."""
    reading = read_statement_tables(_rendering("text")["putuo_caizheng_2024"])
    assert not [c for c in reading.cells if c.table_code == "three_public"]
    aside = [a for a in reading.set_aside if a.table_code == "three_public"]
    assert len(aside) == 1 and aside[0].numbers == "0.95 0.95" and "column not determined" in aside[0].reason
    assert "0.95 0.95" in aside[0].evidence


def test_evidence_quotes_the_row_with_its_offsets():
    text = _rendering("text")["putuo_caizheng_2024"]
    for cell in read_statement_tables(text).cells:
        assert cell.evidence_start is not None and text[cell.evidence_start:cell.evidence_end] == cell.evidence
        assert cell.line == text.count("\n", 0, cell.evidence_start) + 1


@pytest.mark.parametrize(("line", "code"), [
    ("收入决算表", "income"),
    ("上海市普陀区财政局2024年度收入支出决算总表", "summary"),
    ("财政拨款收入支出决算总表（公开04表）", "fiscal_summary"),
    ("公开05表 一般公共预算财政拨款支出决算表", "gpb_expense"),
    ("一般公共预算财政拨款基本支出决算明细表", "gpb_basic"),
    ("财政拨款\u201c三公\u201d经费支出决算表", "three_public"),
    ("七、政府性基金预算财政拨款支出决算表", "gov_fund"),
])
def test_titles(line, code):
    assert table_of_title(line)[0] == code


@pytest.mark.parametrize("line", ["二、收入决算情况说明", "详见附表，一般公共预算财政拨款支出决算表所列。",
                                  "第二部分 上海市普陀区财政局2024年度部门决算表"])
def test_not_titles(line):
    assert table_of_title(line) is None


# ----------------------------------------------------------------------------- variants of the printed tables

def _cells(text: str) -> set[tuple]:
    return {(c.table_code, c.row_code, re.sub(r"\s", "", c.row_name) if not c.row_code else "", c.column_code, c.value)
            for c in read_statement_tables(text).cells}


def _base(name: str = "putuo_shehui_2024") -> str:
    return _rendering("text")[name]


def test_variant_page_break_with_repeated_header_and_page_number():
    text = _base()
    lines = text.split("\n")
    at = next(i for i, l in enumerate(lines) if l.startswith("2080505 ") or l.startswith("208 05 05"))
    title = next(l for l in reversed(lines[:at]) if table_of_title(l))
    header = lines[lines.index(title) + 1: lines.index(title) + 4]
    broken = "\n".join([*lines[:at], "12", title + "（续）", *header, *lines[at:]])
    assert _cells(broken) == _cells(text)


def test_variant_amounts_in_yuan():
    """A table printed in 元 gives the same cells in 万元, exactly."""
    text = _base()

    def to_yuan(m: re.Match) -> str:
        return f"{Decimal(m.group().replace(',', '')) * 10000:,.2f}"

    start = text.index("收入支出决算总表\n单位")
    end = text.index("第三部分")
    tables = re.sub(r"(?<![\d.])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d%])", to_yuan, text[start:end])
    yuan = text[:start] + tables.replace("单位：万元", "单位：元") + text[end:]
    assert _cells(yuan) == _cells(text)


def test_variant_joined_codes():
    """类/款/项 printed as '208 05 05' or joined as '2080505' are the same row code."""
    text = _base("putuo_caizheng_2024")
    joined = re.sub(r"(?m)^([2-3]\d{2}) (\d{2}) (\d{2}) ", r"\1\2\3 ", text)
    joined = re.sub(r"(?m)^([2]\d{2}) (\d{2}) ", r"\1\2 ", joined)
    assert joined != text and _cells(joined) == _cells(text)


def test_variant_columns_in_another_order():
    """基本支出 and 项目支出 swapped in the header and in every row: the cells follow the header."""
    text = _base()
    start = text.index("一般公共预算财政拨款支出决算表\n单位")
    end = text.index("一般公共预算财政拨款基本支出决算表\n单位")
    table = text[start:end].replace("合计 基本支出 项目支出", "合计 项目支出 基本支出")

    def swap(m: re.Match) -> str:
        head, numbers = m.group(1), m.group(2).split()
        if len(numbers) == 3:
            numbers = [numbers[0], numbers[2], numbers[1]]
        return head + " ".join(numbers)

    table = re.sub(r"(?m)^((?:.*\D )?)((?:[\d,]+\.\d{2} ?){3})$", swap, table)
    swapped = text[:start] + table + text[end:]
    assert "合计 项目支出 基本支出" in swapped
    got = {c for c in _cells(swapped) if c[0] == "gpb_expense"}
    assert got == {c for c in _cells(text) if c[0] == "gpb_expense"}


def test_variant_names_wrapped_differently():
    text = _base("putuo_caizheng_2024")
    wrapped = text.replace("208 05 05 机关事业单位基本养老保险\n缴费支出 160.75 160.75",
                           "208 05 05 机关事业单位\n基本养老保险缴费\n支出 160.75 160.75")
    assert wrapped != text and _cells(wrapped) == _cells(text)


def test_variant_row_with_every_cell_blank():
    """A row printed with its code and name only gives no cell (absent, not 0) and disturbs no other row."""
    text = _base()
    at = text.index("2013999")
    blank = text[:at] + "2013998 其他空白事务\n" + text[at:]
    cells = _cells(blank)
    assert not any(c[1] == "2013998" for c in cells)
    assert cells == _cells(text)


def test_a_table_that_is_none_of_the_standard_ones_keeps_its_printed_title_and_headers():
    grid = LayoutTable(page=3, rows=(("项目", "年初预算数", "决算数"), ("机关运行经费", "190.00", "184.65"),
                                     ("合计", "190.00", "")), text_above="机关运行经费支出决算表\n单位：万元")
    reading = read_statement_tables("", (grid,), (0,))
    assert [(t.table_code, t.table_title) for t in reading.tables] == [("other", "机关运行经费支出决算表")]
    cells = {(c.row_name, c.column_code, c.column_title, c.value) for c in reading.cells}
    assert cells == {("机关运行经费", "other", "年初预算数", Decimal("190.00")),
                     ("机关运行经费", "other", "决算数", Decimal("184.65")),
                     ("合计", "other", "年初预算数", Decimal("190.00"))}


def test_a_pdf_table_printed_in_yuan_is_converted_exactly():
    grid = LayoutTable(page=1, rows=(("项目", None, "决算数", "项目", "决算数"),
                                     ("一、一般公共预算财政拨款收入", None, "29,400,512.34", "一、一般公共服务支出", "1.00")),
                       text_above="收入支出决算总表\n单位：元")
    cells = {(c.row_name, c.column_code, c.value) for c in read_statement_tables("", (grid,), (0,)).cells}
    assert cells == {("一般公共预算财政拨款收入", "income_final", Decimal("2940.051234")),
                     ("一般公共服务支出", "expense_final", Decimal("0.0001"))}


@pytest.mark.parametrize("seed", range(6))
def test_damaged_tables_never_invent_a_figure(seed):
    """Lines of the tables part dropped and shuffled: the reader never fails, and every cell it still publishes
    is a number printed on the line its evidence quotes."""
    import random
    text = _base("putuo_guihua_2024")
    start = text.index("收入支出决算总表\n单位")
    end = text.index("第三部分", start)
    lines = text[start:end].split("\n")
    rng = random.Random(seed)
    lines = [l for l in lines if rng.random() > 0.15]
    for _ in range(10):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    damaged = text[:start] + "\n".join(lines) + text[end:]
    for cell in read_statement_tables(damaged).cells:
        printed = {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\.\d+", cell.evidence)}
        assert cell.value in printed


def test_table_rows_are_not_read_as_statements_of_the_narrative():
    """The 总表's rows (本年收入合计 2,946.25 … 总计 2,995.39) are cells, not restatements of the 说明's figures."""
    from pipeline.extract.document import extract_document
    from pipeline.extract.subject_codes import SubjectCatalog
    from pipeline.config import PROJECT_ROOT
    raw = read_document(DEV / "text" / "putuo_caizheng_2024.txt")
    doc = extract_document(raw, SubjectCatalog.load(PROJECT_ROOT / "data" / "reference"))
    totals = [f for f in doc.metrics if f.metric_code in ("income_total", "expense_total")]
    assert sorted((f.metric_code, f.value, f.statement) for f in totals) == [
        ("expense_total", Decimal("2940.05"), 1), ("income_total", Decimal("2946.25"), 1)]
    assert all(t.start is not None and t.end > t.start for t in doc.statement_tables)
