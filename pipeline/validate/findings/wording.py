"""文字表述: what the 说明's words say about its own figures.

A comparison word (决算数小于预算数) against the two figures it compares, a
difference from the budget or the previous year left without its reason, a
completion rate against a 年初预算 of 0, a year-end date of another year, 元
written where 万元 is meant, a subject described with another's purpose, a
word written twice, the same figure stated twice. The word lists are
findings.yaml's.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from pipeline.extract.records import Span
from pipeline.segment.sections import section_at
from pipeline.text.amounts import parse_decimal
from pipeline.validate.findings.detail import Budgets, detail_parts
from pipeline.validate.findings.outcomes import Figures, finding, findings_vocabulary, metric_name, outcome

_BUDGET_KIND = r"(?:全年|年初|调整后?)?预算数?"
# Sections whose dates are the fiscal year's end (车辆保有量, 国有资产占有使用情况).
YEAR_END_SECTIONS = ("assets", "three_public", "other_matters")


@cache
def _patterns() -> dict[str, re.Pattern]:
    vocab = findings_vocabulary()
    words = sorted([*vocab["roughly_equal"], *(w for ws in vocab["direction_words"].values() for w in ws)],
                   key=len, reverse=True)
    subjects = "|".join(map(re.escape, vocab["unit_slip_subjects"]))
    direction = rf"决算数?(?:(?:与|同|和|较|比){_BUDGET_KIND})?(?P<word>{'|'.join(words)})(?:{_BUDGET_KIND})?"
    return {"direction": re.compile(rf"(?P<said>{direction})"),
            "three_public_direction": re.compile(rf"三公[”\"]?经费(?:财政拨款)?(?:支出)?(?P<said>{direction})"),
            "reason": re.compile("|".join(map(re.escape, vocab["reason_words"]))),
            "year_end": re.compile(vocab["year_end_date"]),
            "unit_slip": re.compile(vocab["unit_slip_pattern"].replace("SUBJECTS", subjects)),
            "purpose": re.compile(r"主要用于[：:](?P<purpose>[^。；;]*)"),
            "repeated": re.compile(rf"(?P<word>{'|'.join(map(re.escape, vocab['repeated_words']))})(?P=word)")}


def wording(d: Figures) -> list[dict]:
    return [*_restatements(d), *_budget_directions(d), *_change_reasons(d), *_year_end_dates(d), *_unit_slips(d),
            *_purposes(d), *_repeated_words(d)]


def _repeated_words(d: Figures) -> list[dict]:
    """增加增加: a word of findings.yaml's list written twice in a row in the 说明."""
    text = d.doc.normalized.text
    return [finding(d, "repeated_word", f"“{m.group('word')}”连写两次", d.said(Span(max(m.start() - 15, s.start),
                                                                                    min(m.end() + 15, s.end))))
            for s in d.doc.sections if s.part == "explanation"
            for m in _patterns()["repeated"].finditer(text, s.start, s.end)]


def _change_reasons(d: Figures) -> list[dict]:
    """A change on the previous year (增加/减少 x万元) needs its reason in the same section."""
    text = d.doc.normalized.text
    rows, seen = [], set()
    for fact in d.doc.metrics:
        if not fact.metric_code.startswith("yoy_") or fact.unit != "wan_yuan" or fact.value == 0:
            continue
        section = section_at(d.doc.sections, fact.span.start)
        if (section.start, section.end) in seen:
            continue
        seen.add((section.start, section.end))
        if not _patterns()["reason"].search(re.sub(r"\s+", "", text[fact.span.start:section.end])):
            rows.append(finding(d, "change_reason", f"{metric_name(fact.metric_code)}{fact.value}万元，未说明变动原因",
                                d.said(fact.span), stated=fact.value))
    return rows


def _restatements(d: Figures) -> list[dict]:
    """The same figure stated twice with different numbers: the first one is the value."""
    return [outcome(d, "stated_twice", f"{metric_name(fact.metric_code)}前后两处金额不一致",
                    d.first[fact.metric_code].value, fact.value, Decimal(0),
                    f"{d.said(d.first[fact.metric_code].span)} | {d.said(fact.span)}", severity="warning")
            for fact in d.doc.metrics if fact.statement > 1 and fact.value != d.first[fact.metric_code].value]


