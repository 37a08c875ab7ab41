"""Numbers as printed → exact decimals in the warehouse's units.

Every amount the warehouse publishes is a ``Decimal`` in 万元; counts are
integers; percentages are percentage points. Nothing here uses floats. This
module is the one place that knows the money units (元, 千元, 万元, 亿元) and
how an amount is printed; every reader and the normaliser use its patterns.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Units a reader meets next to a number, longest first so 万元 wins over 元.
MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "千元": Decimal("0.1"), "元": Decimal("0.0001")}
COUNT_UNITS = ("人次", "批次", "辆", "个", "次", "人", "台", "套", "项", "户", "亩")
PERCENT_UNITS = ("%",)
MONEY_UNIT = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
UNIT_PATTERN = "|".join(sorted([*MONEY_UNITS, *COUNT_UNITS, *PERCENT_UNITS], key=len, reverse=True))

# A sign as printed before an amount: “-723.70万元”, “−723.70万元”, “负723.70万元”.
SIGN = r"[-−]|负"
# A number as it stands in normalised text (thousands separators and spaces
# inside numbers are already removed by ingest.normalize).
NUMBER = r"[-−]?\d+(?:\.\d+)?"
# A number with its sign and optional unit; not the tail of a longer number.
QUANTITY = re.compile(rf"(?<![\d.])(?P<sign>{SIGN})?(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>{UNIT_PATTERN})?")
AMOUNT = re.compile(rf"(?P<number>{NUMBER})\s*(?P<unit>{UNIT_PATTERN})?")
MONEY = rf"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>{MONEY_UNIT})"
# Scientific notation (1e30) is not how a report prints an amount: such a figure is refused.
SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][-+]?\d+")

_DECIMAL = re.compile(r"[-+]?\d+(?:\.\d+)?")

# The warehouse stores amounts as DECIMAL(20, 6): 14 digits before the point.
_MAX_WAN_YUAN = Decimal(10) ** 14


def parse_decimal(text: str) -> Decimal | None:
    """'1,104.25' / '−3.13' / '负3.13' / '723.70' → Decimal, keeping the printed scale; None for 1e30."""
    cleaned = text.replace(",", "").replace("−", "-").replace("负", "-").replace(" ", "").strip()
    if not _DECIMAL.fullmatch(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def to_wan_yuan(value: Decimal, unit: str | None) -> Decimal:
    """Convert an amount printed in ``unit`` (元, 千元, 万元, 亿元) to 万元, exactly (no rounding)."""
    factor = MONEY_UNITS.get(unit or "万元", Decimal(1))
    if factor == 1:
        return value
    converted = (value * factor).normalize()
    return converted.quantize(Decimal(1)) if converted.as_tuple().exponent > 0 else converted


def out_of_range(value: Decimal) -> str | None:
    """Why an amount in 万元 cannot be stored exactly in the warehouse, naming it; None when it can."""
    if abs(value) >= _MAX_WAN_YUAN:
        return f"out of range: {value} 万元 has more than 14 digits before the point"
    if value.as_tuple().exponent < -4 and value != value.quantize(Decimal("0.0001")):  # type: ignore[operator]
        return f"out of range: {value} 万元 has more than 4 decimals"
    return None


def unit_kind(unit: str | None) -> str:
    """The contract's unit of a printed unit: wan_yuan, pct, count or '' if unknown."""
    if unit in MONEY_UNITS:
        return "wan_yuan"
    if unit in PERCENT_UNITS:
        return "pct"
    if unit in COUNT_UNITS:
        return "count"
    return ""

