"""Consistency findings: do the figures a document states agree with each other?

Each rule either passes, fails (a finding, with the evidence of both sides) or
cannot run because a figure is not stated (``insufficient_data`` — never a
pass). Arithmetic is exact; 0.01 万元 per addend counts as rounding.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipeline.extract.document import ExtractedDocument
from pipeline.extract.records import MetricFact, StatementCell
from pipeline.extract.statement_figures import (PERSONNEL_CLASSES, TABLE_METRICS, StatementIndex, row_key,
                                                statement_codes)
from pipeline.segment.lines import line_matches

CENT = Decimal("0.01")

# (rule id, description, total code, addend codes)
SUM_RULES = (
    ("income_sources_sum", "本年收入合计 = 各项收入之和", "income_total",
     ("income_gpb", "income_gov_fund", "income_soe_capital", "income_superior_subsidy", "income_business",
      "income_operating", "income_subordinate_remit", "income_other")),
    ("expense_uses_sum", "本年支出合计 = 基本支出 + 项目支出 + 其他各项支出", "expense_total",
     ("expense_basic", "expense_project", "expense_remit_superior", "expense_operating",
      "expense_subsidy_subordinate")),
    ("basic_expense_sum", "基本支出 = 人员经费 + 公用经费", "gpb_basic_expense",
     ("personnel_expense", "public_expense")),
    ("procurement_sum", "政府采购支出总额 = 货物 + 工程 + 服务", "procurement_total",
     ("procurement_goods", "procurement_works", "procurement_services")),
    ("three_public_sum", "“三公”经费 = 因公出国（境）+ 公务用车 + 公务接待", "three_public_total",
     ("outbound_expense", "vehicle_expense", "reception_expense")),
    ("vehicle_sum", "公务用车购置及运行维护费 = 购置费 + 运行维护费", "vehicle_expense",
     ("vehicle_purchase_expense", "vehicle_operation_expense")),
    ("reception_sum", "公务接待费 = 国内 + 外事", "reception_expense",
     ("reception_domestic_expense", "reception_foreign_expense")),
)
# (rule id, description, stated percentage, numerator, denominator)
RATIO_RULES = (
    ("gpb_share_recomputed", "一般公共预算财政拨款支出占本年支出合计比例", "gpb_expense_share_pct",
     "gpb_expense", "expense_total"),
    ("three_public_completion_recomputed", "“三公”经费完成预算比例", "three_public_completion_rate_pct",
     "three_public_total", "three_public_budget"),
)
# (rule id, description, change code, change pct code, current code)
CHANGE_RULES = (
    ("grand_total_change_vs_pct", "收、支总计增减额与增减率一致", "yoy_grand_total_change",
     "yoy_grand_total_pct", "income_grand_total"),
    ("gpb_change_vs_pct", "一般公共预算财政拨款支出增减额与增减率一致", "yoy_gpb_expense_change",
     "yoy_gpb_expense_pct", "gpb_expense"),
)
# (rule id, description, economic item name, metric code)
ITEM_VS_METRIC = (
    ("reception_vs_economic_item", "公务接待费（“三公”）= 经济分类 公务接待费", "公务接待费", "reception_expense"),
    ("vehicle_operation_vs_economic_item", "公务用车运行维护费（“三公”）= 经济分类 公务用车运行维护费",
     "公务用车运行维护费", "vehicle_operation_expense"),
)

FINDING_SCHEMA = {"doc_id": pl.String, "source_file": pl.String, "rule_id": pl.String, "description": pl.String,
                  "status": pl.String, "severity": pl.String, "expected": pl.Decimal(20, 6),
                  "stated": pl.Decimal(20, 6), "difference": pl.Decimal(20, 6), "evidence": pl.String}


@dataclass
class _Doc:
    """What the rules read from one document: a metric is the 说明's first statement of it,
    else the table cell that prints it (as in the warehouse)."""

    doc: ExtractedDocument
    first: dict[str, MetricFact]
    tables: StatementIndex
    table_metrics: dict[str, StatementCell]

    def value(self, code: str) -> Decimal | None:
        fact = self.first.get(code)
        cell = self.table_metrics.get(code)
        return fact.value if fact else cell.value if cell else None

    def quote(self, *codes: str) -> str:
        return " | ".join(f"{c}: {self.doc.evidence(self.first[c].span)}" if c in self.first
                          else f"{c}: {_cell_quote(self.table_metrics[c])}"
                          for c in codes if c in self.first or c in self.table_metrics)


def consistency_findings(docs: list[ExtractedDocument]) -> pl.DataFrame:
    """Every rule on every document: pass, fail or insufficient_data."""
    rows: list[dict] = []
    for doc in docs:
        first: dict[str, MetricFact] = {}
        for fact in doc.metrics:
            first.setdefault(fact.metric_code, fact)
        tables = StatementIndex.of(doc.cells, doc.set_aside_cells)
        d = _Doc(doc, first, tables, tables.metric_cells())
        for rule in SUM_RULES:
            rows.append(_sum_rule(d, *rule))
        for rule in RATIO_RULES:
            rows.append(_ratio_rule(d, *rule))
        for rule in CHANGE_RULES:
            rows.append(_change_rule(d, *rule))
        rows.extend(_restatements(d))
        rows.extend(_stated_shares(d))
        rows.extend(_class_totals(d))
        rows.extend(_item_rules(d))
        rows.extend(_table_findings(d))
    return pl.DataFrame(rows, schema=FINDING_SCHEMA, orient="row")


def _row(d: _Doc, rule_id: str, description: str, expected: Decimal | None, stated: Decimal | None,
         tolerance: Decimal, evidence: str, severity: str = "error", at_most: bool = False) -> dict:
    """One rule outcome; ``at_most`` checks stated ≤ expected instead of equality."""
    if expected is None or stated is None:
        status, difference = "insufficient_data", None
    else:
        difference = stated - expected
        within = difference <= tolerance if at_most else abs(difference) <= tolerance
        status = "pass" if within else "fail"
    return {"doc_id": d.doc.doc_id, "source_file": d.doc.source_file, "rule_id": rule_id,
            "description": description, "status": status, "severity": severity if status == "fail" else "info",
            "expected": expected, "stated": stated, "difference": difference, "evidence": evidence}


def _sum_rule(d: _Doc, rule_id: str, description: str, total: str, addends: tuple[str, ...]) -> dict:
    stated_addends = [d.value(c) for c in addends if d.value(c) is not None]
    expected = sum(stated_addends, Decimal(0)) if stated_addends else None
    return _row(d, rule_id, description, expected, d.value(total), CENT * max(len(stated_addends), 1),
                d.quote(total, *addends))


def _percent_rule(d: _Doc, rule_id: str, description: str, part: Decimal | None, whole: Decimal | None,
                  stated: Decimal | None, evidence: str) -> dict:
    """A stated percentage against part / whole × 100; half a unit of its last printed digit
    (plus a cent) is rounding, not an error."""
    expected = (part / whole * 100).quantize(CENT) if part is not None and whole else None
    tolerance = CENT + (Decimal(5) * Decimal(10) ** (stated.as_tuple().exponent - 1) if stated is not None else 0)
    return _row(d, rule_id, description, expected, stated, tolerance, evidence, severity="warning")


def _ratio_rule(d: _Doc, rule_id: str, description: str, pct: str, numerator: str, denominator: str) -> dict:
    return _percent_rule(d, rule_id, description, d.value(numerator), d.value(denominator), d.value(pct),
                         d.quote(pct, numerator, denominator))


def _change_rule(d: _Doc, rule_id: str, description: str, change: str, pct: str, current: str) -> dict:
    """The stated rate recomputed from the stated change; also catches 增加 x万元、下降 y% (signs disagree)."""
    delta, now = d.value(change), d.value(current)
    previous = now - delta if now is not None and delta is not None else None
    return _percent_rule(d, rule_id, description, delta, previous, d.value(pct), d.quote(change, pct, current))


# The total each addend of a sum rule is a share of.
SHARE_OF = {addend: total for _, _, total, addends in SUM_RULES for addend in addends}


def _stated_shares(d: _Doc) -> list[dict]:
    """占 x% printed for a part, recomputed against its total."""
    rows = []
    for share in d.doc.stated_shares:
        total = SHARE_OF.get(share.of_code)
        rows.append(_percent_rule(d, "share_recomputed", f"{share.of_code} 占 {total} 的比例",
                                  d.value(share.of_code), d.value(total) if total else None, share.value,
                                  f"{d.doc.evidence(share.span)} | {d.quote(total) if total else ''}"))
    return rows


def _class_totals(d: _Doc) -> list[dict]:
    """Each 类 total of the 结构 paragraph = Σ its 项 in the 具体情况 paragraph."""
    rows = []
    for total in d.doc.class_totals:
        items = [i for i in d.doc.gpb_items if i.class_key == total.class_key]
        rows.append(_row(d, "class_total_sum", f"{total.class_name}（类）= Σ 其下各项",
                         sum((i.amount for i in items), Decimal(0)) if items else None, total.amount,
                         CENT * max(len(items), 1), d.doc.evidence(total.span)))
        if total.share_pct is not None:
            rows.append(_percent_rule(d, "class_share_recomputed", f"{total.class_name}（类）占一般公共预算财政拨款支出的比例",
                                      total.amount, d.value("gpb_expense"), total.share_pct,
                                      f"{d.doc.evidence(total.span)} | {d.quote('gpb_expense')}"))
    return rows


def _restatements(d: _Doc) -> list[dict]:
    """The same figure stated twice with different numbers: the first one is the value."""
    rows = []
    for fact in d.doc.metrics:
        first = d.first[fact.metric_code]
        if fact.statement > 1 and fact.value != first.value:
            rows.append(_row(d, "stated_twice", f"{fact.metric_code} 前后两处金额不一致", first.value, fact.value,
                             Decimal(0), f"{d.doc.evidence(first.span)} | {d.doc.evidence(fact.span)}",
                             severity="warning"))
    return rows


def _item_rules(d: _Doc) -> list[dict]:
    rows = []
    items = d.doc.gpb_items
    item_total = sum((i.amount for i in items), Decimal(0)) if items else None
    rows.append(_row(d, "gpb_items_sum", "一般公共预算财政拨款支出 = Σ 功能分类项", item_total, d.value("gpb_expense"),
                     CENT * max(len(items), 1), d.quote("gpb_expense")))
    for item in items:
        if item.subject_code is None:
            rows.append({**_row(d, "function_subject_unmatched", f"功能分类“{item.item_name}”未匹配参考科目表，代码为空",
                                None, item.amount, Decimal(0), d.doc.evidence(item.span)),
                         "status": "fail", "severity": "info"})  # a finding about a name, not a sum
    by_group: dict[str, list[Decimal]] = defaultdict(list)
    for item in d.doc.economic_items:
        by_group[item.group_name].append(item.amount)
    for group, code in (("人员经费", "personnel_expense"), ("公用经费", "public_expense")):
        amounts = by_group.get(group)
        rows.append(_row(d, f"economic_items_sum_{code}", f"{group} = Σ 经济分类科目",
                         sum(amounts, Decimal(0)) if amounts else None, d.value(code),
                         CENT * max(len(amounts or []), 1), d.quote(code)))
    named = {i.item_name: i for i in d.doc.economic_items}
    for rule_id, description, name, code in ITEM_VS_METRIC:
        item = named.get(name)
        rows.append(_row(d, rule_id, description, item.amount if item else None, d.value(code), CENT,
                         d.quote(code) + (f" | {d.doc.evidence(item.span)}" if item else "")))
    rows.append(_row(d, "gpb_basic_within_basic", "一般公共预算财政拨款基本支出 ≤ 基本支出（支出决算）",
                     d.value("expense_basic"), d.value("gpb_basic_expense"), CENT,
                     d.quote("gpb_basic_expense", "expense_basic"), at_most=True))
    held, three_public = d.value("vehicle_asset_count"), d.value("official_vehicle_count")
    rows.append(_row(d, "vehicle_count_within_assets", "“三公”公务用车数 ≤ 国有资产车辆总数", held, three_public,
                     Decimal(0), d.quote("official_vehicle_count", "vehicle_asset_count"), at_most=True))
    for project in d.doc.projects:
        parts = [v for v in (project.fiscal_budget, project.other_budget) if v is not None]
        rows.append(_row(d, "project_budget_sum", f"项目“{project.project_name}”预算数 = 财政拨款 + 其它资金",
                         sum(parts, Decimal(0)) if parts else None, project.budget, CENT * max(len(parts), 1),
                         d.doc.evidence(project.span)[:200]))
    actuals = [p.actual for p in d.doc.projects if p.actual is not None]
    project_spend = d.value("expense_project")
    rows.append(_row(d, "project_actuals_within_project_expense", "Σ 绩效项目执行数 ≤ 项目支出", project_spend,
                     sum(actuals, Decimal(0)) if actuals else None, CENT * max(len(actuals), 1),
                     d.quote("expense_project"), severity="warning", at_most=True))
    for score in d.doc.scores:
        if score.execution_rate_pct is not None and score.budget:
            rows.append(_percent_rule(d, "narrative_execution_rate", f"“{score.subject}”执行率 = 执行数 / 预算数",
                                      score.actual, score.budget, score.execution_rate_pct, d.doc.evidence(score.span)))
    return rows


# ---- The standard tables (部门决算公开表) ------------------------------------------------------
# A table rule runs where the table prints both sides; a row with numbers set aside by the reader
# (column undetermined) is not judged. Exact agreement passes; a cent per addend is rounding
# (a finding of severity info); more is an error.

STANDARD_TABLES = ("summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic", "three_public",
                   "gov_fund", "soe_capital")
# table → (total column, addend columns) along a row
ROW_SUMS = {
    "income": ("total", ("fiscal", "superior_subsidy", "business", "operating", "subordinate_remit", "other_income")),
    "expense": ("total", ("basic", "project", "remit_superior", "operating", "subsidy_subordinate")),
    "gpb_expense": ("total", ("basic", "project")),
    "gpb_project": ("total", ("basic", "project")),
    "fiscal_summary": ("expense_final", ("expense_gpb", "expense_gov_fund", "expense_soe_capital")),
}
FUNCTION_TABLES = ("income", "expense", "gpb_expense")
SUMMARY_INCOME_SOURCES = tuple(row for code, table, row, _ in TABLE_METRICS
                               if table == "summary" and code.startswith("income_") and code not in
                               ("income_grand_total", "income_total"))
SUMMARY_FISCAL_SOURCES = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")
FISCAL_INCOME_SOURCES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
# (summary income row, income table column of its 合计 row)
SUMMARY_VS_INCOME = (("上级补助收入", "superior_subsidy"), ("事业收入", "business"), ("经营收入", "operating"),
                     ("附属单位上缴收入", "subordinate_remit"), ("其他收入", "other_income"))
THREE_PUBLIC_SUMS = (("合计", ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")),
                     ("公务用车购置及运行维护费", ("公务用车购置费", "公务用车运行维护费")))
# What a table printed empty (本表无数据) says is 0.
EMPTY_TABLE_ZEROS = {
    "three_public": ("three_public_total", "outbound_expense", "vehicle_expense", "vehicle_purchase_expense",
                     "vehicle_operation_expense", "reception_expense"),
    "gov_fund": ("income_gov_fund", "gov_fund_expense"),
    "soe_capital": ("income_soe_capital", "soe_capital_expense"),
}
PLACEHOLDER = re.compile(r"[XxＸｘ×]{2,}|某某")
YEAR = re.compile(r"(20\d{2})\s*年")
# A part heading of the report on a line of its own: [第二部分] <department> 2024 年度部门决算[表|情况说明]
HEADING = re.compile(r"^[^\S\n]*(?:第[一二三四五六七八九十]+部分)?[^\S\n]*(?P<name>[^\n。，；：:（(]{0,40}?)[^\S\n]*"
                     r"(?P<year>20\d{2})[^\S\n]*年度?[^\S\n]*部门决算(?:表|情况说明|情况)?[^\S\n]*$", re.M)


def _cell_quote(*cells: StatementCell | None) -> str:
    quotes = dict.fromkeys(f"{c.table_title}：{c.evidence}" for c in cells if c is not None)
    return " | ".join(quotes)


def _agree(d: _Doc, rule_id: str, description: str, expected: Decimal, stated: Decimal, addends: int,
           evidence: str, at_most: bool = False) -> dict:
    """Exact → pass; within a cent per addend → rounding (info); beyond → error."""
    row = _row(d, rule_id, description, expected, stated, Decimal(0), evidence, at_most=at_most)
    if row["status"] == "fail" and abs(row["difference"]) <= CENT * max(addends, 1):
        row["severity"] = "info"
        row["description"] += "（舍入差）"
    return row


def _sum_of(d: _Doc, rule_id: str, description: str, total: StatementCell | None,
            parts: list[StatementCell | None]) -> list[dict]:
    """total = Σ printed parts (a blank part is nothing); no finding without the total or any part."""
    printed = [p for p in parts if p is not None]
    if total is None or not printed:
        return []
    return [_agree(d, rule_id, description, sum((p.value for p in printed), Decimal(0)), total.value, len(printed),
                   _cell_quote(total, *printed))]


def _name(cell: StatementCell) -> str:
    return f"{cell.row_code + ' ' if cell.row_code else ''}{cell.row_name}"


def _table_findings(d: _Doc) -> list[dict]:
    ix = d.tables
    return [*_row_sums(d, ix), *_column_sums(d, ix), *_basic_groups(d, ix), *_three_public_sums(d, ix),
            *_summary_sums(d, ix), *_between_tables(d, ix), *_narrative_vs_tables(d, ix), *_table_presence(d),
            *_headings(d)]


def _row_sums(d: _Doc, ix: StatementIndex) -> list[dict]:
    """Along a row: 合计 = 基本 + 项目 (+ …), 本年收入合计 = Σ sources, 支出合计 = Σ 财政拨款 kinds."""
    rows = []
    for table, (total, parts) in ROW_SUMS.items():
        for row in ix.rows(table):
            cell = row.get(total)
            if cell is None or ix.has_set_aside(table, cell.row_code, cell.row_name):
                continue
            rows += _sum_of(d, "table_row_sum", f"{cell.table_title}“{_name(cell)}”：{cell.column_title} = Σ 其余各列",
                            cell, [row.get(p) for p in parts])
    return rows


def _children(coded: dict[str, dict[str, StatementCell]], parent: str) -> list[str]:
    return [code for code in coded if len(code) == len(parent) + 2 and code.startswith(parent)]


def _column_sums(d: _Doc, ix: StatementIndex) -> list[dict]:
    """Down a column: 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类."""
    rows = []
    for table in (*FUNCTION_TABLES, "gpb_project", "gpb_basic"):
        coded = ix.coded(table)
        groups = [(code, cells, _children(coded, code)) for code, cells in coded.items() if len(code) in (3, 5)]
        groups.append((None, ix.row_named(table, "合计"), [code for code in coded if len(code) == 3]))
        for code, cells, children in groups:
            if not children or any(ix.has_set_aside(table, c) for c in children) or ix.has_set_aside(table, code, "合计"):
                continue
            for column, total in cells.items():
                rows += _sum_of(d, "table_column_sum", f"{total.table_title}“{_name(total)}”{total.column_title} = Σ 下级科目",
                                total, [coded[c].get(column) for c in children])
    return rows


def _basic_groups(d: _Doc, ix: StatementIndex) -> list[dict]:
    """基本支出决算表: 人员经费合计 = 301 + 303, 公用经费合计 = the other 类 (302, 310 …)."""
    coded = ix.coded("gpb_basic")
    classes = {code: cells.get("final") for code, cells in coded.items() if len(code) == 3}
    if {code[:3] for code in coded} - set(classes) or any(table == "gpb_basic" for table, _ in ix.set_aside):
        return []  # a 类 row not read, or numbers set aside: the sums would be partial
    rows = []
    for name, personnel in (("人员经费合计", True), ("公用经费合计", False)):
        parts = [cell for code, cell in classes.items() if (code in PERSONNEL_CLASSES) == personnel]
        rows += _sum_of(d, "table_group_sum", f"基本支出决算表：{name} = Σ 其经济分类类", ix.named("gpb_basic", name, "final"),
                        parts)
    return rows


def _three_public_sums(d: _Doc, ix: StatementIndex) -> list[dict]:
    return [row for column in ("budget", "final") for total, parts in THREE_PUBLIC_SUMS
            for row in _sum_of(d, "table_three_public_sum", f"“三公”经费表：{total} = {' + '.join(parts)}（{column}）",
                               ix.named("three_public", total, column),
                               [ix.named("three_public", p, column) for p in parts])]


def _class_rows(ix: StatementIndex, table: str, column: str, classes: dict[str, StatementCell]) -> list[StatementCell]:
    """A 总表's 类 rows (printed without codes): the rows named as a 类 row of a 功能分类 table."""
    return [c for c in ix.cells.get(table, ()) if c.column_code == column and row_key(c.row_name) in classes]


