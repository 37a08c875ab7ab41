"""表内勾稽: sums, shares and rates the document states, recomputed from its own figures.

The 说明's sums (本年收入合计 = Σ 各项收入 …) read each figure as the warehouse
does (the 说明's first statement, else its table cell); the standard tables'
sums (合计 = 基本 + 项目, 类 = Σ 款, 合计 = Σ 类, the two 总表) read the cells.
A table sum runs where the table prints both sides; a row with numbers set
aside by the reader (column undetermined) is not judged.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from pipeline.extract.records import StatementCell
from pipeline.extract.statement_figures import (
    PERSONNEL_CLASSES,
    TABLE_METRICS,
    StatementIndex,
    item_name,
    row_key,
    statement_codes,
)
from pipeline.extract.tables.kinds import vocabulary
from pipeline.validate.findings.detail import detail_parts
from pipeline.validate.findings.outcomes import CENT, Figures, doubted, finding, metric_name, outcome, row_name, sum_of

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
# The total each addend of a sum rule is a share of.
SHARE_OF = {addend: total for _, _, total, addends in SUM_RULES for addend in addends}


def narrative_arithmetic(d: Figures) -> list[dict]:
    """The 说明's sums, shares, rates of change and completion rates."""
    rows = [_sum_rule(d, *rule) for rule in SUM_RULES]
    rows += [_ratio_rule(d, *rule) for rule in RATIO_RULES]
    rows += [_change_rule(d, *rule) for rule in CHANGE_RULES]
    return [*rows, *_stated_shares(d), *_class_totals(d), *_item_rules(d), *_completion_rates(d),
            *_percentages_in_range(d)]


def _completion_rates(d: Figures) -> list[dict]:
    """（三）: 完成预算的 x% of the whole and of each 项, recomputed from its 决算 and 预算."""
    rows = []
    for part in detail_parts(d):
        if part.completion is not None:
            rows.append(percent_rule(d, "gpb_completion_recomputed", "一般公共预算财政拨款支出完成预算比例 = 决算 / 预算",
                                     part.final, part.budgets.latest, part.completion, d.said(part.opening)))
        rows += [percent_rule(d, "item_completion_recomputed", f"{e.item.item_name}（项）完成预算比例 = 决算 / 预算",
                              e.item.amount, e.budgets.latest, e.item.completion_rate_pct, d.said(e.item.span))
                 for e in part.items if e.item.completion_rate_pct is not None]
    return rows


def _sum_rule(d: Figures, rule_id: str, description: str, total: str, addends: tuple[str, ...]) -> dict:
    stated_addends = [d.value(c) for c in addends if d.value(c) is not None]
    expected = sum(stated_addends, Decimal(0)) if stated_addends else None
    return outcome(d, rule_id, description, expected, d.value(total), CENT * max(len(stated_addends), 1),
                   d.quote(total, *addends), cells=d.cells_behind(total, *addends))


def percent_rule(d: Figures, rule_id: str, description: str, part: Decimal | None, whole: Decimal | None,
                 stated: Decimal | None, evidence: str) -> dict:
    """A stated percentage against part / whole × 100; half a unit of its last printed digit
    (plus a cent) is rounding, not an error."""
    expected = (part / whole * 100).quantize(CENT) if part is not None and whole else None
    tolerance = CENT + (Decimal(5) * Decimal(10) ** (stated.as_tuple().exponent - 1) if stated is not None else 0)
    return outcome(d, rule_id, description, expected, stated, tolerance, evidence, severity="warning")


def _ratio_rule(d: Figures, rule_id: str, description: str, pct: str, numerator: str, denominator: str) -> dict:
    return percent_rule(d, rule_id, description, d.value(numerator), d.value(denominator), d.value(pct),
                        d.quote(pct, numerator, denominator))


def _change_rule(d: Figures, rule_id: str, description: str, change: str, pct: str, current: str) -> dict:
    """The stated rate recomputed from the stated change; also catches 增加 x万元、下降 y% (signs disagree)."""
    delta, now = d.value(change), d.value(current)
    previous = now - delta if now is not None and delta is not None else None
    return percent_rule(d, rule_id, description, delta, previous, d.value(pct), d.quote(change, pct, current))


