"""说明与表: every figure the 说明 and a table both state must be the same number.

A blank is not a number: a figure the 说明 states (other than 0) whose cell the
table prints blank is a finding, not a pass and not a skip. A blank can be told
only in a table the reader read whole (data, nothing set aside), on a row it
read (or a row of the 三公 table, whose rows every report prints); elsewhere
the cell may just not have been read.
"""
from __future__ import annotations

from decimal import Decimal

from pipeline.extract.statement_figures import TABLE_METRICS, row_key
from pipeline.validate.findings.arithmetic import function_classes
from pipeline.validate.findings.outcomes import CENT, Figures, agree, cell_quote, metric_name, outcome

# What a table printed empty (本表无数据) says is 0.
EMPTY_TABLE_ZEROS = {
    "three_public": ("three_public_total", "three_public_budget", "outbound_expense", "vehicle_expense", "vehicle_purchase_expense",
                     "vehicle_operation_expense", "reception_expense"),
    "gov_fund": ("income_gov_fund", "gov_fund_expense"),
    "soe_capital": ("income_soe_capital", "soe_capital_expense"),
}
# Tables that print every row of their template, a blank row included.
FIXED_ROWS = ("three_public",)
# Columns every template of their tables has.
ALWAYS_PRINTED = ("final", "income_final", "expense_final", "total")
# (rule id, description, economic item name, metric code)
ITEM_VS_METRIC = (
    ("reception_vs_economic_item", "公务接待费（“三公”）= 经济分类 公务接待费", "公务接待费", "reception_expense"),
    ("vehicle_operation_vs_economic_item", "公务用车运行维护费（“三公”）= 经济分类 公务用车运行维护费",
     "公务用车运行维护费", "vehicle_operation_expense"),
)


def narrative_vs_tables(d: Figures) -> list[dict]:
    return [*_metrics_vs_cells(d), *_blank_cells(d), *_items_vs_rows(d), *_empty_tables(d), *_economic_items(d)]


def _metrics_vs_cells(d: Figures) -> list[dict]:
    return [agree(d, "narrative_vs_table", f"{metric_name(code)}：说明与{cell.table_title}“{cell.row_name}”不一致",
                  cell.value, d.first[code].value, 1, f"{d.quote(code)} | {cell_quote(cell)}", [cell])
            for code, cell in d.table_metrics.items() if code in d.first]


def _read_whole(d: Figures, table: str) -> bool:
    """The table was read with data, none of its numbers set aside and every column known: a cell it
    lacks is blank (a column the vocabulary does not know may be the one that holds it)."""
    cells = d.tables.cells.get(table, ())
    return (any(t.table_code == table and t.status == "data" for t in d.doc.statement_tables)
            and bool(cells) and all(c.column_code != "other" for c in cells)
            and not any(t == table for t, _ in d.tables.set_aside))


def _has_column(d: Figures, table: str, column: str) -> bool:
    """Whether the table has the column: a 决算 table always prints its 决算数 and 合计; another column
    (预算数, 上缴上级支出 …) only where some row prints a number in it."""
    return column in ALWAYS_PRINTED or any(c.column_code == column for c in d.tables.cells.get(table, ()))


def _blank_cells(d: Figures) -> list[dict]:
    """A figure the 说明 states where the table prints nothing: an error (0 stated is what a blank says)."""
    rows = []
    titles = {t.table_code: t.table_title for t in d.doc.statement_tables}
    for code, table, row, column in TABLE_METRICS:
        fact = d.first.get(code)
        if fact is None or code in d.table_metrics or fact.value == 0 or not _read_whole(d, table):
            continue
        printed = d.tables.row_named(table, row)
        if not printed and table not in FIXED_ROWS or not _has_column(d, table, column):
            continue
        where = f"{titles.get(table, table)}“{row}”"
        rows.append(outcome(d, "narrative_vs_table", f"{metric_name(code)}：说明所述金额在{where}中为空白",
                            Decimal(0), fact.value, Decimal(0),
                            f"{d.quote(code)} | {cell_quote(*printed.values()) or where + '：未印数字'}"))
    return rows