def _all_classes(ix: StatementIndex, table: str, column: str, classes: dict[str, StatementCell]) -> list[StatementCell]:
    """The 类 rows of a 总表 when every 类 of the 功能分类 table is among them (a sum over
    some of them says nothing), else none."""
    rows = _class_rows(ix, table, column, classes)
    return rows if {row_key(c.row_name) for c in rows} == set(classes) else []


def _function_classes(ix: StatementIndex, table: str) -> dict[str, StatementCell]:
    """row_key of each 类 name → its 合计 (total) cell."""
    return {row_key(cells["total"].row_name): cells["total"] for code, cells in ix.coded(table).items()
            if len(code) == 3 and "total" in cells}


def _summary_sums(d: _Doc, ix: StatementIndex) -> list[dict]:
    """The two 总表: 本年收入合计 = Σ sources, 本年支出合计 = Σ 类, 总计 = 合计 + 结转和结余, 收 = 支."""
    rows = []
    for table, income, expense_columns, begin, end, classes in (
            ("summary", "income_final", ("expense_final",), "年初结转和结余", "年末结转和结余",
             _function_classes(ix, "expense")),
            ("fiscal_summary", "income_final",
             ("expense_final", "expense_gpb", "expense_gov_fund", "expense_soe_capital"),
             "年初财政拨款结转和结余", "年末财政拨款结转和结余", _function_classes(ix, "gpb_expense"))):
        title = "收入支出决算总表" if table == "summary" else "财政拨款收入支出决算总表"
        income_total = ix.named(table, "本年收入合计", income)
        sources = SUMMARY_INCOME_SOURCES if table == "summary" else FISCAL_INCOME_SOURCES
        rows += _sum_of(d, "table_summary_sum", f"{title}：本年收入合计 = Σ 各项收入", income_total,
                        [ix.named(table, s, income, before=income_total) for s in sources] if income_total else [])
        rows += _sum_of(d, "table_summary_sum", f"{title}：收入总计 = 本年收入合计 + {begin}", ix.named(table, "总计", income),
                        [income_total, ix.named(table, begin, income)] if income_total else [])
        for column in expense_columns:
            expense_total = ix.named(table, "本年支出合计", column)
            header = statement_codes()[1][column]
            rows += _sum_of(d, "table_summary_sum", f"{title}：本年支出合计 = Σ 功能分类类（{header}）", expense_total,
                            _all_classes(ix, table, column, classes))
            rows += _sum_of(d, "table_summary_sum", f"{title}：支出总计 = 本年支出合计 + {end}（{header}）",
                            ix.named(table, "总计", column),
                            [expense_total, ix.named(table, end, column)] if expense_total else [])
        rows += _sum_of(d, "table_summary_sum", f"{title}：收入总计 = 支出总计", ix.named(table, "总计", income),
                        [ix.named(table, "总计", "expense_final")])
    return rows


