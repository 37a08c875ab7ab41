"""Numbers as printed → exact decimals in the warehouse's units.

Every amount the warehouse publishes is a ``Decimal`` in 万元; counts are
integers; percentages are percentage points. Nothing here uses floats.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

# A number as it stands in normalised text (thousands separators and spaces
# inside numbers are already removed by ingest.normalize).
NUMBER = r"[-−]?\d+(?:\.\d+)?"

# Units a reader meets next to a number, longest first so 万元 wins over 元.
MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "千元": Decimal("0.1"), "元": Decimal("0.0001")}
COUNT_UNITS = ("人次", "批次", "辆", "个", "次", "人", "台", "套", "项", "户", "亩")
PERCENT_UNITS = ("%",)
UNIT_PATTERN = "|".join(
    sorted([*MONEY_UNITS, *COUNT_UNITS, *PERCENT_UNITS], key=len, reverse=True)
)
AMOUNT = re.compile(rf"(?P<number>{NUMBER})\s*(?P<unit>{UNIT_PATTERN})?")


def parse_decimal(text: str) -> Decimal | None:
    """'1,104.25' / '−3.13' / '723.70' → Decimal, keeping the printed scale."""
    cleaned = text.replace(",", "").replace("−", "-").replace(" ", "").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def to_wan_yuan(value: Decimal, unit: str | None) -> Decimal:
    """Convert an amount printed in ``unit`` (元, 千元, 万元, 亿元) to 万元, exactly."""
    factor = MONEY_UNITS.get(unit or "万元", Decimal(1))
    converted = value * factor
    return converted.normalize() if factor != 1 else value


def unit_kind(unit: str | None) -> str:
    """The contract's unit of a printed unit: wan_yuan, pct, count or '' if unknown."""
    if unit in MONEY_UNITS:
        return "wan_yuan"
    if unit in PERCENT_UNITS:
        return "pct"
    if unit in COUNT_UNITS:
        return "count"
    return ""


def chinese_count(text: str) -> int | None:
    """'三' / '十二' / '12' → int; None when the text is not a whole number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        value = cn2an.cn2an(text, "strict")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None
