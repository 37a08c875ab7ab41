"""Standard-table cells made by hand from a dev report's gold ``table_cells``.

The findings and the marts are tested on these, independently of how the
table reader reads the text: the values are those the tables print.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from pipeline.extract.records import StatementCell
from pipeline.extract.statement_figures import statement_codes

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