def _budget_directions(d: Figures) -> list[dict]:
    """（三）: the whole's and each 项's 决算数 大于/小于/等于 预算数 against their figures; the
    “三公” section's against the 三公 budget and 决算."""
    text = d.doc.normalized.text
    rows = []
    for part in detail_parts(d):
        if part.final is not None:
            rows += _direction(d, "一般公共预算财政拨款支出", part.budgets, part.final, part.opening)
        if part.budgets.initial == 0 and "完成年初预算" in re.sub(r"\s+", "", text[part.opening.start:part.opening.end]):
            rows.append(finding(d, "initial_budget_zero", "年初预算为0，不能“完成年初预算的x%”（应为全年预算）",
                                d.said(part.opening), severity="error"))
        for entry in part.items:
            rows += _direction(d, f"{entry.item.item_name}（项）", entry.budgets, entry.item.amount, entry.window,
                               after=entry.item.span.end)
    budget, final = d.value("three_public_budget"), d.value("three_public_total")
    for section in d.doc.sections:
        if section.kind == "three_public" and section.part == "explanation" and final is not None:
            rows += _direction(d, "“三公”经费", Budgets(latest=budget), final, Span(section.start, section.end),
                               pattern="three_public_direction")
    return rows


def _direction(d: Figures, subject: str, budgets: Budgets, final: Decimal, span: Span, after: int | None = None,
               pattern: str = "direction") -> list[dict]:
    """One comparison word against its figures (the budget it names); a difference needs its reason."""
    vocab = findings_vocabulary()
    text = d.doc.normalized.text[after if after is not None else span.start:span.end]
    words = re.sub(r"\s+", "", text)
    m = next((m for m in _patterns()[pattern].finditer(words) if "预算" in m.group("said")), None)
    budget = budgets.named(m.group("said")) if m else None
    if m is None or budget is None:
        return []
    word = m.group("word")
    actual = "greater" if final > budget else "less" if final < budget else "equal"
    evidence = d.said(span)[:400]
    if word in vocab["roughly_equal"]:
        said = "equal" if abs(final - budget) <= budget * Decimal(vocab["roughly_equal_within_pct"]) / 100 else "roughly"
    else:
        said = next(kind for kind, ws in vocab["direction_words"].items() if word in ws)
    status = "pass" if said == actual else "fail"
    rows = [{**finding(d, "budget_direction", f"{subject}：文字称“{m.group('said')}”，而决算{final}万元"
                       f"{'＞' if actual == 'greater' else '＜' if actual == 'less' else '＝'}预算{budget}万元",
                       evidence, severity="warning" if said == "roughly" else "error", expected=budget, stated=final),
             **({"status": "pass", "severity": "info"} if status == "pass" else {})}]
    if actual != "equal" and said != "equal" and not _patterns()["reason"].search(words[m.end():]):
        rows.append(finding(d, "budget_direction_reason", f"{subject}：决算数与预算数不同（{final} / {budget}万元），未说明原因",
                            evidence, expected=budget, stated=final))
    return rows


def _year_end_dates(d: Figures) -> list[dict]:
    """截至2023年12月31日 in a 2024 report: the year-end of another year."""
    year = d.doc.identity.fiscal_year
    if year is None:
        return []
    text = d.doc.normalized.text
    rows = []
    for section in d.doc.sections:
        if section.kind not in YEAR_END_SECTIONS or section.part != "explanation":
            continue
        for m in _patterns()["year_end"].finditer(text, section.start, section.end):
            if int(m.group("year")) != year:
                rows.append(finding(d, "fiscal_year_date", f"日期“{m.group(0)}”与决算年度{year}年不符",
                                    d.said(Span(m.start(), min(m.end() + 40, section.end))), severity="error",
                                    expected=Decimal(year), stated=Decimal(m.group("year"))))
    return rows


def _unit_slips(d: Figures) -> list[dict]:
    """住房公积金3.58元: a sum in 元 small enough to be a 万元 figure with the wrong unit."""
    text = d.doc.normalized.text
    rows = []
    for section in d.doc.sections:
        if section.part != "explanation":
            continue
        for m in _patterns()["unit_slip"].finditer(text, section.start, section.end):
            amount = parse_decimal(m.group("number"))
            if Decimal("0.01") <= amount < 10000:
                rows.append(finding(d, "unit_slip", f"{m.group('subject')}{amount}元：金额单位疑为万元误写为元",
                                    d.said(Span(m.start(), m.end())), severity="error", stated=amount))
    return rows


def _purposes(d: Figures) -> list[dict]:
    """A 项 whose 主要用于 names another subject's purpose (住房公积金 … 医疗保险支出)."""
    text = d.doc.normalized.text
    rows = []
    for item in d.doc.gpb_items:
        m = _patterns()["purpose"].search(text, item.span.start, item.span.end)
        rule = next((r for r in findings_vocabulary()["subject_purposes"] if r["subject"] in item.item_name), None)
        if m is None or rule is None or rule["subject"] in m.group("purpose"):
            continue
        wrong = [w for w in rule["not"] if w in m.group("purpose")]
        if wrong:
            rows.append(finding(d, "subject_purpose", f"{item.item_name}（项）的用途写作“{m.group('purpose').strip()}”"
                                f"（{wrong[0]}不是{rule['subject']}的用途）", d.said(item.span)[:300], severity="error"))
    return rows
