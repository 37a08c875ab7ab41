"""Standard-table cells made by hand from a dev report's gold ``table_cells``.

The findings and the marts are tested on these, independently of how the
table reader reads the text: the values are those the tables print.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from pipeline.extract.document import ExtractedDocument
from pipeline.extract.identity import Identity
from pipeline.extract.records import MetricFact, Span, StatementCell
from pipeline.extract.statement_figures import statement_codes
from pipeline.ingest.normalize import normalize
from pipeline.segment.sections import segment_sections

DEV_DIR = Path(__file__).parent / "fixtures" / "dev"


def dev_gold(name: str) -> dict:
    return json.loads((DEV_DIR / "gold" / f"{name}.json").read_text(encoding="utf-8"))


def gold_cells(name: str) -> list[StatementCell]:
    """The gold cells of one dev report, rows numbered in the gold's order within each table."""
    tables, columns = statement_codes()
    rows: dict[tuple, int] = {}
    cells = []
    for g in dev_gold(name)["table_cells"]:
        row = rows.setdefault((g["table"], g["row_code"], g["row_name"], g["evidence"]), len(rows) + 1)
        cells.append(StatementCell(g["table"], tables[g["table"]], g["row_code"], g["row_name"], g["column"],
                                   columns[g["column"]], Decimal(g["value"]), g["evidence"], row_number=row))
    return cells


def dev_document(name: str, stated: dict[str, str] | None = None, **fields) -> ExtractedDocument:
    """A dev report whose 说明 states ``stated`` (metric code → amount), with the tables its gold prints."""
    stated = stated or {}
    lines = [f"{code}为{value}万元。" for code, value in stated.items()]
    text = "\n".join(lines)
    metrics, start = [], 0
    for (code, value), line in zip(stated.items(), lines):
        metrics.append(MetricFact(code, Decimal(value), "wan_yuan", Span(start, start + len(line))))
        start += len(line) + 1
    sha = hashlib.sha256(name.encode()).hexdigest()
    gold = dev_gold(name)
    doc = ExtractedDocument(f"{name}.txt", sha[:16], sha, "utf-8", Identity(gold["fiscal_year"], gold["department"],
                            None, None, None), normalize(text), segment_sections(text), metrics=metrics,
                            cells=gold_cells(name))
    return dataclasses.replace(doc, **fields)
