"""The clause reader: every number in a sentence, with the words that label it.

A careful reader of “收、支总计各增加45.97万元，增长6.78%” sees a label
(收、支总计), a change (增加 45.97 万元) and a rate (增长 6.78 %). This module
finds each number, its unit, the label before it and the role the label
gives it; mapping labels to metric codes is the vocabulary's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.text.amounts import (MONEY_UNITS, QUANTITY, SCIENTIFIC, out_of_range, parse_decimal, quote_around,
                                   to_wan_yuan, unit_kind, well_formed)
from pipeline.text.reasons import RefusedInput
from pipeline.segment.sentences import Sentence

# What follows a number that is not a quantity: dates, ordinals, list markers, ranges.
_NOT_QUANTITY_AFTER = re.compile(r"^(?:年|月|日|号|部分|季度|届|期|级|岁|周|[-—~～][0-9]|[.、．](?![0-9])|[）)])")
_PREVIOUS_AFTER = re.compile(r"^\s*(相比|相较|比较)")
_LAST_CLAUSE = re.compile(r"[^，,、：:]*$")
_SHARE = re.compile(r"^占")
_COMPLETION = re.compile(r"完成(了)?(全年|年初|调整)?预算(数)?(的)?$")
_CHANGE = re.compile(r"(增加|减少|增长|下降|上升|降低|增|减|节约|超支)(了)?$")
# Words of a rate: a bare number after them is a percentage whose % was left out (增长 13.95。).
_RATE_WORD = re.compile(r"(增长|下降|上升|降低)(了)?$")
_NEGATIVE = ("减少", "下降", "降低", "减", "节约")
_BUDGET = re.compile(r"(?<!决)预算(数)?$")
_FILLER = re.compile(r"(为|是|了|约|达到|达|仅|各|均)+$")
# A clause from which on the sentence explains rather than states figures.
_EXPLANATORY = re.compile(r"原因|主要用于|具体内容|主要包括|包括[:：]|用于")
# Labels that continue the subject already named (…，支出决算为x万元).
CONTINUATIONS = re.compile(r"^(其中[:：]?)?(共计|合计|总计)?(支出|决算|执行)?(决算|支出)?(数)?$")

ROLES = ("value", "share", "change", "change_pct", "completion", "budget", "previous")


class AmountOutOfRange(RefusedInput):
    """A stated amount the warehouse cannot hold exactly: the document is quarantined, naming it."""

    def __init__(self, detail: str):
        super().__init__("amount_out_of_range", detail)


@dataclass(frozen=True)
class Mention:
    """A number in a sentence, as a reader understands it."""

    label: str  # words since the previous number, stripped of punctuation and fillers
    value: Decimal  # money in 万元, percent in points, counts as printed
    unit: str  # printed unit ('' when none)
    kind: str  # wan_yuan | pct | count
    role: str  # one of ROLES
    start: int  # document offset of the number
    end: int  # document offset after the unit
    clause_start: int  # document offset of the clause holding the label
    explanatory: bool  # inside a 主要原因/主要用于 explanation


def read_mentions(sentence: Sentence, explanatory: bool = False) -> list[Mention]:
    """Every quantity in the sentence, in order.

    ``explanatory`` is true when the sentence continues an explanation
    (“主要原因是…；…”), whose numbers state no metric unless named.
    """
    text = sentence.text
    out: list[Mention] = []
    label_from = 0
    scientific = [m.span() for m in SCIENTIFIC.finditer(text)] if "e" in text or "E" in text else []
    for m in QUANTITY.finditer(text):
        after = text[m.end():]
        unit = m.group("unit") or ""
        if m.start() > 0 and text[m.start() - 1] == "第":
            continue
        if any(a < m.end() and m.start() < b for a, b in scientific):
            continue  # 1e30: not a figure a report prints; refused rather than read as 1 or 30
        if not unit and (_NOT_QUANTITY_AFTER.match(after) or "." not in m.group("number")):
            continue  # a date, an ordinal, a code: not an amount
        if not well_formed(m.group("number")):
            if unit_kind(unit) in ("wan_yuan", "pct"):
                raise RefusedInput("number_malformed", f"malformed number “{quote_around(text, *m.span())}”")
            continue  # 1.2.3, 2020.12.31: a code or a date, not a quantity; never read in part
        raw_label = text[label_from:m.start()]
        label_from = m.end()
        explanatory = explanatory or bool(_EXPLANATORY.search(raw_label))
        value = parse_decimal((m.group("sign") or "") + m.group("number"))
        if value is None:
            continue
        label = clean_label(raw_label)
        kind = unit_kind(unit) or ("pct" if _RATE_WORD.search(label) else "wan_yuan")
        if unit in MONEY_UNITS:
            value = to_wan_yuan(value, unit)
        if kind == "wan_yuan" and (problem := out_of_range(value)) and "digits" in problem:
            raise AmountOutOfRange(f"{problem}, in “{quote_around(text, *m.span())}”")
        clause = _LAST_CLAUSE.search(raw_label)
        role, sign = _role(clause.group(0), kind, after)
        out.append(Mention(
            label=label, value=value * sign, unit=unit, kind=kind, role=role,
            start=sentence.start + m.start(), end=sentence.start + m.end(),
            clause_start=sentence.start + (m.start() - len(raw_label) + clause.start() if clause else m.start()),
            explanatory=explanatory,
        ))
    return out


def clean_label(raw: str) -> str:
    """Label without surrounding punctuation, spaces and filler words."""
    label = raw.strip(" \t，,、；;：:（）()")
    return _FILLER.sub("", label).strip(" \t，,、：:")


def _role(last_clause: str, kind: str, after: str) -> tuple[str, int]:
    """The role the label's last clause gives a number, and its sign."""
    if _PREVIOUS_AFTER.match(after):
        return "previous", 1
    last = clean_label(last_clause)
    if kind == "pct" and _SHARE.search(last):
        return "share", 1
    if kind == "pct" and _COMPLETION.search(last):
        return "completion", 1
    if change := _CHANGE.search(last):
        sign = -1 if change.group(1) in _NEGATIVE else 1
        return ("change_pct" if kind == "pct" else "change"), sign
    if kind == "wan_yuan" and _BUDGET.search(last):
        return "budget", 1
    return "value", 1
