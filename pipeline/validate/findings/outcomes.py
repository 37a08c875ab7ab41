"""What every rule shares: the document's figures, and how a rule's outcome is written.

An outcome passes, fails (a finding, with the evidence of both sides and their
pages) or cannot run because a figure is not stated (``insufficient_data`` —
never a pass). Arithmetic is exact; 0.01 万元 per addend counts as rounding.
An error rests only on cells whose column the reader read from the page; a
cell it placed by reasoning makes the finding a warning that says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from pipeline.extract.document import ExtractedDocument
from pipeline.extract.records import MetricFact, Span, StatementCell
from pipeline.extract.statement_figures import StatementIndex
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.ingest.reader import page_at

CENT = Decimal("0.01")
_VOCABULARY = Path(__file__).parents[2] / "extract" / "vocabulary" / "findings.yaml"


@cache
def findings_vocabulary() -> dict:
    """findings.yaml: rule families, each rule's family and the wording rules' word lists."""
    vocab = yaml.safe_load(_VOCABULARY.read_text(encoding="utf-8"))
    unknown = set(vocab["rules"].values()) - set(vocab["families"])
    if unknown:
        raise ValueError(f"findings.yaml: rules of unknown families {sorted(unknown)}")
    return vocab


def metric_name(code: str) -> str:
    """The Chinese name of a metric code (metrics.yaml), as an auditor reads it."""
    metric = load_vocabulary().metrics.get(code)
    return metric.name_zh if metric else code


@dataclass
class Figures:
    """What the rules read from one document: a metric is the 说明's first statement of it,
    else the table cell that prints it (as in the warehouse)."""

    doc: ExtractedDocument
    first: dict[str, MetricFact]
    tables: StatementIndex
    table_metrics: dict[str, StatementCell]

    @classmethod
    def of(cls, doc: ExtractedDocument) -> Figures:
        first: dict[str, MetricFact] = {}
        for fact in doc.metrics:
            first.setdefault(fact.metric_code, fact)
        tables = StatementIndex.of(doc.cells, doc.set_aside_cells)
        return cls(doc, first, tables, tables.metric_cells())

    def value(self, code: str) -> Decimal | None:
        fact = self.first.get(code)
        cell = self.table_metrics.get(code)
        return fact.value if fact else cell.value if cell else None

    def cells_behind(self, *codes: str) -> list[StatementCell]:
        """The table cells a rule's figures come from (those the 说明 does not state)."""
        return [self.table_metrics[c] for c in codes if c not in self.first and c in self.table_metrics]

    def said(self, span: Span) -> str:
        """The 说明's words behind a span, with their page where the input has pages."""
        page = page_at(self.doc.page_starts, self.doc.original_span(span)[0])
        return f"{self.doc.evidence(span)}{f'（第{page}页）' if page else ''}"

    def quote(self, *codes: str) -> str:
        return " | ".join(f"{metric_name(c)}: {self.said(self.first[c].span)}" if c in self.first
                          else f"{metric_name(c)}: {cell_quote(self.table_metrics[c])}"
                          for c in codes if c in self.first or c in self.table_metrics)


def cell_quote(*cells: StatementCell | None) -> str:
    quotes = dict.fromkeys(f"{c.table_title}：{c.evidence}{f'（第{c.page}页）' if c.page else ''}"
                           for c in cells if c is not None)
    return " | ".join(quotes)


def row_name(cell: StatementCell) -> str:
    return f"{cell.row_code + ' ' if cell.row_code else ''}{cell.row_name}"


def outcome(d: Figures, rule_id: str, description: str, expected: Decimal | None, stated: Decimal | None,
            tolerance: Decimal, evidence: str, severity: str = "error", at_most: bool = False,
            cells: list[StatementCell] = ()) -> dict:
    """One rule outcome; ``at_most`` checks stated ≤ expected instead of equality. ``cells``: the
    table cells it rests on (a cell placed by reasoning makes an error a warning)."""
    if expected is None or stated is None:
        status, difference = "insufficient_data", None
    else:
        difference = stated - expected
        within = difference <= tolerance if at_most else abs(difference) <= tolerance
        status = "pass" if within else "fail"
    row = {"doc_id": d.doc.doc_id, "source_file": d.doc.source_file, "rule_id": rule_id,
           "description": description, "status": status, "severity": severity if status == "fail" else "info",
           "expected": expected, "stated": stated, "difference": difference, "evidence": evidence}
    return _doubted(row, cells)


def _doubted(row: dict, cells: list[StatementCell]) -> dict:
    """An error whose cells were not all read from the page is a warning naming the doubt."""
    vocab = findings_vocabulary()
    return doubted(row, [vocab["placement_doubt"].get(c.how, c.how) for c in cells
                         if c.how not in vocab["certain_placements"]])


def doubted(row: dict, doubts: list[str]) -> dict:
    """An error the reader cannot stand behind is a warning that says why."""
    doubts = list(dict.fromkeys(doubts))
    if row["severity"] == "error" and doubts:
        row["severity"] = "warning"
        row["description"] += f"（存疑：{'、'.join(doubts)}）"
    return row


def agree(d: Figures, rule_id: str, description: str, expected: Decimal, stated: Decimal, addends: int,
          evidence: str, cells: list[StatementCell], at_most: bool = False) -> dict:
    """Exact → pass; within a cent per addend → rounding (info); beyond → error."""
    row = outcome(d, rule_id, description, expected, stated, Decimal(0), evidence, at_most=at_most, cells=cells)
    if row["status"] == "fail" and abs(row["difference"]) <= CENT * max(addends, 1):
        row["severity"] = "info"
        row["description"] += "（舍入差）"
    return row


def sum_of(d: Figures, rule_id: str, description: str, total: StatementCell | None,
           parts: list[StatementCell | None]) -> list[dict]:
    """total = Σ printed parts (a blank part is nothing); no finding without the total or any part.

    A part that equals the total while the others add up to it too is a subtotal
    printed among its children: it is not counted again. Parts that add up to
    exactly twice the total hold a subtotal or a repeated row the reader could
    not tell: an error there is a warning."""
    printed = [p for p in parts if p is not None]
    if total is None or not printed:
        return []
    tolerance = CENT * len(printed)
    whole = sum((p.value for p in printed), Decimal(0))
    doubled = total.value != 0 and abs(whole - 2 * total.value) <= tolerance and len(printed) > 2
    subtotal = next((p for p in printed if abs(p.value - total.value) <= tolerance), None) if doubled else None
    if subtotal is not None:
        printed.remove(subtotal)
        description += f"（“{subtotal.row_name}”为小计，不重复计入）"
    row = agree(d, rule_id, description, sum((p.value for p in printed), Decimal(0)), total.value, len(printed),
                cell_quote(total, *printed), [total, *printed])
    return [doubted(row, ["各项之和恰为合计的两倍，疑含小计或重复行"] if doubled and subtotal is None else [])]


def finding(d: Figures, rule_id: str, description: str, evidence: str, severity: str = "warning",
            expected: Decimal | None = None, stated: Decimal | None = None) -> dict:
    """A finding about the document's make-up or wording, not a sum."""
    difference = stated - expected if stated is not None and expected is not None else None
    return {**outcome(d, rule_id, description, None, None, Decimal(0), evidence),
            "status": "fail", "severity": severity, "expected": expected, "stated": stated,
            "difference": difference}
