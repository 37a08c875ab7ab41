"""（三）一般公共预算财政拨款支出决算具体情况 as the rules read it: the opening's figures and the 项.

The opening states the whole's 年初预算 (and a 全年预算 where the budget changed
in the year), its 决算 and its completion rate; the 项 (GpbItem) follow.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.clauses import read_mentions
from pipeline.extract.records import GpbItem, Span
from pipeline.segment.sentences import split_sentences
from pipeline.validate.findings.outcomes import Figures


@dataclass
class DetailPart:
    opening: Span  # from the section's start to its first 项
    end: int
    items: list[GpbItem]
    budget: Decimal | None = None  # what the 决算 is compared with: the 全年预算 where stated, else the 年初预算
    initial: Decimal | None = None  # the 年初预算
    final: Decimal | None = None
    completion: Decimal | None = None  # 完成(年初|全年)预算的 x%


def detail_parts(d: Figures) -> list[DetailPart]:
    text = d.doc.normalized.text
    parts = []
    for section in d.doc.sections:
        if section.kind != "gpb_detail" or section.part != "explanation" or section.end <= section.start:
            continue
        items = [i for i in d.doc.gpb_items if section.start <= i.span.start < section.end]
        part = DetailPart(Span(section.start, items[0].span.start if items else section.end), section.end, items)
        budgets: list[tuple[str, Decimal]] = []
        for mention in (m for s in split_sentences(text, part.opening.start, part.opening.end) for m in read_mentions(s)):
            if mention.explanatory:
                continue
            if mention.role == "budget" and mention.kind == "wan_yuan":
                budgets.append((mention.label, mention.value))
            elif mention.role == "value" and mention.kind == "wan_yuan" and part.final is None:
                part.final = mention.value
            elif mention.role == "completion" and part.completion is None:
                part.completion = mention.value
        part.initial = next((v for label, v in budgets if "年初" in label), None)
        part.budget = budgets[-1][1] if budgets else None
        parts.append(part)
    return parts
