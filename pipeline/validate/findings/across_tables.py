"""表间勾稽: figures two standard tables both print.

The 总表 against the 收入/支出/一般公共预算 tables, the 基本支出表 against the
一般公共预算 基本支出, and 一般公共预算 ≤ all funds, row by row.
"""
from __future__ import annotations

import functools
from decimal import Decimal

from pipeline.extract.statement_figures import row_key
from pipeline.validate.findings.arithmetic import class_rows, function_classes
from pipeline.validate.findings.outcomes import Figures, agree, cell_quote, outcome, row_name, sum_of

SUMMARY_FISCAL_SOURCES = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")
# (summary income row, income table column of its 合计 row)
SUMMARY_VS_INCOME = (("上级补助收入", "superior_subsidy"), ("事业收入", "business"), ("经营收入", "operating"),
                     ("附属单位上缴收入", "subordinate_remit"), ("其他收入", "other_income"))


# A table printed empty, and the 财政拨款收入支出决算总表 column (and income row) that repeat it.
EMPTY_IN_SUMMARY = (("gov_fund", "expense_gov_fund", "政府性基金预算财政拨款"),
                    ("soe_capital", "expense_soe_capital", "国有资本经营预算财政拨款"))


def empty_tables_in_summary(d: Figures) -> list[dict]:
    """A 政府性基金/国有资本经营 table printed empty says the 财政拨款总表 prints nothing but 0 for it."""
    rows = []
    empty = {t.table_code: t for t in d.doc.statement_tables if t.status == "empty"}
    for table, column, income_row in EMPTY_IN_SUMMARY:
        if table not in empty:
            continue
        printed = [c for c in d.tables.cells.get("fiscal_summary", ()) if c.value != 0 and (
            c.column_code == column or c.column_code == "income_final" and row_key(c.row_name) == row_key(income_row))]
        for cell in printed:
            rows.append(outcome(d, "empty_table_vs_summary", f"{empty[table].table_title}为空表，"
                                f"{cell.table_title}“{cell.row_name}”{cell.column_title}却为{cell.value}",
                                Decimal(0), cell.value, Decimal(0),
                                f"{empty[table].evidence or empty[table].table_title} | {cell_quote(cell)}", cells=[cell]))
    return rows


def between_tables(d: Figures) -> list[dict]:
    ix = d.tables
    rows = []
    for table, column, function_table in (("summary", "expense_final", "expense"),
                                          ("fiscal_summary", "expense_gpb", "gpb_expense")):
        classes = function_classes(ix, function_table)
        for cell in class_rows(ix, table, column, classes):
            same = classes[row_key(cell.row_name)]
            rows += sum_of(d, "tables_agree", f"{cell.table_title}“{cell.row_name}” = {same.table_title} {row_name(same)}",
                           cell, [same])
    income_total = ix.row_named("income", "合计")
    summary_income = functools.partial(ix.named, "summary", column="income_final")
    pairs = [("收入支出决算总表 本年收入合计 = 收入决算表 合计", summary_income("本年收入合计"), [income_total.get("total")]),
             ("收入支出决算总表 本年支出合计 = 支出决算表 合计", ix.named("summary", "本年支出合计", "expense_final"),
              [ix.row_named("expense", "合计").get("total")]),
             ("财政拨款收入支出决算总表 一般公共预算财政拨款支出 = 一般公共预算财政拨款支出决算表 合计",
              ix.named("fiscal_summary", "本年支出合计", "expense_gpb"), [ix.row_named("gpb_expense", "合计").get("total")]),
             ("收入支出决算总表 一般公共预算财政拨款收入 = 财政拨款收入支出决算总表 一般公共预算财政拨款",
              summary_income("一般公共预算财政拨款收入"), [ix.named("fiscal_summary", "一般公共预算财政拨款", "income_final")]),
             ("收入决算表 财政拨款收入 = 收入支出决算总表 三项财政拨款收入之和", income_total.get("fiscal"),
              [summary_income(name) for name in SUMMARY_FISCAL_SOURCES]),
             *((f"收入支出决算总表 {name} = 收入决算表 合计", summary_income(name), [income_total.get(column)])
               for name, column in SUMMARY_VS_INCOME),
             ("一般公共预算财政拨款支出决算表 基本支出 = 基本支出决算表 人员经费合计 + 公用经费合计",
              ix.row_named("gpb_expense", "合计").get("basic"),
              [ix.named("gpb_basic", "人员经费合计", "final"), ix.named("gpb_basic", "公用经费合计", "final")])]
    for description, total, parts in pairs:
        rows += sum_of(d, "tables_agree", description, total, parts)
    rows += empty_tables_in_summary(d)
    expense = ix.coded("expense")
    for code, cells in ix.coded("gpb_expense").items():
        for column in ("total", "basic", "project"):
            gpb, every = cells.get(column), expense.get(code, {}).get(column)
            judged = not (ix.has_set_aside("gpb_expense", code) or ix.has_set_aside("expense", code))
            if gpb is not None and every is not None and judged:
                rows.append(agree(d, "gpb_within_expense", f"一般公共预算财政拨款支出 ≤ 支出决算（{code} {gpb.column_title}）",
                                  every.value, gpb.value, 1, cell_quote(gpb, every), [gpb, every], at_most=True))
    return rows
