"""Printed rows from a PDF's ruled grid: every cell in its column, blank cells in place."""
from __future__ import annotations

import re
from decimal import Decimal

from pipeline.extract.tables.header import is_sub_column, match_column
from pipeline.extract.tables.kinds import TableKind, vocabulary
from pipeline.extract.tables.model import (
    CODE_TOKEN,
    SECTION_HEADINGS,
    DASH,
    NUMBER,
    UNIT_LINE,
    GridColumns,
    Number,
    PrintedRow,
    ReadTable,
    Slot,
    clean_name,
    side_of_row,
    squeeze,
    text_lines,
)
from pipeline.extract.tables.titles import other_title, same_title, table_of_title
from pipeline.ingest.reader import LayoutTable
from pipeline.text.amounts import MONEY_UNITS, parse_decimal


def read_layout_tables(layout: tuple[LayoutTable, ...]) -> list[ReadTable]:
    """Tables from the page layout: every cell in its grid column, blank cells in place."""
    tables: list[ReadTable] = []
    previous_width = None
    for grid in layout:
        found = None
        for line in grid.text_above.split("\n"):
            found = table_of_title(line) or found
        found = found or other_title(grid.text_above)
        scale = Decimal(1)
        unit = UNIT_LINE.search(grid.text_above)
        if unit:
            scale = MONEY_UNITS[unit.group(1)]
        width = max((len(r) for r in grid.rows), default=0)
        # a grid with no title above it continues the table before it, if as wide; a titled one never does,
        # unless its title is that table's own, repeated (续表)
        untitled_continuation = found is None and previous_width == width
        if tables and (untitled_continuation or found is not None and same_title(tables[-1], *found)):
            _grid_rows(tables[-1], grid, continuation=True)
            continue
        if found is None:
            continue
        code, title = found
        table = ReadTable(code, title, grid.page, scale, [], evidence=title)
        _grid_rows(table, grid, continuation=False)
        tables.append(table)
        previous_width = width
    for table in tables:
        if vocabulary().kinds[table.code].two_sided and table.grid is not None and table.grid.one_sided:
            _sides_of_one_sided(table)
    return tables


def _sides_of_one_sided(table: ReadTable) -> None:
    """A two-sided summary printed one-sided: a row is on the side its name says, else under the 收入 or 支出
    heading printed above it; the headings themselves are no rows."""
    section = 0
    rows = []
    for row in table.rows:
        if squeeze(row.name) in SECTION_HEADINGS and not row.numbers:
            section = SECTION_HEADINGS[squeeze(row.name)]
            continue
        row.side = section
        row.side = side_of_row(row)
        rows.append(row)
    table.rows = rows


def _grid_rows(table: ReadTable, grid: LayoutTable, continuation: bool) -> None:
    kind = vocabulary().kinds[table.code]
    rows = [list(r) for r in grid.rows]
    first_data = next((i for i, r in enumerate(rows) if _grid_data_row(r)), len(rows))
    if not continuation:
        header = rows[:first_data]
        if first_data < len(rows):  # the 类 款 项 heads printed on the first data row (beside 合计)
            heads = [c if c in ("类", "款", "项") else None for c in rows[first_data]]
            if any(heads):
                header = [*header, heads]
                rows[first_data] = [None if h else c for c, h in zip(rows[first_data], heads)]
        table.grid = _grid_columns(kind, table, header, len(rows[0]) if rows else 0)
        rows = rows[first_data:]
    if table.grid is None:
        return
    for r in rows:
        table.rows.extend(_grid_segments(kind, table.grid, r, grid.page))


def _grid_data_row(row: list[str | None]) -> bool:
    cells = [squeeze(c or "") for c in row]
    if any(NUMBER.match(c) and "." in c for c in cells):
        return True
    return any(CODE_TOKEN.match(c) for c in cells)


