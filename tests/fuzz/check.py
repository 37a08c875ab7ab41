"""Read a variant back and hold it to the property: every cell the reader publishes is an expected cell.

A cell is right when an expected cell has its table, row, column and value (compared as the gold's scorer
compares, ``pipeline.evaluate.match_cells``); a cell set aside is no cell. Recall is what the reader got of
the expected cells.
"""
from __future__ import annotations

import copy
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pipeline.evaluate import Tally, match_cells
from pipeline.extract.tables import read_statement_tables
from pipeline.extract.tables.model import StatementReading
from pipeline.ingest.reader import Quarantined, read_document
from tests.fuzz.render import render_text
from tests.fuzz.templates import Variant, make_variant

Reader = Callable[[str, tuple, tuple], StatementReading]


@dataclass
class Outcome:
    variant: Variant
    tally: Tally
    set_aside: int  # rows whose numbers the reader set aside, with their reason
    wrong: list[str] = field(default_factory=list)  # the published cells no expected cell has


def published(reading: StatementReading) -> list[dict]:
    return [{"table_code": c.table_code, "row_code": c.row_code, "row_name": c.row_name,
             "column_code": c.column_code, "value": c.value} for c in reading.cells]


def read_variant(v: Variant, reader: Reader = read_statement_tables) -> StatementReading:
    """The reader's reading of the variant as printed: its text, or the PDF drawn of it."""
    if v.rendering != "pdf":
        text, page_starts = render_text(v)
        return reader(text, (), page_starts)
    from tests.fuzz.pdf import render_pdf  # fpdf2 only where a PDF is drawn

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{v.report}_{v.seed}.pdf"
        path.write_bytes(render_pdf(v))
        raw = read_document(path)
    assert not isinstance(raw, Quarantined), raw
    return reader(raw.text, raw.layout_tables, raw.page_starts)


def check(v: Variant, reader: Reader = read_statement_tables) -> Outcome:
    reading = read_variant(v, reader)
    tally = Tally()
    match_cells(v.expected(), published(reading), tally, f"{v.report}#{v.seed}")
    wrong = [m.removeprefix("extra ") for m in tally.misses if m.startswith("extra ")]
    return Outcome(v, tally, len(reading.set_aside), wrong)


def fails(v: Variant, reader: Reader = read_statement_tables) -> bool:
    return bool(check(v, reader).wrong)


def fewest_kinds(v: Variant, reader: Reader = read_statement_tables) -> Variant:
    """The variant of the same seed made with as few of its transformations as still publish a wrong cell."""
    for size in range(len(v.kinds) + 1):
        for kinds in combinations(v.kinds, size):
            candidate = make_variant(v.seed, v.rendering, kinds)
            if fails(candidate, reader):
                return candidate
    return v


def wrong_tables(v: Variant, reader: Reader = read_statement_tables) -> tuple[str, ...]:
    """The tables of the variant's wrong cells (a wrong cell reads 'report#seed table/row/column=value')."""
    return tuple(sorted({w.split()[1].split("/")[0] for w in check(v, reader).wrong}))


def _cell_of(wrong: str) -> str:
    return wrong.split(" ", 1)[1]  # without the report#seed label


def shrink(v: Variant, reader: Reader = read_statement_tables) -> Variant:
    """The smallest variant found that still publishes some of the same wrong cells (and no other): the tables
    of its wrong cells alone where that still fails, then as few rows as still fail (halves, then one by one)."""
    original = {_cell_of(w) for w in check(v, reader).wrong}

    def fails(candidate: Variant, reader: Reader) -> bool:
        wrong = {_cell_of(w) for w in check(candidate, reader).wrong}
        return bool(wrong) and wrong <= original

    wrong = wrong_tables(v, reader)
    smaller = copy.deepcopy(v)
    smaller.tables = [t for t in smaller.tables if t.code in wrong]
    if smaller.tables and fails(smaller, reader):
        v = smaller
    for t in range(len(v.tables)):
        size = max(len(v.tables[t].rows) // 2, 1)
        while size >= 1:
            i = 0
            while i < len(v.tables[t].rows) and len(v.tables[t].rows) > size:
                candidate = copy.deepcopy(v)
                table = candidate.tables[t]
                del table.rows[i:i + size]
                if table.continued_at is not None:  # a continued table stays continued
                    table.continued_at = min(table.continued_at, len(table.rows) - 1)
                if (table.continued_at is None or table.continued_at >= 1) and fails(candidate, reader):
                    v = candidate
                else:
                    i += size
            size //= 2
    return v


def precision(tally: Tally) -> float:
    return tally.tp / (tally.tp + tally.fp) if tally.tp + tally.fp else 1.0


def recall(tally: Tally) -> float:
    return tally.tp / (tally.tp + tally.fn) if tally.tp + tally.fn else 1.0


def by_kind(outcomes: list[Outcome]) -> dict[str, Tally]:
    """Tallies summed per transformation (and per rendering) over the variants that have it, and overall."""
    kinds: dict[str, Tally] = {}
    for o in outcomes:
        for kind in [*o.variant.kinds, o.variant.rendering, "overall"]:
            t = kinds.setdefault(kind, Tally())
            t.tp += o.tally.tp
            t.fp += o.tally.fp
            t.fn += o.tally.fn
    return kinds


def table_report(outcomes: list[Outcome]) -> str:
    counts: dict[str, int] = {}
    aside: dict[str, int] = {}
    for o in outcomes:
        for kind in [*o.variant.kinds, o.variant.rendering, "overall"]:
            counts[kind] = counts.get(kind, 0) + 1
            aside[kind] = aside.get(kind, 0) + o.set_aside
    lines = [f"{'kind':28s} {'variants':>8s} {'cells':>7s} {'wrong':>6s} {'precision':>9s} {'recall':>7s} "
             f"{'set aside':>9s}"]
    for kind, t in sorted(by_kind(outcomes).items(), key=lambda kv: (kv[0] == "overall", kv[0])):
        lines.append(f"{kind:28s} {counts[kind]:8d} {t.tp + t.fn:7d} {t.fp:6d} {precision(t):9.4f} "
                     f"{recall(t):7.3f} {aside[kind]:9d}")
    return "\n".join(lines)
