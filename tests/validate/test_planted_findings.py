"""Each kind of finding on a dev report with one error planted, and none on the report as published.

The altered copies are the dev reports' PDFium text (tests/fixtures/dev/text)
with one phrase changed; the tables' cases use the cells the gold records.
The PDFs as published give exactly the error-level findings their gold
``expected_findings`` list (every real slip found, no false alarm), and no
text rendering of them gives an error the gold does not list.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from pipeline.config import Settings
from pipeline.evaluate import KINDS, Tally, match_findings, same_finding
from pipeline.extract.document import ExtractedDocument, extract_document
from pipeline.extract.records import SetAsideCell, StatementCell, StatementTable
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.reader import read_document
from pipeline.validate.consistency import consistency_findings
from tests.gold_cells import DEV_DIR, dev_document, dev_gold

DEV = ("putuo_caizheng_2024", "putuo_guihua_2024", "putuo_shehui_2024")


@cache
def _catalog() -> SubjectCatalog:
    return SubjectCatalog.load(Settings.from_env().reference_dir)


def _read(path: Path) -> ExtractedDocument:
    return extract_document(read_document(path), _catalog())


def _failures(doc: ExtractedDocument) -> pl.DataFrame:
    return consistency_findings([doc]).filter(pl.col("status") == "fail")


def _planted(tmp_path: Path, name: str, old: str, new: str) -> pl.DataFrame:
    text = (DEV_DIR / "text" / f"{name}.txt").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / f"{name}.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return _failures(_read(path))


def _rule(found: pl.DataFrame, rule_id: str) -> list[tuple]:
    rows = found.filter(pl.col("rule_id") == rule_id)
    return [(r["severity"], r["expected"], r["stated"]) for r in rows.iter_rows(named=True)]


def _unexpected_errors(found: pl.DataFrame, name: str) -> list[str]:
    expected = [g for g in dev_gold(name)["expected_findings"] if g["severity"] == "error"]
    extra = []
    for row in found.filter(pl.col("severity") == "error").iter_rows(named=True):
        hit = next((g for g in expected if same_finding(g, row)), None)
        if hit is None:
            extra.append(f"{row['rule_id']}: {row['description']}")
        else:
            expected.remove(hit)
    return extra


@pytest.mark.parametrize("name", DEV)
def test_the_published_pdf_gives_exactly_the_slips_its_gold_lists(name):
    found = _failures(_read(DEV_DIR / "pdf" / f"{name}.pdf"))
    errors = found.filter(pl.col("severity") == "error")
    expected = [g for g in dev_gold(name)["expected_findings"] if g["severity"] == "error"]
    assert _unexpected_errors(found, name) == []
    assert errors.height == len(expected)


@pytest.mark.parametrize("rendering", ["text", "variants/plumber", "variants/layout"])
@pytest.mark.parametrize("name", DEV)
def test_every_text_rendering_gives_no_false_alarm(rendering, name):
    assert _unexpected_errors(_failures(_read(DEV_DIR / rendering / f"{name}.txt")), name) == []


ITEM_3 = "135.25万元。决算数小于"


@pytest.mark.parametrize("word", ["大于", "等于"])
def test_a_comparison_word_against_its_figures_is_an_error(tmp_path, word):
    found = _planted(tmp_path, "putuo_caizheng_2024", ITEM_3, ITEM_3.replace("小于", word))
    assert [r for r in _rule(found, "budget_direction")] == [("error", Decimal("135.90"), Decimal("135.25"))]


def test_the_three_public_comparison_word_against_its_figures_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "“三公”经费支出决算数小于预算数", "“三公”经费支出决算数大于预算数")
    rows = found.filter(pl.col("rule_id") == "budget_direction")
    assert [(r["severity"], r["expected"], r["stated"]) for r in rows.iter_rows(named=True)] == [
        ("error", Decimal("0.95"), Decimal("0.00"))]
    assert rows["description"][0].startswith("“三公”经费：文字称“决算数大于预算数”")


def test_a_comparison_is_made_with_the_budget_it_names(tmp_path):
    # 事业运行: 年初预算 0, 全年预算 17.68, 决算 11.31, “决算数小于全年预算数”
    found = _planted(tmp_path, "putuo_shehui_2024", "主要用于：事业单位人员支出。全年预算为 17.68",
                     "主要用于：事业单位人员支出。年初预算为 0 万元，全年预算为 17.68")
    assert _rule(found, "budget_direction") == []
    checks = consistency_findings([_read(tmp_path / "putuo_shehui_2024.txt")])
    row = checks.filter((pl.col("rule_id") == "budget_direction") & pl.col("description").str.starts_with("事业运行"))
    assert row.select("status", "expected", "stated").rows() == [("pass", Decimal("17.68"), Decimal("11.31"))]


def test_a_difference_without_its_reason_is_a_warning(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "预算数的主要原因：因产业政策扶持资金管理系统项目进度，调减相关经费。",
                     "预算数。")
    assert _rule(found, "budget_direction_reason") == [("warning", Decimal("135.90"), Decimal("135.25"))]
    assert _rule(found, "budget_direction") == []


def test_a_change_on_the_previous_year_without_its_reason_is_a_warning(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "下降1.87%。主要原因：基本支出中人员进出及退休变化，\n"
                     "以及项目支出中合同支付进度条款等原因减少支付。", "下降1.87%。")
    assert _rule(found, "change_reason") == [("warning", None, Decimal("-56.95"))]


def test_a_completion_of_an_initial_budget_of_zero_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "年初预算为2993.92万元，支出决算为2940.05万元，完",
                     "年初预算为0万元，全年预算为2993.92万元，支出决算为2940.05万元，完")
    assert _rule(found, "initial_budget_zero") == [("error", None, None)]
    assert _rule(found, "budget_direction") == []  # 2940.05 is 小于 the 全年预算 it is compared with


def test_an_item_completion_rate_that_does_not_recompute_is_a_warning(tmp_path):
    found = _planted(tmp_path, "putuo_guihua_2024", "完成年初预算的 98.61%", "完成年初预算的 96.61%")
    assert _rule(found, "item_completion_recomputed") == [("warning", Decimal("98.61"), Decimal("96.61"))]


def test_a_placeholder_left_in_the_text_is_a_warning(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "截至2024年12月31日，上海市普陀区财政局", "截至2024年12月31日，XX局")
    rows = found.filter(pl.col("rule_id") == "placeholder_text")
    assert rows["description"].to_list() == ["文中含模板占位符“XX”"] and set(rows["severity"]) == {"warning"}


def test_a_word_written_twice_is_a_warning(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "支出总计减少56.95万元", "支出总计减少减少56.95万元")
    rows = found.filter(pl.col("rule_id") == "repeated_word")
    assert rows["description"].to_list() == ["“减少”连写两次"] and set(rows["severity"]) == {"warning"}


def test_a_report_without_its_performance_section_is_told_so():
    found = _failures(_read(DEV_DIR.parent / "other_template_2022.txt"))
    assert found.filter(pl.col("rule_id") == "explanation_section_missing")["description"].to_list() == [
        "未见“预算绩效管理情况”"]
    dev = _failures(_read(DEV_DIR / "text" / "putuo_shehui_2024.txt"))
    assert dev.filter(pl.col("rule_id") == "explanation_section_missing").height == 0


def test_a_year_end_date_of_another_year_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_guihua_2024", "截至 2024 年 12 月 31 日", "截至 2023 年 12 月 31 日")
    assert _rule(found, "fiscal_year_date") == [("error", Decimal(2024), Decimal(2023))]


def test_a_heading_of_another_year_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "第三部分上海市普陀区财政局2024年度部门决算情况",
                     "第三部分上海市普陀区财政局2023年度部门决算情况")
    assert ("error", Decimal(2024), Decimal(2023)) in _rule(found, "report_heading")


def test_yuan_written_for_wan_yuan_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "机关运行经费支出184.65万元", "机关运行经费支出184.65元")
    assert _rule(found, "unit_slip") == [("error", None, Decimal("184.65"))]


def test_a_share_over_a_hundred_percent_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "占本年支出合计的100.00%", "占本年支出合计的120.00%")
    assert _rule(found, "percentage_out_of_range") == [("error", Decimal(100), Decimal("120.00"))]


def test_the_unit_named_otherwise_in_a_heading_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "第三部分上海市普陀区财政局2024年度部门决算情况",
                     "第三部分上海市普陀区财务局2024年度部门决算情况")
    rows = found.filter(pl.col("rule_id") == "unit_name")
    assert rows["description"].to_list() == ["单位名称写作“上海市普陀区财务局”，与封面“上海市普陀区财政局”不一致"]
    assert set(rows["severity"]) == {"error"}


def test_a_name_like_the_unit_s_in_a_sentence_may_be_another_body(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "截至2024年12月31日，上海市普陀区财政局",
                     "截至2024年12月31日，上海市普陀区财务局")
    rows = found.filter(pl.col("rule_id") == "unit_name")
    assert rows["description"].to_list() == ["单位名称写作“上海市普陀区财务局”，与封面“上海市普陀区财政局”不一致"]
    assert set(rows["severity"]) == {"warning"}  # only a joining word (与 for 和) is surely a slip


def test_a_subject_described_with_another_purpose_is_an_error(tmp_path):
    found = _planted(tmp_path, "putuo_caizheng_2024", "主要用于：缴纳在\n职人员住房公积金。", "主要用于：在职人员医疗保险支出。")
    rows = found.filter(pl.col("rule_id") == "subject_purpose")
    assert rows.height == 1 and "住房公积金" in rows["description"][0] and rows["severity"][0] == "error"


# ---- Blanks, doubtful cells and subtotals, on the gold's cells -------------------------------

THREE_PUBLIC = [StatementTable("three_public", "财政拨款“三公”经费支出决算表", "data")]


def test_a_figure_stated_where_the_table_prints_blank_is_an_error():
    # caizheng's 三公 table prints 合计 0.95 under 预算数 only: its 决算数 is blank
    found = _failures(dev_document("putuo_caizheng_2024", {"three_public_total": "0.50", "three_public_budget": "0.95"},
                                   statement_tables=THREE_PUBLIC))
    rows = found.filter(pl.col("rule_id") == "narrative_vs_table")
    assert [(r["severity"], r["expected"], r["stated"]) for r in rows.iter_rows(named=True)] == [
        ("error", Decimal(0), Decimal("0.50"))]
    assert "空白" in rows["description"][0] and "0.95" in rows["evidence"][0]


def test_zero_stated_where_the_table_prints_blank_agrees():
    found = _failures(dev_document("putuo_caizheng_2024", {"three_public_total": "0", "three_public_budget": "0.95"},
                                   statement_tables=THREE_PUBLIC))
    assert found.filter(pl.col("rule_id") == "narrative_vs_table").height == 0


def test_a_blank_in_a_table_not_read_whole_is_not_judged():
    doc = dev_document("putuo_caizheng_2024", {"three_public_total": "0.50"}, statement_tables=THREE_PUBLIC)
    aside = [SetAsideCell("three_public", "财政拨款“三公”经费支出决算表", None, "合计", "0.95 0.95",
                          "column not determined", "0.95 0.95", reason_code="column_undetermined")]
    found = _failures(dataclasses.replace(doc, set_aside_cells=aside))
    assert found.filter(pl.col("rule_id") == "narrative_vs_table").height == 0


def test_a_blank_in_a_table_with_a_column_not_known_is_not_judged():
    doc = dev_document("putuo_caizheng_2024", {"three_public_total": "0.50"}, statement_tables=THREE_PUBLIC)
    unknown = [dataclasses.replace(c, column_code="other", column_title="预算数（调整后）")
               if c.table_code == "three_public" and c.row_name == "公务接待费" else c for c in doc.cells]
    found = _failures(dataclasses.replace(doc, cells=unknown))
    assert found.filter(pl.col("rule_id") == "narrative_vs_table").height == 0


def test_a_blank_in_a_column_the_table_may_not_have_is_not_judged():
    doc = dev_document("putuo_shehui_2024", {"expense_remit_superior": "3.00"},
                       statement_tables=[StatementTable("expense", "支出决算表", "data")])
    assert _failures(doc).filter(pl.col("rule_id") == "narrative_vs_table").height == 0  # no row prints 上缴上级支出


def _misprinted(doc: ExtractedDocument, how: str) -> list[StatementCell]:
    return [dataclasses.replace(c, value=Decimal("60.00"), how=how)
            if (c.table_code, c.row_code, c.column_code) == ("gpb_expense", "2013950", "total") else c for c in doc.cells]


def test_an_error_resting_on_a_cell_placed_by_reasoning_is_a_warning_naming_the_doubt():
    doc = dev_document("putuo_shehui_2024")
    printed = _failures(dataclasses.replace(doc, cells=_misprinted(doc, "position")))
    reasoned = _failures(dataclasses.replace(doc, cells=_misprinted(doc, "arithmetic")))
    assert printed.filter(pl.col("rule_id") == "table_row_sum")["severity"].to_list() == ["error"]
    row = reasoned.filter(pl.col("rule_id") == "table_row_sum")
    assert row["severity"].to_list() == ["warning"] and "存疑：列位置由表内勾稽推定" in row["description"][0]


def test_a_subtotal_printed_among_its_children_is_not_summed_twice():
    doc = dev_document("putuo_caizheng_2024")
    parent = next(c for c in doc.cells if (c.table_code, c.row_code, c.column_code) == ("gpb_basic", "302", "final"))
    subtotal = dataclasses.replace(parent, row_code="30200", row_name="商品和服务支出小计", row_number=parent.row_number)
    found = _failures(dataclasses.replace(doc, cells=[*doc.cells, subtotal]))
    assert found.filter(pl.col("severity") == "error").height == 0
    rows = found.filter(pl.col("description").str.contains("302 商品和服务支出", literal=True))
    assert rows["expected"].to_list() == [Decimal("171.09")] and "小计" in rows["description"][0]  # not 342.16


def test_a_column_sum_over_a_table_with_numbers_set_aside_is_a_warning():
    doc = dev_document("putuo_caizheng_2024")
    cells = [dataclasses.replace(c, value=Decimal("262.00")) if (c.table_code, c.row_code, c.column_code)
             == ("gpb_basic", "30101", "final") else c for c in doc.cells]
    aside = [SetAsideCell("gpb_basic", "一般公共预算财政拨款基本支出决算表", None, "", "1.00", "column not determined",
                          "1.00", reason_code="column_undetermined")]
    whole = _failures(dataclasses.replace(doc, cells=cells))
    partial = _failures(dataclasses.replace(doc, cells=cells, set_aside_cells=aside))
    rule = (pl.col("rule_id") == "table_column_sum") & pl.col("description").str.contains("301 工资福利支出", literal=True)
    assert whole.filter(rule)["severity"].to_list() == ["error"]
    assert partial.filter(rule)["severity"].to_list() == ["warning"]
    assert "存疑：表中有数字未能确定所属列" in partial.filter(rule)["description"][0]


def test_a_figure_in_the_summary_for_a_table_printed_empty_is_an_error():
    empty = [StatementTable("gov_fund", "政府性基金预算财政拨款收入支出决算表", "empty", evidence="本表无数据")]
    doc = dev_document("putuo_caizheng_2024", statement_tables=empty)
    total = next(c for c in doc.cells if (c.table_code, c.row_name, c.column_code)
                 == ("fiscal_summary", "本年支出合计", "expense_final"))
    printed = dataclasses.replace(total, column_code="expense_gov_fund", column_title="政府性基金预算财政拨款",
                                  value=Decimal("5.00"))
    rule = pl.col("rule_id") == "empty_table_vs_summary"
    assert _failures(doc).filter(rule).height == 0
    found = _failures(dataclasses.replace(doc, cells=[*doc.cells, printed])).filter(rule)
    assert [(r["severity"], r["expected"], r["stated"]) for r in found.iter_rows(named=True)] == [
        ("error", Decimal(0), Decimal("5.00"))]


def _basic_cell(code: str, name: str, value: str, row: int) -> StatementCell:
    return StatementCell("gpb_basic", "一般公共预算财政拨款基本支出决算表", code, name, "final", "决算数", Decimal(value),
                         f"{code} {name} {value}", row_number=row)


def test_children_adding_up_to_twice_their_parent_are_a_warning():
    # every 款 of 302 read twice, under another code: no one child is the subtotal
    rows = [("302", "商品和服务支出", "10.00"), ("30201", "办公费", "4.00"), ("30202", "印刷费", "6.00"),
            ("30251", "办公费", "4.00"), ("30252", "印刷费", "6.00")]
    cells = [_basic_cell(code, name, value, n) for n, (code, name, value) in enumerate(rows, 1)]
    found = _failures(dev_document("putuo_caizheng_2024", cells=cells))
    row = found.filter(pl.col("rule_id") == "table_column_sum")
    assert row.select("severity", "expected", "stated").rows() == [("warning", Decimal("20.00"), Decimal("10.00"))]
    assert "两倍" in row["description"][0]
    once = _failures(dev_document("putuo_caizheng_2024", cells=[*cells[:2], _basic_cell("30202", "印刷费", "7.00", 3)]))
    assert once.filter(pl.col("rule_id") == "table_column_sum")["severity"].to_list() == ["error"]  # 11 ≠ 10


def test_an_empty_table_needs_its_empty_table_statement():
    bare = [StatementTable("gov_fund", "政府性基金预算财政拨款收入支出决算表", "empty")]
    said = [StatementTable("gov_fund", "政府性基金预算财政拨款收入支出决算表", "empty", evidence="故本表无数据")]
    rule = pl.col("rule_id") == "empty_table_statement"
    assert _failures(dev_document("putuo_shehui_2024", statement_tables=bare)).filter(rule).height == 1
    assert _failures(dev_document("putuo_shehui_2024", statement_tables=said)).filter(rule).height == 0


def test_every_finding_has_a_family_and_a_chinese_description():
    checks = consistency_findings([_read(DEV_DIR / "text" / "putuo_guihua_2024.txt")])
    assert checks["rule_family"].null_count() == 0
    assert set(checks["rule_family_zh"]) <= {"表内勾稽", "表间勾稽", "说明与表", "文字表述", "完整性", "单位信息"}
    fails = checks.filter(pl.col("status") == "fail")
    assert fails["description"].str.contains(r"[\u4e00-\u9fff]").all()
    assert not checks["description"].str.contains(r"[A-Za-z]{3,}").any()  # no codes: metric, column or table


def test_evaluate_counts_every_unlisted_error_as_a_false_alarm():
    gold = [{"rule_id": "narrative_vs_table", "severity": "error", "expected": "2961.68", "stated": "0.3"},
            {"rule_id": "unit_name", "severity": "error", "written": "财务局"}]
    got = [{"rule_id": "narrative_vs_table", "severity": "error", "expected": Decimal("2961.68"), "stated": Decimal("0.3"),
            "description": ""},
           {"rule_id": "narrative_vs_table", "severity": "error", "expected": Decimal("1"), "stated": Decimal("2"),
            "description": ""},
           {"rule_id": "unit_name", "severity": "warning", "description": "单位名称写作“财务局”"}]
    kinds = {k: Tally() for k in KINDS}
    match_findings(gold, got, kinds)
    error, warning = kinds["findings_error"], kinds["findings_warning"]
    assert (error.tp, error.fp, error.fn) == (1, 1, 1) and (warning.tp, warning.fp, warning.fn) == (0, 1, 0)
    assert (error.precision, error.recall) == (0.5, 0.5)
