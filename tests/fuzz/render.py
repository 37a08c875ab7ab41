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


def one_sided(v: Variant, table: Table) -> bool:
    return table.code == "summary" and v.one_sided_summary


def in_halves(v: Variant, table: Table) -> bool:
    return table.code == "gpb_basic" and v.halves


def printed_sides(v: Variant, table: Table) -> int:
    return 2 if (table.two_sided and not one_sided(v, table)) or in_halves(v, table) else 1


def printed_columns(v: Variant, table: Table, side: int) -> list[Column]:
    """The value columns one side of the printed table has (a one-sided summary: one; halves: all, twice)."""
    if one_sided(v, table):
        return table.columns[:1]
    if in_halves(v, table) or not table.two_sided:
        return table.columns
    return table.side_columns(side)


# One printed line of a table: a heading (收入, 支出 of a one-sided summary) or its rows, each with what it
# prints in every column of its side (None: blank) — one row, or two side by side.
def printed_lines(v: Variant, table: Table) -> list:
    """The table's lines in printed order."""
    def entry(row: Row | None, side: int):
        if row is None:
            return None
        columns = printed_columns(v, table, side)
        if one_sided(v, table):
            return row, {columns[0]: next(iter(row.values.values()), None)}
        return row, {c: row.values.get(c) for c in columns}

    if one_sided(v, table):
        lines: list = []
        for side, heading in enumerate(("收入", "支出")):
            lines.append(heading)
            lines += [[entry(r, 0)] for r in table.rows if r.side == side]
        return lines
    if table.two_sided:
        return [[entry(r, side) for side, r in enumerate(pair)] for pair in _paired(table.rows)]
    if in_halves(v, table):
        coded = [r for r in table.rows if r.code]
        totals = [r for r in table.rows if not r.code]
        half = (len(coded) + 1) // 2
        pairs = _zip(coded[:half], coded[half:]) + _zip(totals[:1], totals[1:2]) + [(r, None) for r in totals[2:]]
        return [[entry(r, side) for side, r in enumerate(pair)] for pair in pairs]
    return [[entry(r, 0)] for r in table.rows]


def page_chunks(v: Variant, table: Table) -> list[list]:
    """The table's printed lines page by page: one page, or two where it is continued (续表)."""
    lines = printed_lines(v, table)
    k = table.continued_at
    if k is None or len(lines) < 2:
        return [lines]
    k = min(k, len(lines) - 1)
    return [lines[:k], lines[k:]]


def unit_line(v: Variant, table: Table) -> str:
    return v.unit_style.format(unit=table.unit)


def with_line_numbers(v: Variant, table: Table) -> bool:
    """The national template's 行次 column beside each side's 项目 in the two-sided tables: line numbers, no
    figures."""
    return v.line_numbers and table.two_sided


def line_number(table: Table, row: Row) -> str:
    return str(table.rows.index(row) + 1)


def spaced(v: Variant, text: str) -> str:
    """A short header or row word printed letter-spaced (合 计, 项 目), as templates centre it in its cell."""
    if not v.letter_spaced or len(text) > 3:
        return text
    return ("   " if v.rendering == "blanks_as_spaces" else " ").join(text)


def blank(v: Variant) -> str:
    """What a blank cell prints: nothing, or a dash (a dash states no figure)."""
    return v.blank_mark


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
    if v.page_numbers:
        for n, page in enumerate(pages, 1):
            page.append(f"- {n} -")
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += sum(len(line) + 1 for line in page)
    return "\n".join(line for page in pages for line in page), tuple(starts)


class _Grid:
    """Where each printed column ends (layout text): code, name, then one right-aligned field per value column."""

    def __init__(self, table: Table, v: Variant):
        self.spaces = v.rendering == "blanks_as_spaces"
        names = [len(r.name) for r in table.rows] or [4]
        self.name_width = max(max(names), 6) + 4
        self.edges: dict[tuple[int, Column], int] = {}
        self.starts: list[int] = []  # where each side's name column starts
        x = 0
        self.line_number_edges: list[int] = []  # where each side's 行次 column ends
        for side in range(printed_sides(v, table)):
            self.starts.append(x)
            x += (0 if table.two_sided else CODE_WIDTH) + self.name_width
            if with_line_numbers(v, table):
                x += 6
                self.line_number_edges.append(x)
            for column in printed_columns(v, table, side):
                x += VALUE_WIDTH
                self.edges[(side, column)] = x
            x += 4

    def line(self, pieces: list[tuple[int, str, bool]]) -> str:
        """Pieces (x, text, right-aligned at x) placed on one line, or joined by single spaces."""
        pieces = sorted((p for p in pieces if p[1]), key=lambda p: p[0] - (len(p[1]) if p[2] else 0))
        if not self.spaces:
            return " ".join(text for _, text, _ in pieces)
        out = ""
        for x, text, right in pieces:
            at = x - len(text) if right else x
            out += " " * max(at - len(out), 1 if out else 0) + text
        return out


