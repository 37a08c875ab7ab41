"""Consistency findings: do the figures a document states agree with each other?

Each rule either passes, fails (a finding, with the evidence of both sides) or
cannot run because a figure is not stated (``insufficient_data`` — never a
pass). Arithmetic is exact; 0.01 万元 per addend counts as rounding.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipeline.extract.document import ExtractedDocument
from pipeline.extract.records import MetricFact

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
                  "status": pl.String, "severity": pl.String, "expected": pl.Decimal(18, 4),
                  "stated": pl.Decimal(18, 4), "difference": pl.Decimal(18, 4), "evidence": pl.String}


@dataclass
class _Doc:
    """What the rules read from one document."""

    doc: ExtractedDocument
    first: dict[str, MetricFact]

    def value(self, code: str) -> Decimal | None:
        fact = self.first.get(code)
        return fact.value if fact else None

    def quote(self, *codes: str) -> str:
        return " | ".join(f"{c}: {self.doc.evidence(self.first[c].span)}" for c in codes if c in self.first)


def consistency_findings(docs: list[ExtractedDocument]) -> pl.DataFrame:
    """Every rule on every document: pass, fail or insufficient_data."""
    rows: list[dict] = []
    for doc in docs:
        first: dict[str, MetricFact] = {}
        for fact in doc.metrics:
            first.setdefault(fact.metric_code, fact)
        d = _Doc(doc, first)
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
