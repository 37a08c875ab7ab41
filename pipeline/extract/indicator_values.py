"""A 绩效 indicator's target and actual value, and whether the target was achieved.

Small pure functions: ``parse_indicator_value`` reads what a cell states (an
operator, a number and its unit, or a qualitative category), and ``judge``
decides achievement only when the target and the actual value are comparable.
"""
from __future__ import annotations

import dataclasses
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipeline.text.amounts import MONEY_UNITS, NUMBER, parse_decimal, to_wan_yuan


# Comparison words before / after a number, longest first within each list.
_OP_BEFORE = {
    "≥": ">=", "≧": ">=", ">=": ">=", "≤": "<=", "≦": "<=", "<=": "<=", ">": ">", "<": "<", "=": "=",
    "大于等于": ">=", "大于或等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=", "达到": ">=", "至少": ">=",
    "小于等于": "<=", "小于或等于": "<=", "不超过": "<=", "不高于": "<=", "不大于": "<=", "不多于": "<=",
    "控制在": "<=", "低于": "<", "小于": "<", "少于": "<", "高于": ">", "大于": ">", "超过": ">",
}
_OP_AFTER = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<="}
_UNITS = (
    "元/月", "元/年", "元/人", "元/次", "万元", "亿元", "千元", "元", "%", "‰", "人次", "批次", "小时", "公里",
    "平方米", "次", "个", "户", "亩", "天", "日", "年", "月", "份", "人", "台", "套", "项", "辆", "家", "批",
    "条", "篇", "期", "场", "件", "所", "名", "万",
)


