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

from pipeline.text.amounts import MONEY, parse_decimal, to_wan_yuan
from pipeline.extract.clauses import read_mentions
from pipeline.extract.records import ClassTotal, EconomicItem, GpbItem, Span
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.segment.sentences import split_sentences

# A name, possibly holding a parenthesis that is not a level mark (党委办公厅（室）…).
_NAME_CHAR = r"(?:[^（()）:：；;。，,、\n]|[（(][^（()）类款项\d]{1,4}[）)])"
# A line break (a blank line between, as layout renderings print) between two characters of a word:
# a converter's wrap inside a name (行政单位\n医疗（项）).
_WRAP = r"(?<=[\u4e00-\u9fff])[ \t]*\n[ \t]*(?:\n[ \t]*)?(?=[\u4e00-\u9fff])"
_WRAP_IN_NAME = re.compile(_WRAP)
# A level of a chain: a name that starts with a word (not a list number such as
# “1.” or “（2）”), then its level mark or printed code.
# A name starts where no CJK character precedes it (the leftmost start a reader takes): a run is scanned once.
_SEGMENT = re.compile(rf"(?<![\u4e00-\u9fff])(?P<name>[\u4e00-\u9fff](?:{_NAME_CHAR}|{_WRAP})*?)\s*[（(](?P<mark>类|款|项\d*|\d{{2,3}})[）)]")
# What may stand between two levels of one chain (…（类）、…（款）- …（项）).
_LEVEL_JOINER = re.compile(r"[\s、，,：:\-—/／]*")

_ECONOMIC_GROUPS = {"人员经费": "人员经费", "日常公用经费": "公用经费", "公用经费": "公用经费"}
_MONEY = MONEY
_GROUP_HEADER = re.compile(rf"(?P<group>人员经费|日常公用经费|公用经费)\s*(?:支出)?\s*(?:为|共计|合计)?\s*{_MONEY}")
_ECONOMIC_ITEM = re.compile(rf"(?<![^、，,；;：:。\d\s（(])(?P<name>[^、，,；;：:。\d\s（(][^、，,；;：:。\d]*?)\s*{_MONEY}")
# Words that open the list and stick to its first name (主要包括基本工资…, 主要为办公费…).
_LIST_OPENER = re.compile(r"^(?:其中|(?:主要|具体)?(?:包括|用于|为|是))")
# Names that state a comparison or a total rather than an item (比上年增加12万元).
_NOT_AN_ITEM = re.compile(r"增加|减少|增长|下降|比|较|上年|合计|共计|总计")


@dataclass(frozen=True)
class _Segment:
    """A name with the level mark or code printed after it."""

    name: str
    mark: str
    start: int
    end: int


def _chains(text: str, start: int, end: int, catalog: SubjectCatalog) -> list[list[_Segment]]:
    """Segments grouped into rows: adjacent levels join until a 项 closes the row."""
    chains: list[list[_Segment]] = []
    for m in _SEGMENT.finditer(text, start, end):
        previous = chains[-1][-1] if chains else None
        continues = bool(previous and not previous.mark.startswith("项")
                         and _LEVEL_JOINER.fullmatch(text, previous.end, m.start()))
        segment = _segment(m, continues, catalog)
        if continues:
            chains[-1].append(segment)
        else:
            chains.append([segment])
    return chains


def _segment(m: re.Match[str], continues: bool, catalog: SubjectCatalog) -> _Segment:
    """A matched level. A name running over a line break is one name when it continues a chain
    (（款）其\n他国土资源事务支出) or the 功能分类 knows it so; else only its last line is the name."""
    name, start = m.group("name"), m.start()
    if wraps := list(_WRAP_IN_NAME.finditer(name)):
        joined = _WRAP_IN_NAME.sub("", name)
        if continues or catalog.knows_function_name(joined):
            name = joined
        else:
            name, start = name[wraps[-1].end():], start + wraps[-1].end()
    return _Segment(name.strip(), m.group("mark"), start, m.end())


def _levels(chain: list[_Segment]) -> dict[str, tuple[str, str | None]]:
    """{class|section|item: (name, printed code)}; a bare 2-digit code is the 项 when last, else the 款."""
    levels: dict[str, tuple[str, str | None]] = {}
    for n, segment in enumerate(chain):
        mark = segment.mark
        if mark == "类" or len(mark) == 3 and mark.isdigit():
            level, code = "class", (mark if mark.isdigit() else None)
        elif mark == "款":
            level, code = "section", None
        elif mark.startswith("项"):
            level, code = "item", mark[1:] or None
        else:
            level, code = ("item" if n == len(chain) - 1 else "section"), mark
        levels[level] = (segment.name, code)
    return levels