def _stated_shares(d: Figures) -> list[dict]:
    """占 x% printed for a part, recomputed against its total."""
    rows = []
    for share in d.doc.stated_shares:
        total = SHARE_OF.get(share.of_code)
        rows.append(percent_rule(d, "share_recomputed",
                                 f"{metric_name(share.of_code)}占{metric_name(total) if total else '其总额'}的比例",
                                 d.value(share.of_code), d.value(total) if total else None, share.value,
                                 f"{d.said(share.span)} | {d.quote(total) if total else ''}"))
    return rows


def _class_totals(d: Figures) -> list[dict]:
    """Each 类 total of the 结构 paragraph = Σ its 项 in the 具体情况 paragraph."""
    rows = []
    for total in d.doc.class_totals:
        items = [i for i in d.doc.gpb_items if i.class_key == total.class_key]
        rows.append(outcome(d, "class_total_sum", f"{total.class_name}（类）= Σ 其下各项",
                            sum((i.amount for i in items), Decimal(0)) if items else None, total.amount,
                            CENT * max(len(items), 1), d.said(total.span)))
        if total.share_pct is not None:
            rows.append(percent_rule(d, "class_share_recomputed", f"{total.class_name}（类）占一般公共预算财政拨款支出的比例",
                                     total.amount, d.value("gpb_expense"), total.share_pct,
                                     f"{d.said(total.span)} | {d.quote('gpb_expense')}"))
    return rows


def _item_rules(d: Figures) -> list[dict]:
    rows = []
    items = d.doc.gpb_items
    item_total = sum((i.amount for i in items), Decimal(0)) if items else None
    rows.append(outcome(d, "gpb_items_sum", "一般公共预算财政拨款支出 = Σ 功能分类项", item_total, d.value("gpb_expense"),
                        CENT * max(len(items), 1), d.quote("gpb_expense"), cells=d.cells_behind("gpb_expense")))
    by_group: dict[str, list[Decimal]] = defaultdict(list)
    for item in d.doc.economic_items:
        by_group[item.group_name].append(item.amount)
    for group, code in (("人员经费", "personnel_expense"), ("公用经费", "public_expense")):
        amounts = by_group.get(group)
        rows.append(outcome(d, f"economic_items_sum_{code}", f"{group} = Σ 经济分类科目",
                            sum(amounts, Decimal(0)) if amounts else None, d.value(code),
                            CENT * max(len(amounts or []), 1), d.quote(code), cells=d.cells_behind(code)))
    rows.append(outcome(d, "gpb_basic_within_basic", "一般公共预算财政拨款基本支出 ≤ 基本支出（支出决算）",
                        d.value("expense_basic"), d.value("gpb_basic_expense"), CENT,
                        d.quote("gpb_basic_expense", "expense_basic"), at_most=True,
                        cells=d.cells_behind("gpb_basic_expense", "expense_basic")))
    held, three_public = d.value("vehicle_asset_count"), d.value("official_vehicle_count")
    rows.append(outcome(d, "vehicle_count_within_assets", "“三公”公务用车数 ≤ 国有资产车辆总数", held, three_public,
                        Decimal(0), d.quote("official_vehicle_count", "vehicle_asset_count"), at_most=True))
    for project in d.doc.projects:
        parts = [v for v in (project.fiscal_budget, project.other_budget) if v is not None]
        rows.append(outcome(d, "project_budget_sum", f"项目“{project.project_name}”预算数 = 财政拨款 + 其它资金",
                            sum(parts, Decimal(0)) if parts else None, project.budget, CENT * max(len(parts), 1),
                            d.said(project.span)[:200]))
    actuals = [p.actual for p in d.doc.projects if p.actual is not None]
    rows.append(outcome(d, "project_actuals_within_project_expense", "Σ 绩效项目执行数 ≤ 项目支出",
                        d.value("expense_project"), sum(actuals, Decimal(0)) if actuals else None,
                        CENT * max(len(actuals), 1), d.quote("expense_project"), severity="warning", at_most=True))
    for score in d.doc.scores:
        if score.execution_rate_pct is not None and score.budget:
            rows.append(percent_rule(d, "narrative_execution_rate", f"“{score.subject}”执行率 = 执行数 / 预算数",
                                     score.actual, score.budget, score.execution_rate_pct, d.said(score.span)))
    return rows