def _items_vs_rows(d: Figures) -> list[dict]:
    """类 totals and 功能分类 项 of the 说明 against the 一般公共预算财政拨款支出决算表."""
    ix = d.tables
    rows = []
    classes = {row_key(c.row_name).removesuffix("支出"): c for c in function_classes(ix, "gpb_expense").values()}
    for total in d.doc.class_totals:
        cell = classes.get(row_key(total.class_name).removesuffix("支出"))
        if cell is not None:
            rows.append(agree(d, "narrative_vs_table", f"{total.class_name}（类）：说明与{cell.table_title}不一致",
                              cell.value, total.amount, 1, f"{d.said(total.span)} | {cell_quote(cell)}", [cell]))
    items = ix.coded("gpb_expense")
    for item in d.doc.gpb_items:
        cell = items.get(item.subject_code or "", {}).get("total")
        if cell is not None:
            rows.append(agree(d, "narrative_vs_table", f"{item.item_name}（项）：说明与{cell.table_title}不一致",
                              cell.value, item.amount, 1, f"{d.said(item.span)} | {cell_quote(cell)}", [cell]))
        if item.subject_code is None:  # a finding about a name, not a sum
            rows.append({**outcome(d, "function_subject_unmatched", f"功能分类“{item.item_name}”未匹配参考科目表，代码为空",
                                   None, item.amount, Decimal(0), d.said(item.span)),
                         "status": "fail", "severity": "info"})
    return rows


def _empty_tables(d: Figures) -> list[dict]:
    """A figure the 说明 states for a table printed empty (本表无数据) must be 0."""
    rows = []
    for table in d.doc.statement_tables:
        for code in EMPTY_TABLE_ZEROS.get(table.table_code, ()) if table.status == "empty" else ():
            if code in d.first:
                rows.append(agree(d, "narrative_vs_table", f"{metric_name(code)}：说明与{table.table_title}（本表无数据）",
                                  Decimal(0), d.first[code].value, 1, f"{d.quote(code)} | {table.evidence}", []))
    return rows


def _economic_items(d: Figures) -> list[dict]:
    """经济分类 款 the 说明 lists with amounts against the 基本支出表; the 三公 items against their 款;
    机关运行经费 within 公用经费 (a unit with 事业单位 spends 公用经费 outside it, so only more is a finding)."""
    economic = d.tables.coded("gpb_basic")
    by_name = {row_key(cells["final"].row_name): cells["final"] for cells in economic.values() if "final" in cells}
    rows = []
    for item in d.doc.economic_items:
        cell = economic.get(item.economic_code or "", {}).get("final") or by_name.get(row_key(item.item_name))
        if cell is not None:
            rows.append(agree(d, "narrative_vs_table", f"{item.item_name}：说明与{cell.table_title}不一致",
                              cell.value, item.amount, 1, f"{d.said(item.span)} | {cell_quote(cell)}", [cell]))
    named = {i.item_name: i for i in d.doc.economic_items}
    for rule_id, description, name, code in ITEM_VS_METRIC:
        item = named.get(name)
        rows.append(outcome(d, rule_id, description, item.amount if item else None, d.value(code), CENT,
                            d.quote(code) + (f" | {d.said(item.span)}" if item else ""), cells=d.cells_behind(code)))
    rows.append(outcome(d, "admin_cost_vs_public_expense", "机关运行经费 ≤ 公用经费（机关运行经费是行政单位的公用经费）",
                        d.value("public_expense"), d.value("admin_operating_cost"), CENT,
                        d.quote("admin_operating_cost", "public_expense"), severity="warning", at_most=True,
                        cells=d.cells_behind("public_expense")))
    return rows