def _between_tables(d: _Doc, ix: StatementIndex) -> list[dict]:
    """Figures two tables both print: the 总表 against the 收入/支出/一般公共预算 tables, the
    基本支出表 against the 一般公共预算 基本支出, and 一般公共预算 ≤ all funds per row."""
    rows = []
    for table, column, function_table in (("summary", "expense_final", "expense"),
                                          ("fiscal_summary", "expense_gpb", "gpb_expense")):
        classes = _function_classes(ix, function_table)
        for cell in _class_rows(ix, table, column, classes):
            same = classes[row_key(cell.row_name)]
            rows += _sum_of(d, "tables_agree", f"{cell.table_title}“{cell.row_name}” = {same.table_title} {_name(same)}",
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
        rows += _sum_of(d, "tables_agree", description, total, parts)
    expense = ix.coded("expense")
    for code, cells in ix.coded("gpb_expense").items():
        for column in ("total", "basic", "project"):
            gpb, every = cells.get(column), expense.get(code, {}).get(column)
            judged = not (ix.has_set_aside("gpb_expense", code) or ix.has_set_aside("expense", code))
            if gpb is not None and every is not None and judged:
                rows.append(_agree(d, "gpb_within_expense", f"一般公共预算财政拨款支出 ≤ 支出决算（{code} {column}）",
                                   every.value, gpb.value, 1, _cell_quote(gpb, every), at_most=True))
    return rows


def _narrative_vs_tables(d: _Doc, ix: StatementIndex) -> list[dict]:
    """Every figure the 说明 and a table both state: metrics, 类 totals, 功能分类 项, 经济分类 款."""
    rows = []
    for code, cell in d.table_metrics.items():
        if code in d.first:
            rows.append(_agree(d, "narrative_vs_table", f"{code}：说明与{cell.table_title}“{cell.row_name}”",
                               cell.value, d.first[code].value, 1, f"{d.quote(code)} | {_cell_quote(cell)}"))
    classes = {row_key(c.row_name).removesuffix("支出"): c for c in _function_classes(ix, "gpb_expense").values()}
    for total in d.doc.class_totals:
        cell = classes.get(row_key(total.class_name).removesuffix("支出"))
        if cell is not None:
            rows.append(_agree(d, "narrative_vs_table", f"{total.class_name}（类）：说明与{cell.table_title}",
                               cell.value, total.amount, 1, f"{d.doc.evidence(total.span)} | {_cell_quote(cell)}"))
    items = ix.coded("gpb_expense")
    for item in d.doc.gpb_items:
        cell = items.get(item.subject_code or "", {}).get("total")
        if cell is not None:
            rows.append(_agree(d, "narrative_vs_table", f"{item.item_name}（项）：说明与{cell.table_title}",
                               cell.value, item.amount, 1, f"{d.doc.evidence(item.span)} | {_cell_quote(cell)}"))
    for table in d.doc.statement_tables:
        for code in EMPTY_TABLE_ZEROS.get(table.table_code, ()) if table.status == "empty" else ():
            if code in d.first:
                rows.append(_agree(d, "narrative_vs_table", f"{code}：说明与{table.table_title}（本表无数据）",
                                   Decimal(0), d.first[code].value, 1, f"{d.quote(code)} | {table.evidence}"))
    economic = ix.coded("gpb_basic")
    by_name = {row_key(cells["final"].row_name): cells["final"] for cells in economic.values() if "final" in cells}
    for item in d.doc.economic_items:
        cell = economic.get(item.economic_code or "", {}).get("final") or by_name.get(row_key(item.item_name))
        if cell is not None:
            rows.append(_agree(d, "narrative_vs_table", f"{item.item_name}：说明与{cell.table_title}",
                               cell.value, item.amount, 1, f"{d.doc.evidence(item.span)} | {_cell_quote(cell)}"))
    return rows


def _table_presence(d: _Doc) -> list[dict]:
    """A standard table listed but absent, or missing beside the others; a heading with a
    placeholder or another year than the report's."""
    tables = d.doc.statement_tables
    if not tables:
        return []
    rows = []
    found = {t.table_code for t in tables if t.status != "listed_missing"}
    names, _ = statement_codes()
    for code in STANDARD_TABLES:
        if code not in found:
            listed = any(t.table_code == code for t in tables)
            rows.append(_finding(d, "statement_table_missing",
                                 f"{names[code]}：{'目录列出但正文未见' if listed else '未见此标准表'}",
                                 next((t.evidence for t in tables if t.table_code == code), "")))
    return rows


def _headings(d: _Doc) -> list[dict]:
    """Table titles and the report's part headings (…2024年度部门决算表): a placeholder (XX局),
    another year than the report's, or another department name than the report's."""
    ident = d.doc.identity
    headings = [(t.table_title, t.evidence or t.table_title, None) for t in d.doc.statement_tables]
    headings += [(m.group(0).strip(), m.group(0).strip(), m.group("name"))
                 for m in line_matches(HEADING, d.doc.normalized.original, ("部门决算",))]
    rows = []
    for heading, evidence, name in headings:
        if PLACEHOLDER.search(heading):
            rows.append(_finding(d, "report_heading", f"标题含占位符：{heading}", evidence))
        if ident.fiscal_year is not None and {int(y) for y in YEAR.findall(heading)} - {ident.fiscal_year}:
            rows.append(_finding(d, "report_heading", f"标题年度与决算年度 {ident.fiscal_year} 不符：{heading}", evidence))
        name = re.sub(r"\s+", "", name or "")
        if name and ident.department_name and not PLACEHOLDER.search(name) and name != ident.department_name:
            rows.append(_finding(d, "report_heading", f"标题部门名称与报告（{ident.department_name}）不符：{heading}",
                                 evidence))
    return rows


def _finding(d: _Doc, rule_id: str, description: str, evidence: str) -> dict:
    """A finding about the document's make-up, not a figure."""
    return {**_row(d, rule_id, description, None, None, Decimal(0), evidence),
            "status": "fail", "severity": "warning"}