def _percentages_in_range(d: Figures) -> list[dict]:
    """A share of a whole (占 x%) is between 0 and 100; a completion rate is never negative."""
    shares = [(s.span, s.value, "占比") for s in d.doc.stated_shares]
    shares += [(t.span, t.share_pct, "占比") for t in d.doc.class_totals if t.share_pct is not None]
    shares += [(f.span, f.value, "占比" if f.metric_code.endswith("share_pct") else "完成率")
               for f in d.doc.metrics if f.unit == "pct" and not f.metric_code.startswith("yoy_")]
    rows = []
    for span, value, kind in shares:
        if value < 0 or kind == "占比" and value > 100:
            rows.append(finding(d, "percentage_out_of_range", f"{kind}{value}%不可能（{'为负' if value < 0 else '超过100%'}）",
                                d.said(span), severity="error", expected=Decimal(100) if value > 0 else Decimal(0),
                                stated=value))
    return rows


# ---- The standard tables ---------------------------------------------------------------------

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
FISCAL_INCOME_SOURCES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
# A sum over the rows of a table some of whose numbers were set aside may miss a part.
PARTIAL_TABLE = "表中有数字未能确定所属列"


def table_arithmetic(d: Figures) -> list[dict]:
    ix = d.tables
    return [*_row_sums(d, ix), *_column_sums(d, ix), *_basic_groups(d, ix), *_three_public_sums(d, ix),
            *_summary_sums(d, ix)]


def _row_sums(d: Figures, ix: StatementIndex) -> list[dict]:
    """Along a row: 合计 = 基本 + 项目 (+ …), 本年收入合计 = Σ sources, 支出合计 = Σ 财政拨款 kinds."""
    rows = []
    for table, (total, parts) in ROW_SUMS.items():
        for row in ix.rows(table):
            cell = row.get(total)
            if cell is None or ix.has_set_aside(table, cell.row_code, cell.row_name):
                continue
            rows += sum_of(d, "table_row_sum", f"{cell.table_title}“{row_name(cell)}”：{cell.column_title} = Σ 其余各列",
                           cell, [row.get(p) for p in parts])
    return rows


def _children(coded: dict[str, dict[str, StatementCell]], parent: str) -> list[str]:
    return [code for code in coded if len(code) == len(parent) + 2 and code.startswith(parent)]


def _column_sums(d: Figures, ix: StatementIndex) -> list[dict]:
    """Down a column: 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类."""
    rows = []
    for table in (*FUNCTION_TABLES, "gpb_project", "gpb_basic"):
        coded = ix.coded(table)
        groups = [(code, cells, _children(coded, code)) for code, cells in coded.items() if len(code) in (3, 5)]
        groups.append((None, ix.row_named(table, "合计"), [code for code in coded if len(code) == 3]))
        partial = [PARTIAL_TABLE] if any(t == table for t, _ in ix.set_aside) else []
        for code, cells, children in groups:
            if not children or any(ix.has_set_aside(table, c) for c in children) or ix.has_set_aside(table, code, "合计"):
                continue
            for column, total in cells.items():
                rows += [doubted(row, partial) for row in sum_of(
                    d, "table_column_sum", f"{total.table_title}“{row_name(total)}”{total.column_title} = Σ 下级科目",
                    total, [coded[c].get(column) for c in children])]
    return rows


def _basic_groups(d: Figures, ix: StatementIndex) -> list[dict]:
    """基本支出决算表: 人员经费合计 = 301 + 303, 公用经费合计 = the other 类 (302, 310 …)."""
    coded = ix.coded("gpb_basic")
    classes = {code: cells.get("final") for code, cells in coded.items() if len(code) == 3}
    if {code[:3] for code in coded} - set(classes) or any(table == "gpb_basic" for table, _ in ix.set_aside):
        return []  # a 类 row not read, or numbers set aside: the sums would be partial
    rows = []
    for name, personnel in (("人员经费合计", True), ("公用经费合计", False)):
        parts = [cell for code, cell in classes.items() if (code in PERSONNEL_CLASSES) == personnel]
        rows += sum_of(d, "table_group_sum", f"基本支出决算表：{name} = Σ 其经济分类类", ix.named("gpb_basic", name, "final"),
                       parts)
    return rows


