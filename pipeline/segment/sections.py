"""The section tree of a report, each section mapped to a canonical kind.

Reports number their headings differently (第二部分 / 一、 / （一）), leave
numbers out (“收入决算情况说明”), or reorder sections; a heading is therefore
recognised by its form *and* its words, and its kind by its words alone.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from pipeline.text.amounts import MONEY_UNIT

_CN_NUM = "一二三四五六七八九十"
_PART = re.compile(rf"^\s*第[{_CN_NUM}]+部分\s*(?P<title>.*)$")
_LEVEL2 = re.compile(rf"^\s*[{_CN_NUM}]+\s*[、.．]\s*(?P<title>.+)$")
_LEVEL3 = re.compile(rf"^\s*[（(][{_CN_NUM}]+[）)]\s*(?P<title>.+)$")
_AMOUNT = re.compile(rf"(?<![0-9.])[0-9]++(?:\.[0-9]++)?\s*+(?:{MONEY_UNIT}|%)")  # a run of digits scanned once

# Part-level kinds (第X部分) and their words.
PART_KINDS = (
    ("explanation", ("决算情况说明", "决算说明")),
    ("profile", ("部门概况", "单位概况", "部门基本情况")),
    ("glossary", ("名词解释",)),
    ("attachment", ("附件",)),
    ("tables", ("附表", "决算公开表", "决算表")),
)

# Section kinds, most specific words first: the first match names the kind.
SECTION_KINDS = (
    ("three_public", ("三公",)),
    ("fiscal_overview", ("财政拨款收入支出决算总体", "财政拨款收支决算总体", "财政拨款收支总体")),
    ("overview", ("收入支出决算总体", "收支决算总体", "收入支出总体")),
    ("gpb_basic", ("基本支出决算", "基本支出情况")),
    ("gov_fund", ("政府性基金",)),
    ("soe_capital", ("国有资本经营",)),
    ("gpb", ("一般公共预算财政拨款支出", "一般公共预算支出")),
    ("income", ("收入决算",)),
    ("expense", ("支出决算情况", "支出决算说明")),
    ("admin_cost", ("机关运行经费",)),
    ("procurement", ("政府采购",)),
    ("assets", ("国有资产",)),
    ("performance_management", ("预算绩效管理", "绩效管理情况")),
    ("performance", ("绩效目标完成情况", "绩效自评", "绩效评价")),
    ("other_matters", ("其他重要事项",)),
    ("glossary", ("名词解释",)),
)
# Inside a gpb section, its three standard subsections.
GPB_SUBSECTIONS = (("gpb_detail", "具体情况"), ("gpb_structure", "结构"), ("gpb_overview", "总体"))


@dataclass
class Section:
    """A heading and the body of text below it, up to the next heading."""

    level: int  # 1 part, 2 一、, 3 （一）
    title: str
    kind: str
    part: str
    heading_start: int
    start: int  # body start (after the heading line)
    end: int = -1
    parent: "Section | None" = None

    @property
    def path(self) -> str:
        names = []
        node: Section | None = self
        while node is not None:
            names.append(node.title)
            node = node.parent
        return " / ".join(reversed(names))


_SPACES = re.compile(r"\s+")
_CAPTION = re.compile(r"^[（(]?(图|表)\s*\d")  # figure and table captions
_UNNUMBERED_END = re.compile(r"(情况说明|情况|说明)[。.]?$")


@lru_cache(maxsize=1 << 14)  # asked of every short line; headings repeat from report to report
def _kind_of(title: str, table: tuple) -> str | None:
    compact = _SPACES.sub("", title)
    return next((kind for kind, words in table if any(w in compact for w in words)), None)


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) when a line is a heading, else None."""
    stripped = line.strip()
    if not stripped or line.startswith("\t") or len(stripped) > 45 or _AMOUNT.search(stripped):
        return None
    if _CAPTION.match(stripped):
        return None
    if m := _PART.match(stripped):
        return 1, stripped
    for level, pattern in ((2, _LEVEL2), (3, _LEVEL3)):
        m = pattern.match(stripped)
        if m and not _looks_like_sentence(m.group("title")):
            return level, stripped
    # Unnumbered headings are recognised by their words.
    if _kind_of(stripped, SECTION_KINDS) and _UNNUMBERED_END.search(stripped) and "，" not in stripped:
        return 2, stripped
    return None


def _looks_like_sentence(title: str) -> bool:
    body = title.rstrip("。.：:")
    return len(body) > 30 or any(p in body for p in "，；。,;")


def segment_sections(text: str) -> list[Section]:
    """Sections in reading order; text before the first heading is a preamble."""
    sections: list[Section] = [Section(0, "", "preamble", "", 0, 0)]
    stack: list[Section] = []
    offset = 0
    for line in text.split("\n"):
        found = _heading(line)
        if found:
            level, title = found
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            part = _kind_of(title, PART_KINDS) if level == 1 else None
            part = part or (parent.part if parent else "explanation")
            kind = _section_kind(title, level, part, parent)
            section = Section(level, title, kind, part, offset, offset + len(line) + 1, parent=parent)
            sections[-1].end = offset
            sections.append(section)
            stack.append(section)
        offset += len(line) + 1
    sections[-1].end = len(text)
    for s in sections:
        s.start = min(s.start, s.end)
    return sections


def _section_kind(title: str, level: int, part: str, parent: Section | None) -> str:
    if level == 1:
        return part
    if parent is not None and parent.kind == "gpb":
        sub = next((k for k, word in GPB_SUBSECTIONS if word in title), None)
        if sub:
            return sub
    return _kind_of(title, SECTION_KINDS) or (parent.kind if parent else part)


def section_at(sections: list[Section], position: int) -> Section:
    """The innermost section whose body contains ``position``: the last of those that start at or before it
    (sections are in reading order, so these are found by bisection) that reaches it."""
    before = bisect.bisect_right(sections, position, key=attrgetter("heading_start"))
    reaching = (s for s in reversed(sections[:before]) if position < max(s.end, s.start + 1))
    return next(reaching, sections[0])
