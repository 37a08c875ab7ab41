"""Text variants of the samples, as real inputs differ from them.

Each function takes the raw text of a sample and returns the same report as
another converter or template would print it. Extraction must read the same
figures from every variant.
"""
from __future__ import annotations

import re
from decimal import Decimal

_HEADING = re.compile(r"^(\s*)([一二三四五六七八九十]+)、(?=\S)", re.M)
_CN = "一二三四五六七八九十"


def hard_wrap(raw: str, width: int = 30) -> str:
    """PDF text: every line broken at ``width`` characters, inside words and numbers."""
    return "\n".join(line[i:i + width] for line in raw.split("\n") for i in range(0, max(len(line), 1), width))


def full_width_digits(raw: str) -> str:
    return raw.translate(str.maketrans("0123456789%", "０１２３４５６７８９％"))


def spaces_in_numbers(raw: str) -> str:
    """'1480.45万元' → '14 80.45 万元' (a PDF converter's spacing)."""
    return re.sub(r"(?<![\d.])(\d)(\d+\.\d+)(万元)", r"\1 \2 \3", raw)


def thousands_separators(raw: str) -> str:
    """'1480.45万元' → '1,480.45万元'."""
    return re.sub(r"(?<![\d.,])(\d{1,3})(\d{3})(\.\d+)?(?=万元)", lambda m: f"{m[1]},{m[2]}{m[3] or ''}", raw)


def amounts_in_yuan(raw: str) -> str:
    """'642.36万元' → '6423600元': the same amount printed in 元."""
    def to_yuan(m: re.Match) -> str:
        return f"{(Decimal(m[1].replace(',', '')) * 10000).normalize():f}元"
    return re.sub(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)万元", to_yuan, raw)


def page_furniture(raw: str, every: int = 25) -> str:
    """Page numbers and a running header between every ``every`` lines."""
    lines = raw.split("\n")
    out: list[str] = []
    for n, line in enumerate(lines, 1):
        out.append(line)
        if n % every == 0:
            out += [f"- {n // every} -", "2020年度部门决算公开"]
    return "\n".join(out)


def unnumbered_headings(raw: str) -> str:
    """Section headings without 一、二、… numbers."""
    return _HEADING.sub(r"\1", raw)


def renumbered_headings(raw: str) -> str:
    """Headings numbered one further (一、 → 二、 …), as when a template adds a section."""
    def shift(m: re.Match) -> str:
        number = m[2]
        if len(number) == 1 and number != "十":
            return f"{m[1]}{_CN[_CN.index(number) + 1]}、"
        return m[0]
    return _HEADING.sub(shift, raw)


VARIANTS = {
    "hard_wrap": hard_wrap,
    "full_width_digits": full_width_digits,
    "spaces_in_numbers": spaces_in_numbers,
    "thousands_separators": thousands_separators,
    "amounts_in_yuan": amounts_in_yuan,
    "page_furniture": page_furniture,
    "unnumbered_headings": unnumbered_headings,
    "renumbered_headings": renumbered_headings,
    "wrapped_with_page_furniture": lambda raw: page_furniture(hard_wrap(raw), every=40),
}
