"""Extracted documents → polars frames, one per staging table.

Every row carries its provenance: document, section path, the original text
that states it (``evidence``) and that text's character offsets in the file.
Money and rates stay ``Decimal``; the frames use polars' exact Decimal type.
"""
from __future__ import annotations

from collections.abc import Iterable
import polars as pl

from pipeline.extract.document import ExtractedDocument
from pipeline.extract.records import Span
from pipeline.ingest.reader import Quarantined

MONEY = pl.Decimal(18, 4)
TEXT = pl.String

_PROVENANCE = {"section_path": TEXT, "evidence": TEXT, "evidence_start": pl.Int64, "evidence_end": pl.Int64}
_DOC = {"doc_id": TEXT, "source_file": TEXT}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {**_DOC, "sha256": TEXT, "encoding": TEXT, "status": TEXT, "quarantine_reason": TEXT,
                  "fiscal_year": pl.Int32, "department_name": TEXT, "province": TEXT, "city": TEXT,
                  "county": TEXT, "char_count": pl.Int64},
    "metric_statements": {**_DOC, "metric_code": TEXT, "value": MONEY, "unit": TEXT, "statement": pl.Int32,
                          "section_kind": TEXT, **_PROVENANCE},
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
}


def _provenance(doc: ExtractedDocument, span: Span) -> dict:
    start, end = doc.original_span(span)
    return {"doc_id": doc.doc_id, "source_file": doc.source_file, "section_path": doc.section_path(span),
            "evidence": doc.evidence(span), "evidence_start": start, "evidence_end": end}


def _frame(table: str, rows: Iterable[dict]) -> pl.DataFrame:
    schema = SCHEMAS[table]
    return pl.DataFrame([{k: row.get(k) for k in schema} for row in rows], schema=schema, orient="row")


def build_frames(docs: list[ExtractedDocument], quarantined: list[Quarantined]) -> dict[str, pl.DataFrame]:
    """One frame per staging table over all documents of a run."""
    return {
        "documents": _frame("documents", [*map(_document_row, docs), *map(_quarantined_row, quarantined)]),
        "metric_statements": _frame("metric_statements", (
            {**_provenance(d, f.span), "metric_code": f.metric_code, "value": f.value, "unit": f.unit,
             "statement": f.statement, "section_kind": f.section_kind}
            for d in docs for f in d.metrics)),
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
    }


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
            "quarantine_reason": q.reason}
