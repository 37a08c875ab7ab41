"""A variant printed as converted text: blank cells dropped (PDFium, single spaces) or kept as runs of spaces
(pdftotext -layout), each table on a page of its own unless two share one."""
from __future__ import annotations

from decimal import Decimal

from pipeline.text.amounts import MONEY_UNITS
from tests.fuzz.templates import Column, Row, Table, Variant

CODE_WIDTH = 12
VALUE_WIDTH = 16
CONTINUED = "（续表）"
# 三公: the items' printed headers, the vehicle group over its 小计 and its two parts.
ITEM_GROUPS = ("合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")
ITEM_SUBHEADS = ("小计", "公务用车购置费", "公务用车运行维护费")


def amount(value: Decimal, unit: str, separators: bool) -> str:
    """The amount as a table in ``unit`` prints it, exactly (a figure of 万元 with cents is whole cents in 元)."""
    scaled = value / MONEY_UNITS[unit]
    printed = f"{scaled:,.2f}" if separators else f"{scaled:.2f}"
    assert Decimal(printed.replace(",", "")) == scaled, (value, unit)
    return printed


def split_label(label: str) -> tuple[str, str]:
    half = (len(label) + 1) // 2
    return label[:half], label[half:]


def printed_code(code: str | None, joined: bool) -> str:
    if not code or joined:
        return code or ""
    return " ".join([code[:3], *(code[i:i + 2] for i in range(3, len(code), 2))])


# One printed line of a table: a heading (收入, 支出 of a one-sided summary) or its rows, each with the values
# it prints, by column (one row, or the income and the expense row of a two-sided table).
PrintedLine = "str | list[tuple[Row, dict[Column, Decimal]] | None]"


def printed_lines(v: Variant, table: Table) -> list:
    """The table's lines in printed order."""
    if one_sided(v, table):
        lines: list = []
        for side, heading in enumerate(("收入", "支出")):
            lines.append(heading)
            lines += [[(r, {table.columns[0]: x for x in r.values.values()})] for r in table.rows if r.side == side]
        return lines
    if table.two_sided:
        return [[(r, r.values) if r else None for r in pair] for pair in _paired(table.rows)]
    return [[(r, r.values)] for r in table.rows]


def page_chunks(v: Variant, table: Table) -> list[list]:
    """The table's printed lines page by page: one page, or two where it is continued (续表)."""
    lines = printed_lines(v, table)
    k = table.continued_at
    if k is None or len(lines) < 2:
        return [lines]
    k = min(k, len(lines) - 1)
    return [lines[:k], lines[k:]]


def title_lines(table: Table, continued: bool) -> list[str]:
    lines = table.title.split("\n")
    if continued:
        lines[0] += CONTINUED
    return lines


def render_text(v: Variant) -> tuple[str, tuple[int, ...]]:
    """The variant's text and the offset each page starts at."""
    pages: list[list[str]] = []
    tables_on_page = 0
    for table in v.tables:
        for n, chunk in enumerate(page_chunks(v, table)):
            lines = _table_lines(v, table, chunk, continued=n > 0)
            if n == 0 and v.shared_pages and pages and tables_on_page == 1:
                pages[-1] += lines
                tables_on_page += 1
            else:
                pages.append(lines)
                tables_on_page = 1
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += sum(len(line) + 1 for line in page)
    return "\n".join(line for page in pages for line in page), tuple(starts)


class _Grid:
    """Where each printed column ends (layout text): code, name, then one right-aligned field per value column."""

    def __init__(self, table: Table, v: Variant, sides: int):
        self.spaces = v.rendering == "blanks_as_spaces"
        names = [len(r.name) for r in table.rows] or [4]
        self.name_width = max(max(names), 6) + 4
        self.edges: dict[Column, int] = {}
        self.starts: list[int] = []  # where each side's name column starts
        x = 0
        for side in range(sides):
            self.starts.append(x)
            x += (0 if table.two_sided else CODE_WIDTH) + self.name_width
            for column in table.side_columns(side) if not one_sided(v, table) else table.columns[:1]:
                x += VALUE_WIDTH
                self.edges[column] = x
            x += 4

    def line(self, pieces: list[tuple[int, str, bool]]) -> str:
        """Pieces (x, text, right-aligned at x) placed on one line, or joined by single spaces."""
        pieces = [p for p in pieces if p[1]]
        if not self.spaces:
            return " ".join(text for _, text, _ in sorted(pieces, key=lambda p: p[0] - (len(p[1]) if p[2] else 0)))
        out = ""
        for x, text, right in sorted(pieces, key=lambda p: p[0] - (len(p[1]) if p[2] else 0)):
            at = x - len(text) if right else x
            out += " " * max(at - len(out), 1 if out else 0) + text
        return out