def _table_lines(v: Variant, table: Table, chunk: list, continued: bool) -> list[str]:
    lines = title_lines(table, continued) + [unit_line(v, table)]
    if table.has_items:
        return lines + _item_lines(v, table)
    grid = _Grid(table, v)
    lines += _header_lines(v, table, grid)
    for line in chunk:
        lines += [line] if isinstance(line, str) else _row_lines(v, table, grid, line)
    return lines


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


GROUP = "其中："  # a grouped header's group cell, over every column but the first


def _header_lines(v: Variant, table: Table, grid: _Grid) -> list[str]:
    heads: list[tuple[int, str, bool]] = []  # the cells of the header's first line
    labels: list[tuple[int, str]] = []  # value columns' labels: (right edge, label)
    sides = printed_sides(v, table)
    for side in range(sides):
        x = grid.starts[side]
        if table.two_sided:
            heads.append((x, spaced(v, "项目"), False))
        else:
            heads += [(x, "科目编码", False), (x + CODE_WIDTH, "科目名称", False)]
        if grid.line_number_edges:
            heads.append((grid.line_number_edges[side], "行次", True))
        labels += [(grid.edges[(side, c)], spaced(v, c.label)) for c in printed_columns(v, table, side)]
    lines = [grid.line([(grid.starts[0], "收入", False), (grid.starts[1], "支出", False)])] \
        if table.two_sided and sides == 2 else []
    if table.grouped_header and len(labels) > 2:
        first, rest = labels[0], labels[1:]
        middle = (rest[0][0] - len(rest[0][1]) + rest[-1][0]) // 2
        return lines + [grid.line([*heads, (first[0], first[1], True), (middle, GROUP, False)]),
                        grid.line([(x, label, True) for x, label in rest])]
    if not table.two_row_header:
        return lines + [grid.line(heads + [(x, label, True) for x, label in labels])]
    halves = [(x, *split_label(label)) for x, label in labels]
    if grid.spaces or v.header_wrap == "rowwise":
        return lines + [grid.line(heads + [(x, a, True) for x, a, _ in halves]),
                        grid.line([(x, b, True) for x, _, b in halves])]
    return lines + [grid.line(heads)] + [part for _, a, b in halves for part in (a, b) if part]


NAME_WRAP = 8  # a name longer than this wraps onto the next line where names wrap


def _row_lines(v: Variant, table: Table, grid: _Grid, rows: list[tuple[Row, dict] | None]) -> list[str]:
    """A printed line of rows; where names wrap (one-sided tables), a long name's tail goes on the next line,
    with the numbers after it in converted text (as PDFium prints a wrapped cell), under it in layout text."""
    pieces: list[tuple[int, str, bool]] = []
    tail: list[tuple[int, str, bool]] = []
    for side, entry in enumerate(rows):
        if entry is None:
            continue
        row, values = entry
        x = grid.starts[side]
        name = row.name
        if v.wrap_names and len(rows) == 1 and len(name) > NAME_WRAP:
            name, rest = name[:NAME_WRAP], name[NAME_WRAP:]
            tail.append((x + (0 if table.two_sided else CODE_WIDTH), rest, False))
        name = spaced(v, name)
        if grid.line_number_edges:
            pieces.append((grid.line_number_edges[side], line_number(table, row), True))
        if table.two_sided:
            pieces.append((x, name, False))
        else:
            pieces += [(x, printed_code(row.code, v.codes_joined), False), (x + CODE_WIDTH, name, False)]
        for column, value in values.items():
            text = blank(v) if value is None else amount(value, table.unit, v.separators)
            pieces.append((grid.edges[(side, column)], text, True))
    if not tail:
        return [grid.line(pieces)]
    if grid.spaces:
        return [grid.line(pieces), grid.line(tail)]
    heads = [p for p in pieces if not p[2]]
    return [grid.line(heads), grid.line(tail + [p for p in pieces if p[2]])]


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
            line([(edges[c], amount(row.values[c], table.unit, v.separators) if c in row.values else blank(v))
                  for c in table.columns])]
