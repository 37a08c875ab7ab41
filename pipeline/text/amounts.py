"""Numbers as printed → exact decimals in the warehouse's units.

Every amount the warehouse publishes is a ``Decimal`` in 万元; counts are
integers; percentages are percentage points. Nothing here uses floats. This
module is the one place that knows the money units (元, 千元, 万元, 亿元) and
how an amount is printed; every reader and the normaliser use its patterns.

Only ASCII digits are digits here (``[0-9]``, never ``\\d``, which matches
every script's digits); the normaliser turns full-width digits into ASCII and
refuses a text printed in any other digit script. A number is read as one
printed token, so a malformed one (1,2345.6 / 12.345.67) is refused whole,
never read in part.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.text.excerpt import excerpt
from pipeline.text.reasons import RefusedInput

# Units a reader meets next to a number, longest first so 万元 wins over 元;
# each unit's factor to 万元 is a power of ten, applied exactly.
MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "千元": Decimal("0.1"), "元": Decimal("0.0001")}
COUNT_UNITS = ("人次", "批次", "辆", "个", "次", "人", "台", "套", "项", "户", "亩")
PERCENT_UNITS = ("%",)
MONEY_UNIT = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
UNIT_PATTERN = "|".join(sorted([*MONEY_UNITS, *COUNT_UNITS, *PERCENT_UNITS], key=len, reverse=True))

# A sign as printed before an amount: “-723.70万元”, “−723.70万元”, “负723.70万元”.
SIGN = r"[-−]|负"
# A well-formed number as it stands in normalised text (grouping commas and
# spaces inside numbers are already removed by ingest.normalize).
NUMBER = r"[-−]?[0-9]+(?:\.[0-9]+)?"
# A number as printed, read whole: digits and every comma or point between two digits. Possessive, so a run
# of digits is scanned once; a reader starts it where no digit or point precedes.
PRINTED_NUMBER = r"[0-9](?:[0-9]|[,.](?=[0-9]))*+"
# A number with its sign and optional unit; not the tail of a longer number.
QUANTITY = re.compile(rf"(?<![0-9.])(?P<sign>{SIGN})?(?P<number>{PRINTED_NUMBER})\s*(?P<unit>{UNIT_PATTERN})?")
AMOUNT = re.compile(rf"(?<![0-9.])(?P<number>[-−]?{PRINTED_NUMBER})\s*(?P<unit>{UNIT_PATTERN})?")
MONEY = rf"(?<![0-9.,])(?P<amount>[0-9]+(?:\.[0-9]+)?)(?![0-9.,]?[0-9])\s*(?P<unit>{MONEY_UNIT})"
# Scientific notation (1e30) is not how a report prints an amount: such a figure is refused.
SCIENTIFIC = re.compile(r"(?<![0-9.])[0-9]++(?:\.[0-9]++)?[eE][-+]?[0-9]+")

# Grouping commas fall on thousands (1,234,567.89); one decimal point at most.
_WELL_FORMED = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_PRINTED = re.compile(rf"(?<![0-9.])(?:{PRINTED_NUMBER})")
_AMOUNT_UNIT = re.compile(rf"(?<!\s)\s*+(?:{MONEY_UNIT}|%)")  # matched right after a number
_MALFORMED_WHY = "grouping commas fall on thousands (1,234,567.89) and a number has one decimal point"

# The warehouse stores amounts as DECIMAL(20, 6): 14 digits before the point, 6 after.
_MAX_WAN_YUAN = Decimal(10) ** 14
_SCALE = 6
_CONTEXT = 20  # characters either side of a refused number that its reason quotes


def well_formed(printed: str) -> bool:
    """Whether a printed number (no sign, no unit) is one a reader reads as written."""
    return _WELL_FORMED.fullmatch(printed) is not None


def parse_decimal(text: str) -> Decimal | None:
    """'1,104.25' / '−3.13' / '负3.13' / '723.70' → Decimal, keeping the printed scale; None for a number that
    is not well formed (1,2345.6, 12.345.67, 1e30)."""
    cleaned = text.replace("−", "-").replace("负", "-").replace(" ", "").strip()
    if not _WELL_FORMED.fullmatch(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        return None


def to_wan_yuan(value: Decimal, unit: str | None) -> Decimal:
    """Convert an amount printed in ``unit`` (元, 千元, 万元, 亿元) to 万元, exactly: the decimal point moves,
    no digit is rounded (700元 → 0.07, 1.5亿元 → 15000)."""
    shift = MONEY_UNITS.get(unit or "万元", Decimal(1)).adjusted()
    if shift == 0:
        return value
    sign, digits, exponent = value.as_tuple()
    if not any(digits):
        return Decimal((sign, (0,), 0))
    kept, exponent = list(digits), int(exponent) + shift
    while exponent < 0 and kept[-1] == 0:  # the zeros a smaller unit prints are not decimals of 万元
        kept.pop()
        exponent += 1
    if exponent > 0:
        kept += [0] * exponent
        exponent = 0
    return Decimal((sign, tuple(kept), exponent))


def out_of_range(value: Decimal) -> str | None:
    """Why an amount in 万元 cannot be stored exactly in the warehouse, naming it; None when it can."""
    if abs(value) >= _MAX_WAN_YUAN:
        return f"out of range: {excerpt(str(value))} 万元 has more than 14 digits before the point"
    if int(value.as_tuple().exponent) < -_SCALE and value != value.quantize(Decimal(1).scaleb(-_SCALE)):
        return f"out of range: {excerpt(str(value))} 万元 has more than {_SCALE} decimals"
    return None


def refuse_malformed_amounts(text: str) -> None:
    """Refuse a text that prints an amount (a number before a money unit or %) that is not well formed:
    1,2345.6万元 is neither 12345.6 nor 2345.6, and no reader may take part of it."""
    for m in _PRINTED.finditer(text):
        if not well_formed(m.group()) and (unit := _AMOUNT_UNIT.match(text, m.end())):
            raise RefusedInput("number_malformed", f"malformed number “{excerpt(text[m.start():unit.end()])}” in "
                                                   f"“{quote_around(text, m.start(), unit.end())}”: {_MALFORMED_WHY}")


def quote_around(text: str, start: int, end: int) -> str:
    """A short quote of ``text[start:end]`` with a few characters either side, on one line."""
    before = text[max(0, start - _CONTEXT):start].rsplit("\n", 1)[-1]
    after = text[end:end + _CONTEXT].split("\n", 1)[0]
    return f"{before}{excerpt(text[start:end])}{after}"


def unit_kind(unit: str | None) -> str:
    """The contract's unit of a printed unit: wan_yuan, pct, count or '' if unknown."""
    if unit in MONEY_UNITS:
        return "wan_yuan"
    if unit in PERCENT_UNITS:
        return "pct"
    if unit in COUNT_UNITS:
        return "count"
    return ""
