"""Everything extraction reads from one document, with its evidence.

This is the one place that runs the extractors over a document and turns
their spans (offsets in the normalised text) into quotes of the original.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extract.classification import extract_class_totals, extract_economic_items, extract_gpb_items
from pipeline.extract.identity import Identity, extract_identity
from pipeline.extract.metrics import extract_metrics
from pipeline.extract.performance import extract_performance
from pipeline.extract.records import (ClassTotal, EconomicItem, GpbItem, MetricFact, PerformanceScore, Project,
                                      SetAsideCell, Span, StatedShare, StatementCell, StatementTable)
from pipeline.extract.tables import read_statement_tables
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.ingest.normalize import NormalizedText, normalize
from pipeline.ingest.reader import RawDocument
from pipeline.segment.sections import Section, section_at, segment_sections


@dataclass
class ExtractedDocument:
    """A loaded document: its identity and every fact read from it."""

    source_file: str
    doc_id: str
    sha256: str
    encoding: str
    identity: Identity
    normalized: NormalizedText
    sections: list[Section]
    metrics: list[MetricFact] = field(default_factory=list)
    stated_shares: list[StatedShare] = field(default_factory=list)
    class_totals: list[ClassTotal] = field(default_factory=list)
    gpb_items: list[GpbItem] = field(default_factory=list)
    economic_items: list[EconomicItem] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    scores: list[PerformanceScore] = field(default_factory=list)
    # The standard tables (部门决算公开表): found tables, their cells, and numbers set aside
    statement_tables: list[StatementTable] = field(default_factory=list)
    cells: list[StatementCell] = field(default_factory=list)
    set_aside_cells: list[SetAsideCell] = field(default_factory=list)
    page_starts: tuple[int, ...] = ()  # PDF: original-text offset where each page starts

    def evidence(self, span: Span) -> str:
        """The original text (as the file prints it) behind a span."""
        return self.normalized.quote(span.start, span.end)

    def original_span(self, span: Span) -> tuple[int, int]:
        return self.normalized.original_span(span.start, span.end)

    def section_path(self, span: Span) -> str:
        return section_at(self.sections, span.start).path


def extract_document(raw: RawDocument, catalog: SubjectCatalog) -> ExtractedDocument:
    """Read one decoded document end to end."""
    normalized = normalize(raw.text)
    text = normalized.text
    sections = segment_sections(text)
    doc = ExtractedDocument(raw.source_file, raw.doc_id, raw.sha256, raw.encoding,
                            extract_identity(text), normalized, sections, page_starts=raw.page_starts)
    reading = extract_metrics(text, sections, load_vocabulary())
    doc.metrics, doc.stated_shares = reading.facts, reading.shares
    for section in _explanation(sections, "gpb_structure"):
        doc.class_totals.extend(extract_class_totals(text, section.start, section.end, catalog))
    for section in _explanation(sections, "gpb_detail"):
        doc.gpb_items.extend(extract_gpb_items(text, section.start, section.end, catalog))
    for section in _explanation(sections, "gpb_basic"):
        doc.economic_items.extend(extract_economic_items(text, section.start, section.end, catalog))
    doc.projects, doc.scores = extract_performance(text)
    tables = read_statement_tables(raw.text, raw.layout_tables, raw.page_starts)
    doc.statement_tables, doc.cells, doc.set_aside_cells = tables.tables, tables.cells, tables.set_aside
    doc.metrics = _outside_tables(doc, doc.metrics)
    doc.stated_shares = [s for s in doc.stated_shares if not _in_a_table(doc, s.span)]
    return doc


def _in_a_table(doc: ExtractedDocument, span: Span) -> bool:
    start, _ = doc.original_span(span)
    return any(t.start is not None and t.end is not None and t.start <= start < t.end for t in doc.statement_tables)


def _outside_tables(doc: ExtractedDocument, facts: list[MetricFact]) -> list[MetricFact]:
    """The 说明's statements only: a table row is read by the table reader, not as a sentence (its figures
    come in as table cells, and a metric the 说明 never states takes its cell's value there)."""
    kept = [f for f in facts if not _in_a_table(doc, f.span)]
    seen: dict[str, int] = {}
    for fact in kept:  # restatements numbered again, 1 = the first statement in the 说明
        seen[fact.metric_code] = fact.statement = seen.get(fact.metric_code, 0) + 1
    return kept


def _explanation(sections: list[Section], kind: str) -> list[Section]:
    """Sections of one kind in the 决算情况说明 part that have a body."""
    return [s for s in sections if s.kind == kind and s.part == "explanation" and s.end > s.start]