def _three_public_sums(d: Figures, ix: StatementIndex) -> list[dict]:
    """The 三公 table's item sums (合计 = 出国 + 用车 + 接待, 用车 = 购置 + 运行), as its vocabulary states them."""
    sums = [(item_name(total), [item_name(p) for p in parts])
            for total, parts in vocabulary().kinds["three_public"].item_relations]
    return [row for column in ("budget", "final") for total, parts in sums
            for row in sum_of(d, "table_three_public_sum",
                              f"“三公”经费表：{total} = {' + '.join(parts)}（{statement_codes()[1][column]}）",
                              ix.named("three_public", total, column),
                              [ix.named("three_public", p, column) for p in parts])]


def class_rows(ix: StatementIndex, table: str, column: str, classes: dict[str, StatementCell]) -> list[StatementCell]:
    """A 总表's 类 rows (printed without codes): the rows named as a 类 row of a 功能分类 table."""
    return [c for c in ix.cells.get(table, ()) if c.column_code == column and row_key(c.row_name) in classes]


def _all_classes(ix: StatementIndex, table: str, column: str, classes: dict[str, StatementCell]) -> list[StatementCell]:
    """The 类 rows of a 总表 when every 类 of the 功能分类 table is among them (a sum over
    some of them says nothing), else none."""
    rows = class_rows(ix, table, column, classes)
    return rows if {row_key(c.row_name) for c in rows} == set(classes) else []


def function_classes(ix: StatementIndex, table: str) -> dict[str, StatementCell]:
    """row_key of each 类 name → its 合计 (total) cell."""
    return {row_key(cells["total"].row_name): cells["total"] for code, cells in ix.coded(table).items()
            if len(code) == 3 and "total" in cells}


def _summary_sums(d: Figures, ix: StatementIndex) -> list[dict]:
    """The two 总表: 本年收入合计 = Σ sources, 本年支出合计 = Σ 类, 总计 = 合计 + 结转和结余, 收 = 支."""
    rows = []
    for table, income, expense_columns, begin, end, classes in (
            ("summary", "income_final", ("expense_final",), "年初结转和结余", "年末结转和结余",
             function_classes(ix, "expense")),
            ("fiscal_summary", "income_final",
             ("expense_final", "expense_gpb", "expense_gov_fund", "expense_soe_capital"),
             "年初财政拨款结转和结余", "年末财政拨款结转和结余", function_classes(ix, "gpb_expense"))):
        start = len(rows)
        title = "收入支出决算总表" if table == "summary" else "财政拨款收入支出决算总表"
        income_total = ix.named(table, "本年收入合计", income)
        sources = SUMMARY_INCOME_SOURCES if table == "summary" else FISCAL_INCOME_SOURCES
        rows += sum_of(d, "table_summary_sum", f"{title}：本年收入合计 = Σ 各项收入", income_total,
                       [ix.named(table, s, income, before=income_total) for s in sources] if income_total else [])
        rows += sum_of(d, "table_summary_sum", f"{title}：收入总计 = 本年收入合计 + {begin}", ix.named(table, "总计", income),
                       [income_total, ix.named(table, begin, income)] if income_total else [])
        for column in expense_columns:
            expense_total = ix.named(table, "本年支出合计", column)
            header = statement_codes()[1][column]
            rows += sum_of(d, "table_summary_sum", f"{title}：本年支出合计 = Σ 功能分类类（{header}）", expense_total,
                           _all_classes(ix, table, column, classes))
            rows += sum_of(d, "table_summary_sum", f"{title}：支出总计 = 本年支出合计 + {end}（{header}）",
                           ix.named(table, "总计", column),
                           [expense_total, ix.named(table, end, column)] if expense_total else [])
        rows += sum_of(d, "table_summary_sum", f"{title}：收入总计 = 支出总计", ix.named(table, "总计", income),
                       [ix.named(table, "总计", "expense_final")])
        if any(t == table for t, _ in ix.set_aside):
            rows[start:] = [doubted(row, [PARTIAL_TABLE]) for row in rows[start:]]
    return rows