def extract_gpb_items(text: str, start: int, end: int, catalog: SubjectCatalog) -> list[GpbItem]:
    """One row per 项 of the 一般公共预算财政拨款支出决算具体情况 section text[start:end]."""
    items: list[GpbItem] = []
    chains = _chains(text, start, end, catalog)
    for n, chain in enumerate(chains):
        levels = _levels(chain)
        if "item" not in levels:
            continue
        figures = _figures(text, chain[-1].end, chains[n + 1][0].start if n + 1 < len(chains) else end)
        if figures is None:
            continue
        amount, rate, budget, figures_end = figures
        row = GpbItem(**_names_and_codes(levels, items[-1] if items else None, catalog), amount=amount,
                      span=Span(chain[0].start, figures_end), completion_rate_pct=rate, budget=budget)
        row.subject_code = catalog.function_code(row.class_name, row.section_name, row.item_name,
                                                 (row.class_code, row.section_code, row.item_code))
        row.class_key = catalog.class_key(row.class_name)
        items.append(row)
    return items


def _names_and_codes(levels: dict[str, tuple[str, str | None]], previous: GpbItem | None,
                     catalog: SubjectCatalog) -> dict[str, str | None]:
    """Names and printed codes of a row, the missing upper levels continued from the row above.

    The 款 above is continued only when the 项 can belong to it: a 项 printed
    without its 款 after another 款's rows (其他社会保障和就业支出（项） after
    行政事业单位离退休（款）) keeps a null 款 rather than a wrong one.
    """
    item_name, item_code = levels["item"]
    class_name, class_code = levels.get("class", (None, None))
    section_name, section_code = levels.get("section", (None, None))
    if previous is not None and "class" not in levels:
        class_name, class_code = previous.class_name, previous.class_code
        if ("section" not in levels and previous.section_name
                and catalog.item_belongs_to(previous.section_name, item_name) is not False):
            section_name, section_code = previous.section_name, previous.section_code
    return dict(class_name=class_name, section_name=section_name, item_name=item_name,
                class_code=class_code, section_code=section_code, item_code=item_code)


def _figures(text: str, start: int, end: int) -> tuple[Decimal, Decimal | None, Decimal | None, int] | None:
    """(amount, completion rate, budget, end of the last figure) printed after a chain, before the next row.

    The row's figures are its first figures that state rather than explain: a
    description before them (。主要用于：…。年初预算为…) is passed over; once the
    amount is read, an explanation (决算数小于预算数的主要原因：…) ends the row.
    """
    amount = rate = budget = None
    last = start
    for mention in (m for s in split_sentences(text, start, end) for m in read_mentions(s)):
        if mention.explanatory:
            if amount is None:
                continue
            break
        if mention.role == "budget" and mention.kind == "wan_yuan" and budget is None:
            budget, last = mention.value, mention.end
        elif mention.role == "value" and mention.kind == "wan_yuan" and amount is None:
            amount, last = mention.value, mention.end
        elif mention.role == "completion" and rate is None:
            rate, last = mention.value, mention.end
    return (amount, rate, budget, last) if amount is not None else None


_CLASS_LABEL = re.compile(rf"(?<![^（()）:：；;。，,、\n])(?P<name>{_NAME_CHAR}+?)(?<!\s)\s*+(?:[（(](?:类|\d{{3}})[）)])?\s*支出$")
# “一般公共服务支出（类）2106.66万元”: the class named with 支出, its level mark right before the amount.
_CLASS_BEFORE_AMOUNT = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,24}?)支出\s*[（(](?:类|[0-9]{3})[）)]\s*$")
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
            m = _CLASS_LABEL.search(mention.label) or _CLASS_BEFORE_AMOUNT.search(
                _WRAP_IN_NAME.sub("", text[mention.clause_start:mention.start]))
            if mention.role != "value" or mention.kind != "wan_yuan" or not m:
                continue
            name = re.sub(r"^.*[:：]", "", m.group("name")).strip()
            if name and not any(word in m.group(0) for word in _NOT_A_CLASS):
                totals.append(ClassTotal(name, mention.value, Span(mention.clause_start, mention.end),
                                         catalog.class_key(name)))
    return totals


def extract_economic_items(text: str, start: int, end: int, catalog: SubjectCatalog) -> list[EconomicItem]:
    """Items with printed amounts under 人员经费 / 公用经费 in text[start:end].

    A paragraph that lists names without amounts gives no rows.
    """
    headers = list(_GROUP_HEADER.finditer(text, start, end))
    items: list[EconomicItem] = []
    for n, header in enumerate(headers):
        limit = headers[n + 1].start() if n + 1 < len(headers) else end
        group = _ECONOMIC_GROUPS[header.group("group")]
        for m in _ECONOMIC_ITEM.finditer(text, header.end(), limit):
            name = _LIST_OPENER.sub("", m.group("name").strip()).strip()
            if not name or _NOT_AN_ITEM.search(name):
                continue
            amount = to_wan_yuan(parse_decimal(m.group("amount")), m.group("unit"))
            name_start = m.end("name") - len(name)
            items.append(EconomicItem(group, name, amount, Span(name_start, m.end()), catalog.economic_code(name)))
    return items
