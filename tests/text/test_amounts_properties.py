"""Amounts written every way a report may print them, well or badly, inside a report's sentence.

A well-formed amount (grouped on thousands or not, signed, in 元/千元/万元/
亿元, spaced from its unit, full-width) is read as exactly the Decimal it
prints, converted to 万元 by moving the point; a malformed one (a comma off a
thousands boundary, two points) or one in another digit script is refused.
Nothing is ever read as another number.
"""
from __future__ import annotations

import re
from decimal import Context, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.text.amounts import parse_decimal, to_wan_yuan
from pipeline.text.reasons import RefusedInput
from tests.extract.test_wording import read

UNIT_EXPONENT = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}  # 10^n 万元 per unit, written out independently
SIGNS = {"": 1, "-": -1, "−": -1, "负": -1}
OTHER_DIGITS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE)  # Arabic-Indic … mathematical bold zero
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
BOUNDED = settings(max_examples=150, deadline=None)


def _grouped(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


@st.composite
def amounts(draw):
    """(printed amount with its unit, the value it states in 万元)."""
    unit = draw(st.sampled_from(sorted(UNIT_EXPONENT)))
    whole = str(draw(st.integers(0, 10 ** (12 - max(UNIT_EXPONENT[unit], 0)))))
    decimals = draw(st.text("0123456789", max_size=4))
    sign = draw(st.sampled_from(sorted(SIGNS)))
    printed = (_grouped(whole) if draw(st.booleans()) else whole) + (f".{decimals}" if decimals else "")
    if draw(st.booleans()):
        printed = printed.translate(FULL_WIDTH)
    space = draw(st.sampled_from(["", " "]))
    value = Decimal(f"{whole}.{decimals or '0'}").scaleb(UNIT_EXPONENT[unit], context=Context(prec=100))
    return f"{sign}{printed}{space}{unit}", value * SIGNS[sign]


@given(amounts())
@BOUNDED
def test_a_well_formed_amount_is_read_as_exactly_the_number_it_prints(amount):
    printed, value = amount
    assert read("income", f"2024年度本年收入合计{printed}，比上年增加5.00万元。")["income_total"] == value


WELL_FORMED = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


@st.composite
def malformed(draw):
    """A number with a comma off a thousands boundary or a second point, and a money unit or %."""
    digits = draw(st.text("0123456789", min_size=2, max_size=12))
    marks = draw(st.lists(st.tuples(st.integers(1, len(digits) - 1), st.sampled_from(",.")), min_size=1, max_size=3))
    printed = list(digits)
    for at, mark in sorted(set(marks), reverse=True):
        printed.insert(at, mark)
    number = "".join(printed)
    assume(re.search(r"[,.][,.]", number) is None and not WELL_FORMED.fullmatch(number))
    return number + draw(st.sampled_from(["万元", "元", "千元", "亿元", "%"]))


@given(malformed())
@BOUNDED
def test_a_malformed_amount_is_refused_never_read(printed):
    try:
        got = read("income", f"本年收入合计{printed}，支出合计12.00万元。")
    except RefusedInput as refused:
        assert refused.reason_code == "number_malformed" and printed in str(refused)
    else:
        raise AssertionError(f"{printed} was read: {got}")


@given(amounts(), st.sampled_from(OTHER_DIGITS), st.data())
@BOUNDED
def test_an_amount_in_another_digit_script_is_refused(amount, zero, data):
    printed, _ = amount
    places = [n for n, ch in enumerate(printed) if ch in "0123456789０１２３４５６７８９"]
    at = data.draw(st.sampled_from(places))
    digit = int(printed[at].translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    written = printed[:at] + chr(zero + digit) + printed[at + 1:]
    try:
        got = read("income", f"本年收入合计{written}。")
    except RefusedInput as refused:
        assert refused.reason_code == "digits_unsupported"
    else:
        raise AssertionError(f"{written} was read: {got}")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-10 ** 12, max_value=10 ** 12),
       st.sampled_from(sorted(UNIT_EXPONENT)))
@BOUNDED
def test_converting_to_wan_yuan_moves_the_point_and_rounds_nothing(value, unit):
    converted = to_wan_yuan(value, unit)
    assert converted == value.scaleb(UNIT_EXPONENT[unit], context=Context(prec=100))
    assert parse_decimal(str(value)) == value
