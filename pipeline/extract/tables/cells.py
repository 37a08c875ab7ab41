"""Read tables → the cells the warehouse publishes, and the numbers set aside with their reason."""
from __future__ import annotations

from collections import Counter

from pipeline.extract.records import SetAsideCell, StatementCell, StatementTable
from pipeline.extract.tables.grid_rows import locate_rows, read_layout_tables
from pipeline.extract.tables.model import (
    PrintedRow,
    ReadTable,
    Slot,
    StatementReading,
    unit_name,
)
from pipeline.extract.tables.solver import assign_columns
from pipeline.extract.tables.text_rows import read_text_tables
from pipeline.ingest.reader import LayoutTable


def read_statement_tables(text: str, layout: tuple[LayoutTable, ...] = (), page_starts: tuple[int, ...] = ()) -> StatementReading:
    """Every standard table of a document: the tables found, their cells, and the numbers set aside."""
    if layout:
        tables = read_layout_tables(layout)
        locate_rows(tables, text, page_starts)
    else:
        tables = read_text_tables(text, page_starts)
    assign_columns(tables)
    reading = StatementReading()
    seen: set[str] = set()
    for table in tables:
        has_data = any(r.numbers for r in table.rows)
        if table.code != "other" and table.code in seen or table.unread and not has_data:
            continue  # a table not read that prints no number has nothing to say, not even that it is empty
        seen.add(table.code)
        for number, row in enumerate(table.rows, 1):
            _cells_of_row(table, row, number, text, reading)
        located = [r for r in table.rows if r.start is not None and r.end is not None]
        start = table.start if table.start is not None else min((r.start for r in located), default=None)
        end = max([x for x in (table.end, *(r.end for r in located)) if x is not None], default=None)
        reading.tables.append(StatementTable(table.code, table.title, "data" if has_data else "empty", table.page,
                                             unit_name(table.scale), table.evidence, start, end))
    return reading


def _column_key(slot: Slot) -> tuple:
    """What names a cell's column: its code, and for a column the vocabulary does not know its printed header."""
    return slot.item, slot.column_code, slot.column_title if slot.column_code == "other" else None


def _cells_of_row(table: ReadTable, row: PrintedRow, number: int, text: str, reading: StatementReading) -> None:
    if not row.numbers:
        return
    slots = table.sides[row.side] if row.side < len(table.sides) else []
    # the row as printed: its code and name and every number it took, over the lines they stand on
    starts = [x for x in (row.start, *(n.start for n in row.numbers)) if x is not None]
    ends = [x for x in (row.end, *(n.end for n in row.numbers)) if x is not None]
    if starts and ends and text:
        row.start, row.end = min(starts), max(ends)
    evidence = text[row.start:row.end] if row.start is not None and row.end is not None and text else ""
    if not evidence:
        evidence = " ".join(x for x in [row.code or "", row.name, *(n.text for n in row.numbers)] if x)
    undetermined = []
    columns = [{c[i] for c in row.candidates} if table.unread is None else set() for i in range(len(row.numbers))]
    placed = [slots[next(iter(c))] if len(c) == 1 else None for c in columns]
    # two numbers of a row under one column (a header that names a column twice): neither is that column's
    twice = {key for key, n in Counter(map(_column_key, filter(None, placed))).items() if n > 1}
    for n, slot in zip(row.numbers, placed):
        if slot is None or _column_key(slot) in twice:
            undetermined.append(n)
            continue
        reading.cells.append(StatementCell(
            table_code=table.code, table_title=table.title, row_code=row.code,
            row_name=slot.item_name or row.name, column_code=slot.column_code, column_title=slot.column_title,
            value=n.value * table.scale, evidence=evidence, evidence_start=row.start, evidence_end=row.end,
            page=row.page, line=row.line, row_number=number, how=row.how))
    if undetermined:
        if table.unread is not None:
            code, reason = "table_not_read", f"table not read: {table.unread}"
        elif row.doubt is not None:
            code, reason = "row_not_read", f"row not read: {row.doubt}"
        elif twice:
            code, reason = "column_undetermined", "column not determined: the header names the column twice"
        elif not row.candidates:
            code, reason = "column_no_fit", ("column not determined: no column arrangement of these numbers "
                                             "fits the row's arithmetic")
        else:
            code, reason = "column_undetermined", (f"column not determined: {len(row.candidates)} column "
                                                   f"arrangements fit the row's arithmetic, its parent and "
                                                   f"the other tables")
        reading.set_aside.append(SetAsideCell(
            table.code, table.title, row.code, row.name, " ".join(n.text for n in undetermined),
            reason, evidence, row.start, row.end, row.page, row.line, reason_code=code))
