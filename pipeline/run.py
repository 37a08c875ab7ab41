"""The whole path as plain functions: ingest → extract → validate → load.

Dagster (pipeline.defs) wires these as assets; tests and the benchmark call
them directly. No function here stops the run for one bad document: a file
that cannot be read or extracted is quarantined with its reason.
"""
from __future__ import annotations

import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polars as pl

from pipeline.config import Settings
from pipeline.extract.cache import ExtractionCache
from pipeline.extract.document import ExtractedDocument, extract_document
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.extract.tables import build_frames
from pipeline.ingest.reader import Quarantined, read_document
from pipeline.load.warehouse import publish_warehouse
from pipeline.validate.consistency import consistency_findings
from pipeline.validate.schemas import validate_frames


# Below this many files a process pool costs more (jieba loads once per process) than it saves.
PARALLEL_FROM = 50


@dataclass
class Batch:
    """The documents of one run: extracted, or quarantined with a reason."""

    documents: list[ExtractedDocument] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)


def discover(raw_dir: Path) -> list[Path]:
    """Every regular, non-hidden file of the raw folder, in name order."""
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def extract_one(path: Path, catalog: SubjectCatalog, cache: ExtractionCache) -> ExtractedDocument | Quarantined:
    """Read and extract one file (through the cache), or say why it cannot be used."""
    raw = read_document(path)
    if isinstance(raw, Quarantined):
        return raw
    cached = cache.get(raw.sha256)
    if cached is not None:
        return dataclasses.replace(cached, source_file=raw.source_file)
    try:
        doc = extract_document(raw, catalog)
    except Exception as exc:  # noqa: BLE001 — one unreadable document must not stop the run
        return Quarantined(raw.source_file, raw.sha256, f"{raw.source_file}: extraction failed ({type(exc).__name__}: {exc})")
    problem = _not_a_report(doc)
    if problem:
        return Quarantined(raw.source_file, raw.sha256, f"{raw.source_file}: {problem}")
    cache.put(doc)
    return doc


def _not_a_report(doc: ExtractedDocument) -> str | None:
    """Why a decoded text is not a usable report, if it is not one."""
    in_explanation = [s for s in doc.sections if s.part == "explanation" and s.level >= 1]
    if not doc.metrics and not doc.gpb_items and not doc.projects:
        if in_explanation:
            return "truncated or empty: the 决算情况说明 part states no figure"
        return "not a 部门决算 report: no 决算情况说明 part and no figure found"
    text = doc.normalized.text.rstrip()
    last = doc.sections[-1]
    if last.part == "explanation" and last.level >= 1 and text and text[-1] not in _SENTENCE_ENDS:
        return f"truncated: the text stops mid-sentence in “{last.title}”"
    return None


_SENTENCE_ENDS = "。.；;！!？?）)”\""


def extract_folder(paths: list[Path], settings: Settings, workers: int | None = None) -> Batch:
    """Extract every file; duplicates of an earlier file (same bytes) are quarantined.

    Many files are spread over ``workers`` processes (default: one per core);
    results come back in file order, so the run is the same either way.
    """
    catalog = SubjectCatalog.load(settings.reference_dir)
    cache = ExtractionCache(settings.cache_dir)
    work = partial(extract_one, catalog=catalog, cache=cache)
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(paths) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(work, paths, chunksize=8))
    else:
        results = [work(path) for path in paths]
    batch = Batch()
    seen: dict[str, str] = {}
    for path, result in zip(paths, results):
        if result.sha256 in seen:
            batch.quarantined.append(Quarantined(path.name, result.sha256,
                                                 f"{path.name}: duplicate of {seen[result.sha256]} (same content)"))
            continue
        seen[result.sha256] = path.name
        (batch.quarantined if isinstance(result, Quarantined) else batch.documents).append(result)
    return batch


def stage_tables(batch: Batch) -> dict[str, pl.DataFrame]:
    """Staging frames, validated; failing rows and consistency checks as tables of their own."""
    valid, rejected = validate_frames(build_frames(batch.documents, batch.quarantined))
    return {**valid, "row_quarantine": rejected, "consistency_checks": consistency_findings(batch.documents)}


def build_warehouse(settings: Settings) -> tuple[Batch, dict[str, pl.DataFrame]]:
    """Everything, in one call: the README's run command without Dagster."""
    batch = extract_folder(discover(settings.raw_dir), settings)
    tables = stage_tables(batch)
    publish_warehouse(tables, settings.warehouse, settings.reference_dir)
    return batch, tables
