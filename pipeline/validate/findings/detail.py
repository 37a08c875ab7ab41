"""（三）一般公共预算财政拨款支出决算具体情况 as the rules read it: the opening's figures and the 项.

The opening states the whole's 年初预算 (and a 全年预算 where the budget changed
in the year), its 决算 and its completion rate; each 项 (GpbItem) states its
own. A sentence comparing 决算 with 预算 is compared with the budget it names.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.clauses import read_mentions
from pipeline.extract.records import GpbItem, Span
from pipeline.segment.sentences import split_sentences
from pipeline.validate.findings.outcomes import Figures


@dataclass
class Budgets:
    """The budgets a passage states: the 年初预算 and the last one (the 全年预算 where both are stated)."""

    initial: Decimal | None = None
    latest: Decimal | None = None

    def named(self, words: str) -> Decimal | None:
        """The budget a comparison names: 年初预算 → the initial one, else the latest."""
        return self.initial if "年初" in words and self.initial is not None else self.latest


@dataclass
class DetailItem:
    item: GpbItem
    budgets: Budgets
    window: Span  # the 项's text up to the next 项


@dataclass
class DetailPart:
    opening: Span  # from the section's start to its first 项
    budgets: Budgets
    final: Decimal | None
    completion: Decimal | None  # 完成(年初|全年)预算的 x%
    items: list[DetailItem]


def detail_parts(d: Figures) -> list[DetailPart]:
    text = d.doc.normalized.text
    parts = []
    for section in d.doc.sections:
        if section.kind != "gpb_detail" or section.part != "explanation" or section.end <= section.start:
            continue
        items = [i for i in d.doc.gpb_items if section.start <= i.span.start < section.end]
        opening = Span(section.start, items[0].span.start if items else section.end)
        budgets, final, completion = _figures(text, opening)
        windows = [Span(i.span.start, items[n + 1].span.start if n + 1 < len(items) else section.end)
                   for n, i in enumerate(items)]
        parts.append(DetailPart(opening, budgets, final, completion,
                                [DetailItem(i, _figures(text, i.span)[0], w) for i, w in zip(items, windows)]))
    return parts


def _figures(text: str, span: Span) -> tuple[Budgets, Decimal | None, Decimal | None]:
    """(budgets, 决算, completion rate) a passage states, explanations (主要原因 …) left out."""
    budgets, final, completion = Budgets(), None, None
    for mention in (m for s in split_sentences(text, span.start, span.end) for m in read_mentions(s)):
        if mention.explanatory:
            continue
        if mention.role == "budget" and mention.kind == "wan_yuan":
            budgets.latest = mention.value
            if "年初" in mention.label and budgets.initial is None:
                budgets.initial = mention.value
        elif mention.role == "value" and mention.kind == "wan_yuan" and final is None:
            final = mention.value
        elif mention.role == "completion" and completion is None:
            completion = mention.value
    return budgets, final, completion