def _alternation(words) -> str:
    """A regex alternative of literal words, longest first so ≥ is not read as >."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_QUANTITY = re.compile(
    rf"(?P<op>{_alternation(_OP_BEFORE)})?(?<!\s)\s*+(?<![A-Za-z0-9.,])(?P<number>{NUMBER})(?![0-9.]|,[0-9])\s*"
    rf"(?P<unit>{_alternation(_UNITS)})?(?![A-Za-z])\s*(?P<post>{_alternation(_OP_AFTER)})?"
)
# Calendar dates are deadlines, not quantities: 2020年12月, 2020年3月底, 12月31日.
_DATE = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?")

# A qualitative target is a short phrase: how (按时, 如期, 持续有效 …) and a result
# (完成, 运转, 支付 …) or a grade; the phrase itself is the category.
_RESULTS = ("完成", "运转", "运行", "支付", "提升", "改善", "达标", "畅通", "满意", "合格", "良好", "优秀", "到位")
_CATEGORY = re.compile(rf"^(?P<how>[\u4e00-\u9fff]{{0,6}}?)(?:{'|'.join(_RESULTS)})$")
_RANKS = {"合格": 1, "良好": 2, "优秀": 3}
_NEGATIVE = re.compile(r"未(?:完成|达到|达标|按时|按期)|不合格|没有完成|滞后|延期|逾期")
_COMPLETED = re.compile(r"完成|达到|达成|达标|合格|实现")


@dataclass(frozen=True)
class IndicatorValue:
    """What a target/actual cell states: a compared quantity or a qualitative category."""

    op: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    category: str | None = None


@lru_cache(maxsize=1 << 14)  # pure, and indicator cells repeat (≥95%, 按时完成): each is read twice, by judge too
def parse_indicator_value(text: str | None, ceiling: bool = False) -> IndicatorValue:
    """'≥95%' → (>=, 95, %); '按时完成' → category 按时完成; ambiguous text → all None.

    A number counts when it has a unit or is the whole cell; a text holding
    several quantities (会议系统1套、显示设备1套) states no single value.
    ``ceiling``: a bare amount of a 成本指标 is a limit, so its comparator is ≤.
    """
    if not text or not text.strip():
        return IndicatorValue()
    quantities = _quantities(text)
    if len(quantities) == 1:
        value = quantities[0]
        bare = value.op == "=" and not _OP_WORD.search(text)
        return dataclasses.replace(value, op="<=") if ceiling and bare else value
    if quantities:
        return IndicatorValue()
    return IndicatorValue(category=_category(text))


_OP_WORD = re.compile(r"等于|=|持平")


def _quantities(text: str) -> list[IndicatorValue]:
    dates = [m.span() for m in _DATE.finditer(text)]
    bare = _QUANTITY.fullmatch(text.strip()) is not None
    found = []
    for m in _QUANTITY.finditer(text):
        start = m.start("number")
        if any(a <= start < b for a, b in dates) or not (m.group("unit") or bare):
            continue
        op = _OP_BEFORE.get(m.group("op") or "") or _OP_AFTER.get(m.group("post") or "") or "="
        found.append(IndicatorValue(op=op, value=parse_decimal(m.group("number")), unit=m.group("unit")))
    return found


def _category(text: str) -> str | None:
    """The phrase of a qualitative cell (按月支付, 网络畅通); None when negated (未完成) or not such a phrase."""
    squeezed = _squeeze(text)
    m = _CATEGORY.match(squeezed)
    if m is None or _NEGATION.search(m.group("how")):
        return None
    return squeezed


_NEGATION = re.compile(r"[不未无没]")
SPACES = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return SPACES.sub("", text).rstrip("。.；;，,")


def _comparable(value: IndicatorValue) -> tuple[Decimal, str]:
    """Money in any unit is compared in 万元 ('30万' is 30万元 in a cost cell)."""
    unit = "万元" if value.unit == "万" else value.unit or ""
    if unit in MONEY_UNITS:
        return to_wan_yuan(value.value, unit), "万元"
    return value.value, unit


_COMPARE = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "=": operator.eq}


def judge(target_text: str | None, actual_text: str | None, ceiling: bool = False) -> tuple[bool | None, str]:
    """Was the target achieved? Decided only when target and actual are comparable.

    Numbers are compared when both cells state one quantity in the same unit;
    a qualitative target is met when the actual states the same category, a
    better rank, or completion. Otherwise the answer is None with the reason.
    ``ceiling``: the row is a 成本指标, whose bare amount is a limit (≤), not a quota.
    """
    if not (target_text and target_text.strip()):
        return None, "no target"
    if not (actual_text and actual_text.strip()):
        return None, "no actual"
    target, actual = parse_indicator_value(target_text, ceiling), parse_indicator_value(actual_text)
    if target.value is not None:
        return _judge_numeric(target, actual)
    if _NEGATIVE.search(actual_text):
        return False, "actual states not achieved"
    if target.category:
        return _judge_category(target.category, actual.category, actual_text)
    if _squeeze(target_text) == _squeeze(actual_text):
        return True, "actual restates target"
    return None, "target states no value or category"


def _judge_numeric(target: IndicatorValue, actual: IndicatorValue) -> tuple[bool | None, str]:
    if actual.value is None:
        return None, "target numeric, actual states no single number"
    (t, t_unit), (a, a_unit) = _comparable(target), _comparable(actual)
    if t_unit != a_unit:
        return None, f"units differ ({target.unit or '-'} vs {actual.unit or '-'})"
    met = _COMPARE[target.op](a, t)
    verdict = "meets" if met else "misses"
    return met, f"{actual.value}{actual.unit or ''} {verdict} {target.op} {target.value}{target.unit or ''}"


def _judge_category(target: str, actual: str | None, actual_text: str) -> tuple[bool | None, str]:
    if actual == target:
        return True, f"actual states {target}"
    if target in _RANKS and actual in _RANKS:
        met = _RANKS[actual] >= _RANKS[target]
        return met, f"rated {actual} against {target}"
    if _COMPLETED.search(actual_text):
        return True, "actual states completion"
    return None, f"actual ({actual or 'text'}) not comparable with {target}"
