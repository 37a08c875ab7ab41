"""Extracted documents → polars frames, one per staging table.

Every row carries its provenance: document, section path, the original text
that states it (``evidence``) and that text's character offsets in the file.
Money and rates stay ``Decimal``; the frames use polars' exact Decimal type.
The columns of every lake table but the findings are declared here, once.
"""
from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from pipeline.extract.document import ExtractedDocument
from pipeline.extract.records import Span, StatementCell
from pipeline.extract.statement_figures import StatementIndex, economic_group, row_key
from pipeline.ingest.reader import Quarantined, page_at

# Amounts in 万元 with 6 decimals: a figure printed in 元 with fen (7237012.34元 = 723.701234万元) stays exact.
MONEY = pl.Decimal(20, 6)
TEXT = pl.String

_PROVENANCE = {"section_path": TEXT, "evidence": TEXT, "evidence_start": pl.Int64, "evidence_end": pl.Int64,
               "page": pl.Int32}
_DOC = {"doc_id": TEXT, "source_file": TEXT}
# Table cells are quoted from the original text (or the PDF page) directly: page and line, no section.
_CELL_PROVENANCE = {"page": pl.Int32, "line": pl.Int32, "evidence": TEXT, "evidence_start": pl.Int64,
                    "evidence_end": pl.Int64}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {**_DOC, "sha256": TEXT, "encoding": TEXT, "status": TEXT, "reason_code": TEXT,
                  "quarantine_reason": TEXT, "fiscal_year": pl.Int32, "department_name": TEXT, "province": TEXT,
                  "city": TEXT, "county": TEXT, "char_count": pl.Int64},
    "metric_statements": {**_DOC, "metric_code": TEXT, "value": MONEY, "unit": TEXT, "statement": pl.Int32,
                          "section_kind": TEXT, "source": TEXT, **_PROVENANCE},
    "gpb_items": {**_DOC, "row_number": pl.Int32, "class_code": TEXT, "class_name": TEXT, "section_code": TEXT,
                  "section_name": TEXT, "item_code": TEXT, "item_name": TEXT, "subject_code": TEXT,
                  "amount_wan_yuan": MONEY, "completion_rate_pct": MONEY, "budget_wan_yuan": MONEY, **_PROVENANCE},
    "economic_items": {**_DOC, "row_number": pl.Int32, "group_name": TEXT, "item_name": TEXT,
                       "economic_code": TEXT, "amount_wan_yuan": MONEY, **_PROVENANCE},
    "projects": {**_DOC, "project_seq": pl.Int32, "project_name": TEXT, "budget_unit": TEXT,
                 "budget_wan_yuan": MONEY, "actual_wan_yuan": MONEY, "fiscal_budget_wan_yuan": MONEY,
                 "fiscal_actual_wan_yuan": MONEY, "other_budget_wan_yuan": MONEY, "other_actual_wan_yuan": MONEY,
                 "goal_expected": TEXT, "goal_actual": TEXT, **_PROVENANCE},
    "indicators": {**_DOC, "project_seq": pl.Int32, "project_name": TEXT, "row_number": pl.Int32,
                   "level1": TEXT, "level2": TEXT, "level3": TEXT, "target_text": TEXT, "actual_text": TEXT,
                   "target_op": TEXT, "target_value": MONEY, "target_unit": TEXT, "target_category": TEXT,
                   "actual_value": MONEY, "actual_unit": TEXT, "achieved": pl.Boolean, "achieved_reason": TEXT,
                   **_PROVENANCE},
    "performance_scores": {**_DOC, "subject": TEXT, "score": MONEY, "budget_wan_yuan": MONEY,
                           "actual_wan_yuan": MONEY, "execution_rate_pct": MONEY, **_PROVENANCE},
    "statement_tables": {**_DOC, "table_code": TEXT, "table_title": TEXT, "status": TEXT, "page": pl.Int32,
                         "unit": TEXT, "evidence": TEXT},
    "statement_cells": {**_DOC, "table_code": TEXT, "table_title": TEXT, "row_number": pl.Int32, "row_code": TEXT,
                        "row_name": TEXT, "column_code": TEXT, "column_title": TEXT, "value": MONEY, "how": TEXT,
                        "row_key": TEXT, "economic_group": TEXT,
                        **_CELL_PROVENANCE},
    "set_aside_cells": {**_DOC, "table_code": TEXT, "table_title": TEXT, "row_code": TEXT, "row_name": TEXT,
                        "numbers": TEXT, "reason_code": TEXT, "reason": TEXT, **_CELL_PROVENANCE},
}

# Rows that failed their table's schema (pipeline.validate.schemas), with the check they failed.
QUARANTINE_SCHEMA = {"table_name": TEXT, "doc_id": TEXT, "source_file": TEXT, "reason_code": TEXT, "reason": TEXT,
                     "evidence": TEXT}


