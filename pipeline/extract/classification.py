"""功能分类 and 经济分类 rows, read from the sentences that print them.

A 功能分类 row is printed as a chain of names, each followed by its level
(一般公共服务（类）党委办公厅（室）及相关机构事务（款）行政运行（项）) or by its
code (一般公共服务（201）…（03）行政运行（01）), then its figures
(支出决算为642.36万元，完成预算100%). A chain may leave out the levels it
shares with the row above (一般行政管理事务（项）支出决算为137.6万元), as a
reader continues a table. 经济分类 items are the “名称+金额” lists after
人员经费 / 公用经费.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.clauses import read_mentions
from pipeline.extract.records import ClassTotal, EconomicItem, GpbItem, Span
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.segment.sentences import Sentence, split_sentences

# A name, possibly holding a parenthesis that is not a level mark (党委办公厅（室）…),
# followed by its level mark or code.
_NAME_CHAR = r"(?:[^（()）:：；;。，,、\n]|[（(][^（()）类款项\d]{1,4}[）)])"
_SEGMENT = re.compile(rf"(?P<name>{_NAME_CHAR}+?)\s*[（(](?P<mark>类|款|项\d*|\d{{2,3}})[）)]")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]?|[（(]\d{1,2}[）)]|[①-⑳])\s*")
_TAIL_END = re.compile(r"[。；;\n]")

_ECONOMIC_GROUPS = {"人员经费": "人员经费", "日常公用经费": "公用经费", "公用经费": "公用经费"}
_GROUP_HEADER = re.compile(r"(?P<group>人员经费|日常公用经费|公用经费)\s*(?:支出)?\s*\d+(?:\.\d+)?\s*(?:万元|元)")
_ECONOMIC_ITEM = re.compile(r"(?P<name>[^、，,；;：:。\d\s（(][^、，,；;：:。\d]*?)\s*(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)")


@dataclass
class _Chain:
    """The levels one row prints: name and printed code per level."""

    start: int
    end: int
    names: dict[str, str]
    codes: dict[str, str | None]


def _chains(text: str, start: int, end: int) -> list[_Chain]:
    chains: list[_Chain] = []
    for m in _SEGMENT.finditer(text, start, end):
        contiguous = chains and text[chains[-1].end:m.start()].strip() == ""
        if not contiguous or "item" in chains[-1].names:
            chains.append(_Chain(m.start(), m.end(), {}, {}))
        chain = chains[-1]
        level, code = _level(m.group("mark"), chain)
        chain.names[level] = _LIST_MARKER.sub("", m.group("name")).strip()
        chain.codes[level] = code
        chain.end = m.end()
    return [c for c in chains if "item" in c.names]


def _level(mark: str, chain: _Chain) -> tuple[str, str | None]:
    if mark == "类":
        return "class", None
    if mark == "款":
        return "section", None
    if mark.startswith("项"):
        return "item", mark[1:] or None
    if len(mark) == 3:
        return "class", mark
    return ("section" if "class" in chain.names and "section" not in chain.names else "item"), mark


def extract_gpb_items(text: str, start: int, end: int, catalog: SubjectCatalog) -> list[GpbItem]:
    """One row per 项 of the 一般公共预算财政拨款支出决算具体情况 section text[start:end]."""
    items: list[GpbItem] = []
    chains = _chains(text, start, end)
    previous: GpbItem | None = None
    for n, chain in enumerate(chains):
        limit = chains[n + 1].start if n + 1 < len(chains) else end
        tail_end = m.start() if (m := _TAIL_END.search(text, chain.end, limit)) else limit
        figures = _figures(text, chain.end, tail_end)
        if figures is None:
            continue
        amount, rate, budget, figures_end = figures
        class_name = chain.names.get("class") or (previous.class_name if previous else None)
        class_code = chain.codes.get("class") or (previous.class_code if previous and "class" not in chain.names else None)
        section_name, section_code = chain.names.get("section"), chain.codes.get("section")
        item_name = chain.names["item"]
        if "section" not in chain.names and previous is not None and "class" not in chain.names:
            if previous.section_name and catalog.item_belongs_to(previous.section_name, item_name) is not False:
                section_name, section_code = previous.section_name, previous.section_code
        row = GpbItem(class_name=class_name, section_name=section_name, item_name=item_name, amount=amount,
                      span=Span(chain.start + _leading_marker(text, chain.start), figures_end),
                      class_code=class_code, section_code=section_code, item_code=chain.codes.get("item"),
                      completion_rate_pct=rate, budget=budget)
        row.subject_code = catalog.function_code(class_name, section_name, item_name,
                                                 (class_code, section_code, row.item_code))
        row.class_key = catalog.class_key(class_name)
        items.append(row)
        previous = row
    return items


def _leading_marker(text: str, start: int) -> int:
    m = _LIST_MARKER.match(text, start)
    return m.end() - start if m else 0


def _figures(text: str, start: int, end: int) -> tuple[Decimal, Decimal | None, Decimal | None, int] | None:
    """(amount, completion rate, budget, end of the last figure) printed after a chain."""
    amount = rate = budget = None
    last = start
    for mention in read_mentions(Sentence(text[start:end], start)):
        if mention.explanatory:
            break
        if mention.role == "budget" and mention.kind == "wan_yuan" and budget is None:
            budget, last = mention.value, mention.end
        elif mention.role == "value" and mention.kind == "wan_yuan" and amount is None:
            amount, last = mention.value, mention.end
        elif mention.role == "completion" and rate is None:
            rate, last = mention.value, mention.end
    return (amount, rate, budget, last) if amount is not None else None


_CLASS_LABEL = re.compile(rf"(?P<name>{_NAME_CHAR}+?)\s*(?:[（(](?:类|\d{{3}})[）)])?\s*支出$")
_NOT_A_CLASS = ("结转", "结余", "上缴上级", "经营支出", "对附属单位", "一般公共预算财政拨款")


def extract_class_totals(text: str, start: int, end: int, catalog: SubjectCatalog) -> list[ClassTotal]:
    """类 totals of the 支出决算结构 paragraph: “…（类）支出642.36万元，占88.76%”."""
    totals: list[ClassTotal] = []
    for sentence in split_sentences(text, start, end):
        for mention in read_mentions(sentence):
            if mention.role == "share" and totals and totals[-1].share_pct is None and totals[-1].span.end >= sentence.start:
                totals[-1].share_pct = mention.value
                totals[-1].span = Span(totals[-1].span.start, mention.end)
                continue
            m = _CLASS_LABEL.search(mention.label)
            if mention.role != "value" or mention.kind != "wan_yuan" or not m:
                continue
            name = re.sub(r"^.*[:：]", "", m.group("name")).strip()
            if name and not any(word in m.group(0) for word in _NOT_A_CLASS):
                totals.append(ClassTotal(name, mention.value, Span(mention.clause_start, mention.end),
                                         catalog.class_key(name)))
    return totals


def extract_economic_items(text: str, start: int, end: int, catalog: SubjectCatalog) -> list[EconomicItem]:
    """Items with printed amounts under 人员经费 / 公用经费 in text[start:end]."""
    headers = list(_GROUP_HEADER.finditer(text, start, end))
    items: list[EconomicItem] = []
    for n, header in enumerate(headers):
        limit = headers[n + 1].start() if n + 1 < len(headers) else end
        group = _ECONOMIC_GROUPS[header.group("group")]
        for m in _ECONOMIC_ITEM.finditer(text, header.end(), limit):
            name = m.group("name").strip()
            name = re.sub(r"^(主要包括|包括|其中|主要用于)", "", name).strip()
            if not name:
                continue
            amount = Decimal(m.group("amount"))
            if m.group("unit") == "元":
                amount = (amount / 10000).normalize()
            items.append(EconomicItem(group, name, amount, Span(m.start("name"), m.end()),
                                      catalog.economic_code(name)))
    return items