def one_sided(v: Variant, table: Table) -> bool:
    return table.code == "summary" and v.one_sided_summary


def _table_lines(v: Variant, table: Table, chunk: list, continued: bool) -> list[str]:
    lines = title_lines(table, continued) + [f"单位：{table.unit}"]
    if table.has_items:
        return lines + _item_lines(v, table)
    sides = 2 if table.two_sided and not one_sided(v, table) else 1
    grid = _Grid(table, v, sides)
    lines += _header_lines(v, table, grid, sides)
    return lines + [line if isinstance(line, str) else _row_line(v, table, grid, line) for line in chunk]


def _paired(rows: list[Row]) -> list[tuple[Row | None, Row | None]]:
    """A two-sided table's lines: income rows left, expense rows right, the 本年…合计 rows on one line and the
    总计 rows on one line."""
    blocks = []
    for side in (0, 1):
        mine = [r for r in rows if r.side == side]
        cut = next((i for i, r in enumerate(mine) if r.expected_name.startswith("本年")), len(mine))
        blocks.append((mine[:cut], mine[cut:]))
    (top_left, low_left), (top_right, low_right) = blocks
    lines = _zip(top_left, top_right)
    for low in (low_left, low_right):
        while len(low) < max(len(low_left), len(low_right)):
            low.insert(max(len(low) - 1, 0), None)
    return lines + _zip(low_left, low_right)


def _zip(left: list, right: list) -> list[tuple]:
    n = max(len(left), len(right))
    return [(left[i] if i < len(left) else None, right[i] if i < len(right) else None) for i in range(n)]


def _header_lines(v: Variant, table: Table, grid: _Grid, sides: int) -> list[str]:
    heads: list[tuple[int, str, bool]] = []  # the cells of the header's first line
    labels: list[tuple[int, str]] = []  # value columns' labels: (right edge, label)
    for side in range(sides):
        x = grid.starts[side]
        if table.two_sided:
            heads.append((x, "项目", False))
        else:
            heads += [(x, "科目编码", False), (x + CODE_WIDTH, "科目名称", False)]
        columns = table.columns[:1] if one_sided(v, table) else table.side_columns(side)
        labels += [(grid.edges[c], c.label) for c in columns]
    lines = [grid.line([(grid.starts[0], "收入", False), (grid.starts[1], "支出", False)])] if sides == 2 else []
    if not table.two_row_header:
        return lines + [grid.line(heads + [(x, label, True) for x, label in labels])]
    halves = [(x, *split_label(label)) for x, label in labels]
    if grid.spaces or v.header_wrap == "rowwise":
        return lines + [grid.line(heads + [(x, a, True) for x, a, _ in halves]),
                        grid.line([(x, b, True) for x, _, b in halves])]
    return lines + [grid.line(heads)] + [part for _, a, b in halves for part in (a, b) if part]


def _row_line(v: Variant, table: Table, grid: _Grid, rows: list[tuple[Row, dict] | None]) -> str:
    pieces: list[tuple[int, str, bool]] = []
    for side, entry in enumerate(rows):
        if entry is None:
            continue
        row, values = entry
        x = grid.starts[side]
        if table.two_sided:
            pieces.append((x, row.name, False))
        else:
            pieces += [(x, printed_code(row.code, v.codes_joined), False), (x + CODE_WIDTH, row.name, False)]
        for column, value in values.items():
            pieces.append((grid.edges[column], amount(value, table.unit, v.separators), True))
    return grid.line(pieces)


def _item_lines(v: Variant, table: Table) -> list[str]:
    """三公: the items over their (预算数, 决算数) pairs, and one line of numbers."""
    spaces = v.rendering == "blanks_as_spaces"
    edges = {c: 14 + (i + 1) * 10 for i, c in enumerate(table.columns)}
    pair_end = [edges[table.columns[2 * i + 1]] for i in range(len(table.columns) // 2)]

    def line(pieces: list[tuple[int, str]]) -> str:
        if not spaces:
            return " ".join(t for _, t in pieces if t)
        out = ""
        for x, text in pieces:
            out += " " * max(x - len(text) - len(out), 1 if out else 0) + text
        return out

    group_at = (pair_end[0], pair_end[1], pair_end[4], pair_end[5])
    row = table.rows[0]
    return ["财政拨款“三公”经费",
            line(list(zip(group_at, ITEM_GROUPS))),
            line(list(zip(pair_end[2:5], ITEM_SUBHEADS))),
            line([(edges[c], c.label) for c in table.columns]),
            line([(edges[c], amount(row.values[c], table.unit, v.separators))
                  for c in table.columns if c in row.values])]