def _grid_columns(kind: TableKind, table: ReadTable, header: list[list[str | None]], width: int) -> GridColumns:
    labels: list[str] = []
    for c in range(width):
        parts = [squeeze(row[c]) for row in header if c < len(row) and row[c]]
        labels.append("|".join(parts))
    code_columns, name_columns, value_columns = [], [], {}
    if kind.items:
        item = None
        slots: list[Slot] = []
        for c, label in enumerate(labels):
            found = None
            cells = label.split("|")
            for icode, ilabels, iname in kind.items:
                printed = next((x for x in cells if x in ilabels), None)
                if printed:
                    found = (icode, iname if printed == "小计" else printed)
            if found:
                item = found
            column = match_column(kind, label, 0)
            if column and item:
                value_columns[c] = (0, len(slots))
                slots.append(Slot(column, vocabulary().column_titles.get(column, column), item[0], item[1]))
        table.sides = [slots]
        return GridColumns(code_columns, name_columns, value_columns)
    sides: list[list[Slot]] = [[], []] if kind.two_sided else [[]]
    side = -1 if kind.two_sided else 0
    printed_sides = _printed_sides(header, width) if kind.two_sided else [None] * width
    for c, label in enumerate(labels):
        cells = label.split("|")
        bottom = cells[-1] if cells else ""
        if bottom in ("类", "款", "项") or any("编码" in x for x in cells):
            code_columns.append(c)
            continue
        if bottom in vocabulary().line_number_labels:  # 行次 / 栏次: the row's number in the form, no amount
            continue
        if printed_sides[c] is not None:  # under a 收入 or 支出 heading: that side, whatever came before
            side = printed_sides[c]
        # a 其中 column is the one its own label names: never the column above it whose label it stacks under
        column = match_column(kind, bottom if is_sub_column(bottom) else label, max(side, 0))
        if kind.two_sided and "项目" in cells and column is None:  # each side starts with its 项目 column
            side = side if printed_sides[c] is not None else min(side + 1, 1)
            name_columns.append(c)
            continue
        if column is None:
            if bottom.endswith(("项目", "名称", "科目", "分类")):  # 科目名称, 收入项目, 支出功能分类 …
                name_columns.append(c)
            elif not label:
                continue
            elif label:
                s = max(side, 0)
                value_columns[c] = (s, len(sides[s]))
                sides[s].append(Slot("other", label.replace("|", "")))
            continue
        s = max(side, 0)
        value_columns[c] = (s, len(sides[s]))
        sides[s].append(Slot(column, vocabulary().column_titles.get(column, bottom)))
    one_sided = kind.two_sided and not sides[1]
    if one_sided:  # the same printed columns, with the codes of the 支出 side
        sides[1] = [Slot(code, vocabulary().column_titles.get(code, slot.column_title)) for slot in sides[0]
                    if (code := match_column(kind, _label_of(labels, value_columns, slot, sides[0]), 1))]
        if len(sides[1]) != len(sides[0]):
            sides[1] = []
    table.sides = sides
    return GridColumns(code_columns, name_columns, value_columns, one_sided)


def _label_of(labels: list[str], value_columns: dict[int, tuple[int, int]], slot: Slot, side: list[Slot]) -> str:
    index = side.index(slot)
    return next(labels[c] for c, (s, i) in value_columns.items() if s == 0 and i == index)


_SIDE_HEADINGS = {"收入": 0, "支出": 1}


def _printed_sides(header: list[list[str | None]], width: int) -> list[int | None]:
    """The side each column stands under where the header prints 收入 and 支出 over them (a merged cell spans
    the columns to its right until the next heading)."""
    out: list[int | None] = [None] * width
    for row in header:
        current = None
        for c in range(width):
            cell = squeeze(row[c]) if c < len(row) and row[c] else ""
            if cell:
                current = _SIDE_HEADINGS.get(cell[:2]) if len(cell) <= 4 else None
            if current is not None:
                out[c] = current
    return out


def _grid_segments(kind: TableKind, columns: GridColumns, row: list[str | None], page: int) -> list[PrintedRow]:
    """One grid row → printed rows: a table printed in halves (经济分类, 收入|支出) holds two rows side by side."""
    out: list[PrintedRow] = []
    for side, group in enumerate(_column_groups(columns)):
        code, name, numbers = "", "", []
        for c in group:
            cell = row[c] if c < len(row) else None
            if cell is None:  # covered by a merged cell to its left or above
                continue
            text = cell.strip()
            if c in columns.value_columns:
                value = squeeze(text)
                if value and value not in DASH and NUMBER.match(value):
                    numbers.append(Number(value, parse_decimal(value), slot=columns.value_columns[c][1]))
            elif c in columns.code_columns and re.fullmatch(r"[0-9\s]*", text):
                code += re.sub(r"[^0-9]", "", text)
            else:  # the name, or a label (合计) spanning the code cells
                name += text
        printed = PrintedRow(code or None, clean_name(name), min(side, 1) if kind.two_sided else 0,
                             numbers, page=page)
        if printed.name or printed.code or (kind.items and numbers):
            out.append(printed)
    return out


def _column_groups(columns: GridColumns) -> list[list[int]]:
    """Grid columns split where a code or name column follows a value column: one group per printed half."""
    groups: list[list[int]] = [[]]
    last_was_value = False
    for c in sorted([*columns.code_columns, *columns.name_columns, *columns.value_columns]):
        is_value = c in columns.value_columns
        if not is_value and last_was_value:
            groups.append([])
        groups[-1].append(c)
        last_was_value = is_value
    return groups


def locate_rows(tables: list[ReadTable], text: str, page_starts: tuple[int, ...]) -> None:
    """Give a PDF table's rows their evidence in the page text: the first line on the row's page, after the
    previous row, that prints the row's code (or name) and its first number."""
    lines = text_lines(text)
    cursor = 0
    for table in tables:
        for row in table.rows:
            if not row.numbers or row.page is None or row.page > len(page_starts):
                continue
            first = page_starts[row.page - 1]
            end = page_starts[row.page] if row.page < len(page_starts) else len(text)
            cursor = max(cursor, first)
            label = (row.code[:3] if row.code else squeeze(row.name)[:4])
            for line in lines:
                if line.start < cursor or line.start >= end:
                    continue
                flat = squeeze(line.text)
                if row.numbers[0].text in line.text and (flat.startswith(label) if row.code else label in flat):
                    row.start, row.end, row.line = line.start, line.start + len(line.text), line.number
                    cursor = line.start
                    break
