"""The marts built from the standard tables, checked on values (the dev reports' printed cells)."""
from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from pipeline.config import Settings
from pipeline.extract.records import EconomicItem, Span
from pipeline.load.warehouse import publish_warehouse
from tests.conftest import mirror_of
from tests.gold_cells import dev_document, dev_gold

NAMES = ("putuo_caizheng_2024", "putuo_guihua_2024", "putuo_shehui_2024")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    guihua = dev_document("putuo_guihua_2024", {"personnel_expense": "4896.98"})
    # the 说明 also states one 经济分类 item the table prints: it is counted once
    guihua.economic_items = [EconomicItem("人员经费", "基本工资", Decimal("537.64"), Span(0, 10), "30101")]
    docs = [dev_document("putuo_caizheng_2024"), guihua, dev_document("putuo_shehui_2024")]
    root = tmp_path_factory.mktemp("tables")
    target = root / "budget.duckdb"
    publish_warehouse(mirror_of(docs, root), target, Settings.from_env().reference_dir)
    with duckdb.connect(str(target), read_only=True) as connection:
        yield connection


def _rows(con, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_every_printed_cell_is_published_once_with_its_value_and_evidence(con):
    for name in NAMES:
        gold = dev_gold(name)["table_cells"]
        got = _rows(con, "select table_code, row_code, row_name, column_code, value, evidence "
                         "from marts.statement_table_cells where source_file = ?", f"{name}.txt")
        assert sorted(((g["table"], g["row_code"], g["row_name"], g["column"], Decimal(g["value"]), g["evidence"])
                       for g in gold), key=str) == sorted(got, key=str)
    (title,) = _rows(con, "select distinct table_name_zh from marts.statement_table_cells where table_code = 'gpb_basic'")
    assert title == ("一般公共预算财政拨款基本支出决算表",)


def test_function_expenditure_pivots_every_column_of_a_row(con):
    rows = _rows(con, "select table_code, class_code, section_code, item_code, subject_name, total, basic, project, fiscal "
                      "from marts.function_expenditure where source_file = 'putuo_guihua_2024.txt' "
                      "and subject_code = '2120101' order by table_code")
    assert rows == [("expense", "212", "01", "01", "行政运行", Decimal("1105.68"), Decimal("1096.91"), Decimal("8.77"), None),
                    ("gpb_expense", "212", "01", "01", "行政运行", Decimal("1092.80"), Decimal("1084.02"), Decimal("8.77"),
                     None),
                    ("income", "212", "01", "01", "行政运行", Decimal("1092.80"), None, None, Decimal("1092.80"))]
    (klass,) = _rows(con, "select level_name, section_code, item_code, total from marts.function_expenditure "
                          "where source_file = 'putuo_caizheng_2024.txt' and table_code = 'income' and subject_code = '208'")
    assert klass == ("类", None, None, Decimal("326.72"))


def test_a_metric_the_narrative_does_not_state_comes_from_its_table_cell(con):
    rows = _rows(con, "select source_file, value, source, evidence from marts.department_metrics "
                      "where metric_code = 'income_gpb' order by source_file")
    for name, (source_file, value, source, evidence) in zip(NAMES, rows, strict=True):
        gold = dev_gold(name)["metrics"]["income_gpb"]
        assert (source_file, value, source) == (f"{name}.txt", Decimal(gold["value"]), "table")
        assert gold["evidence"] in evidence
    # codes whose cells are blank are absent, not 0
    assert _rows(con, "select * from marts.department_metrics where metric_code in "
                      "('income_superior_subsidy', 'income_business', 'expense_operating')") == []


def test_the_narrative_wins_where_both_state_a_metric(con):
    assert _rows(con, "select value, source from marts.department_metrics where source_file = 'putuo_guihua_2024.txt' "
                      "and metric_code in ('personnel_expense', 'public_expense') order by metric_code") == [
        (Decimal("4896.98"), "narrative"), (Decimal("480.66"), "table")]


def test_economic_items_are_every_printed_cell_each_once(con):
    for name in NAMES:
        gold = sorted((g["group"], g["name"], Decimal(g["amount"])) for g in dev_gold(name)["economic_items"])
        got = _rows(con, "select group_name, item_name, amount_wan_yuan from marts.economic_expenditure_items "
                         "where source_file = ? and length(economic_code) = 5 order by all", f"{name}.txt")
        assert sorted(got) == gold
    assert _rows(con, "select economic_code, source from marts.economic_expenditure_items "
                      "where source_file = 'putuo_guihua_2024.txt' and item_name = '基本工资'") == [("30101", "narrative")]
    assert _rows(con, "select group_name, amount_wan_yuan from marts.economic_expenditure_items "
                      "where source_file = 'putuo_caizheng_2024.txt' and economic_code in ('302', '303') order by all") == [
        ("人员经费", Decimal("69.41")), ("公用经费", Decimal("171.07"))]


def test_gpb_items_take_basic_and_project_from_the_table(con):
    rows = _rows(con, "select item_name, amount_wan_yuan, basic_wan_yuan, project_wan_yuan, source "
                      "from marts.gpb_expenditure_items where source_file = 'putuo_shehui_2024.txt' order by subject_code")
    assert ("其他社会工作事务支出", Decimal("202.24"), None, Decimal("202.24"), "table") in rows
    assert ("行政运行", Decimal("51.32"), Decimal("51.32"), None, "table") in rows
    assert len(rows) == len(dev_gold("putuo_shehui_2024")["gpb_items"])


def test_three_public_takes_budget_and_final_per_item_from_the_table(con):
    row = _rows(con, "select three_public_budget, three_public_total, reception_budget, reception_expense, "
                     "outbound_budget, vehicle_operation_expense from marts.three_public "
                     "where source_file = 'putuo_guihua_2024.txt'")
    assert row == [(Decimal("2.85"), Decimal("0.39"), Decimal("2.85"), Decimal("0.39"), Decimal("0"), Decimal("0"))]
    (caizheng,) = _rows(con, "select three_public_budget, reception_budget, three_public_total from marts.three_public "
                             "where source_file = 'putuo_caizheng_2024.txt'")
    assert caizheng == (Decimal("0.95"), Decimal("0.95"), None)  # 决算数 cells blank: absent


def test_every_new_object_has_chinese_comments(con):
    missing = _rows(con, "select table_name, column_name from duckdb_columns() where schema_name in "
                         "('staging', 'core', 'marts') and comment is null")
    assert missing == []
