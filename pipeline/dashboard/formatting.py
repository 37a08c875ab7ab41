"""How the pages write numbers, and the template environment that reads the pages' rows.

Numbers are written by functions, not template macros: the 三公 and department lists
write ten a row, and a macro call costs several times a function's.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"
# A finding's severity as the pages name it, most serious first; its status likewise.
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {"fail": "不一致", "insufficient_data": "数据不足"}


# --- formatting ---------------------------------------------------------------

def amount(value: Decimal | None) -> str:
    """万元 with two decimals; absent stays absent."""
    return "" if value is None else f"{value:,.2f}"


def count(value: Decimal | int | None) -> str:
    return "" if value is None else f"{int(value):,}"


def as_number(value) -> float | None:
    return None if value is None else float(value)


def chart_text(text) -> str:
    """Text for a chart: Plotly reads a few HTML tags in its labels, so a label's own ``<``, ``>`` and ``&`` are
    written as entities (which Plotly shows as the characters)."""
    return "" if text is None else str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: str | None, width: int = 36) -> str:
    """Evidence for a chart's hover box: escaped and broken into short lines."""
    if not text:
        return ""
    text = chart_text(text)
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width))


def department_label(row: dict) -> str:
    """A department and year as a chart names them; either may be absent from its report."""
    year = row["fiscal_year"]
    return f"{row['department_name'] or '未注明部门'}（{'未注明年度' if year is None else year}）"


ABSENT = Markup('<span class="absent">—</span>')


def number(text: str | None, evidence: str | None = None) -> Markup:
    """A number as the page shows it, with its evidence (hover: title; click: the evidence panel)."""
    if not text:
        return ABSENT
    if evidence:
        return Markup(f'<span class="num ev" title="{escape(evidence)}">{escape(text)}</span>')
    return Markup(f'<span class="num">{escape(text)}</span>')


def money(value: Decimal | None, evidence: str | None = None) -> Markup:
    """An amount in 万元, as number() shows it."""
    return ABSENT if value is None else number(amount(value), evidence)


def department_link(name: str | None, page: str | None) -> Markup:
    """A department's name linking to its page (where it has one); a report may not state the name."""
    text = escape(name or "未注明部门")
    return Markup(f'<a href="{escape(page)}">{text}</a>') if page else text


def sort_value(value: Decimal | int | None) -> str:
    """What a table sorts a cell by (data-v): empty when absent."""
    return "" if value is None else str(value)


def figure_json(figure: dict) -> str:
    """A figure as JSON that is safe inside a <script> element."""
    return json.dumps(figure, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(jinja2.Environment):
    """Jinja's environment, looking a dict's key up first: the pages' data are rows as dicts, and ``row.name``
    would otherwise try (and fail on) an attribute each time, the costliest step of drawing 10,000 pages.
    A key named like a dict method (``items``, ``get``…) still means the method, as in plain Jinja."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _absent_as_empty(value):
    """What a page writes for a value: an absent one (None) as nothing, never the word "None"."""
    return "" if value is None else value


def environment() -> jinja2.Environment:
    env = PageEnvironment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                          finalize=_absent_as_empty)
    env.filters.update(amount=amount, count=count, figure_json=figure_json)
    env.globals.update(money=money, number=number, sort_value=sort_value, department_link=department_link,
                       severity_names=SEVERITY_NAMES, status_names=STATUS_NAMES)
    return env