def _provenance(doc: ExtractedDocument, span: Span) -> dict:
    start, end = doc.original_span(span)
    return {"doc_id": doc.doc_id, "source_file": doc.source_file, "section_path": doc.section_path(span),
            "evidence": doc.evidence(span), "evidence_start": start, "evidence_end": end,
            "page": page_at(doc.page_starts, start)}


def _frame(table: str, rows: Iterable[dict]) -> pl.DataFrame:
    schema = SCHEMAS[table]
    return pl.DataFrame([{k: row.get(k) for k in schema} for row in rows], schema=schema, orient="row")


def quarantined_frame(quarantined: Iterable[Quarantined]) -> pl.DataFrame:
    """The ``documents`` rows of files that are not loaded, with the reason."""
    return _frame("documents", map(_quarantined_row, quarantined))


def build_frames(docs: list[ExtractedDocument]) -> dict[str, pl.DataFrame]:
    """One frame per staging table over these documents."""
    return {
        "documents": _frame("documents", map(_document_row, docs)),
        "metric_statements": _frame("metric_statements", [
            *({**_provenance(d, f.span), "metric_code": f.metric_code, "value": f.value, "unit": f.unit,
               "statement": f.statement, "section_kind": f.section_kind, "source": "narrative"}
              for d in docs for f in d.metrics),
            *(row for d in docs for row in _table_metric_rows(d))]),
        "gpb_items": _frame("gpb_items", (
            {**_provenance(d, it.span), **vars(it), "row_number": n, "amount_wan_yuan": it.amount,
             "budget_wan_yuan": it.budget}
            for d in docs for n, it in enumerate(d.gpb_items, 1))),
        "economic_items": _frame("economic_items", (
            {**_provenance(d, it.span), **vars(it), "row_number": n, "amount_wan_yuan": it.amount}
            for d in docs for n, it in enumerate(d.economic_items, 1))),
        "projects": _frame("projects", (
            {**_provenance(d, p.span), **vars(p), **_wan_yuan(p, _PROJECT_AMOUNTS), "project_seq": n}
            for d in docs for n, p in enumerate(d.projects, 1))),
        "indicators": _frame("indicators", (
            {**_provenance(d, ind.span), **vars(ind), "project_seq": n, "project_name": p.project_name,
             "row_number": r}
            for d in docs for n, p in enumerate(d.projects, 1) for r, ind in enumerate(p.indicators, 1))),
        "performance_scores": _frame("performance_scores", (
            {**_provenance(d, s.span), **vars(s), **_wan_yuan(s, ("budget", "actual"))} for d in docs for s in d.scores)),
        "statement_tables": _frame("statement_tables", (
            {**_doc(d), **vars(t)} for d in docs for t in d.statement_tables)),
        "statement_cells": _frame("statement_cells", (
            {**_doc(d), **vars(c), "row_key": row_key(c.row_name), "economic_group": economic_group(c)}
            for d in docs for c in d.cells)),
        "set_aside_cells": _frame("set_aside_cells", ({**_doc(d), **vars(s)} for d in docs for s in d.set_aside_cells)),
    }


def _doc(doc: ExtractedDocument) -> dict:
    return {"doc_id": doc.doc_id, "source_file": doc.source_file}


def _table_metric_rows(doc: ExtractedDocument) -> list[dict]:
    """Metric codes the 说明 does not state but a table prints, with the cell as evidence
    (the narrative wins where both state a code; a disagreement is a finding)."""
    stated = {f.metric_code for f in doc.metrics}
    return [{**_cell_provenance(doc, cell), "metric_code": code, "value": cell.value, "unit": "wan_yuan",
             "statement": 1, "section_kind": "table", "section_path": cell.table_title, "source": "table"}
            for code, cell in StatementIndex.of(doc.cells).metric_cells().items()
            if code not in stated]



def _cell_provenance(doc: ExtractedDocument, cell: StatementCell) -> dict:
    return {**_doc(doc), "evidence": cell.evidence, "evidence_start": cell.evidence_start,
            "evidence_end": cell.evidence_end, "page": cell.page}


_PROJECT_AMOUNTS = ("budget", "actual", "fiscal_budget", "fiscal_actual", "other_budget", "other_actual")


def _wan_yuan(record: object, fields: tuple[str, ...]) -> dict:
    """Amount fields under the warehouse's names (budget → budget_wan_yuan)."""
    return {f"{name}_wan_yuan": getattr(record, name) for name in fields}


def _document_row(doc: ExtractedDocument) -> dict:
    ident = doc.identity
    return {"doc_id": doc.doc_id, "source_file": doc.source_file, "sha256": doc.sha256, "encoding": doc.encoding,
            "status": "loaded", "fiscal_year": ident.fiscal_year, "department_name": ident.department_name,
            "province": ident.province, "city": ident.city, "county": ident.county,
            "char_count": len(doc.normalized.original)}


def _quarantined_row(q: Quarantined) -> dict:
    return {"doc_id": q.doc_id, "source_file": q.source_file, "sha256": q.sha256 or None, "status": q.status,
            "reason_code": q.reason_code, "quarantine_reason": q.reason}
