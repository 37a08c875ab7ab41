"""The whole path as plain functions: ingest → extract → validate → load.

Dagster (pipeline.defs) wires these as assets; tests and the benchmark call
them directly. No function here stops the run for one bad document: a file
that cannot be read or extracted is quarantined with its reason.
"""
from __future__ import annotations

import ctypes
import dataclasses
import os
import re
import signal
import stat
from collections.abc import Callable, Iterable, Iterator
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
from pipeline.ingest.reader import Quarantined, read_document, text_sha256
from pipeline.load.warehouse import publish_warehouse, warehouse_lock
from pipeline.validate.consistency import consistency_findings
from pipeline.validate.schemas import validate_frames


# Below this many files a process pool costs more (jieba loads once per process) than it saves.
PARALLEL_FROM = 50


@dataclass
class Batch:
    """The documents of one run: extracted, or quarantined (or ignored) with a reason."""

    documents: list[ExtractedDocument] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)


class NothingToPublish(Exception):
    """Publishing would replace the warehouse with an empty one: the raw folder is missing or yields no report."""


def survey(raw_dir: Path) -> tuple[list[Path], list[Quarantined]]:
    """Every entry of the raw folder, in name order: the files to read, and the entries ignored with the reason.

    Links are followed only to regular files inside the folder, so what is
    loaded is always something the folder holds.
    """
    if not raw_dir.is_dir():
        return [], []
    root = raw_dir.resolve()
    files: list[Path] = []
    ignored: list[Quarantined] = []
    for path in sorted(raw_dir.iterdir()):
        reason = _not_read(path, root)
        if reason:
            ignored.append(Quarantined(path.name, "", f"{path.name}: ignored, {reason}", status="ignored"))
        else:
            files.append(path)
    return files, ignored


def _not_read(path: Path, root: Path) -> str | None:
    """Why an entry of the raw folder is not a file to read, if it is not."""
    if path.name.startswith("."):
        return "hidden"
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.exists():
                return f"link to nothing ({os.readlink(path)})"
            if not target.is_relative_to(root):
                return f"link to {target}, outside the raw folder"
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or type(exc).__name__})"
    if stat.S_ISDIR(mode):
        return "subdirectory (its files are not read)"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def discover(raw_dir: Path) -> list[Path]:
    """The files of the raw folder to read, in name order (see ``survey``)."""
    return survey(raw_dir)[0]


def extract_one(path: Path, catalog: SubjectCatalog, cache: ExtractionCache) -> ExtractedDocument | Quarantined:
    """Read and extract one file (through the cache), or say why it cannot be used."""
    raw = read_document(path)
    if isinstance(raw, Quarantined):
        return raw
    doc = cache.get(raw)
    if doc is None:
        try:
            doc = extract_document(raw, catalog)
        except Exception as exc:  # noqa: BLE001 — one unreadable document must not stop the run
            return Quarantined(raw.source_file, raw.sha256, f"{raw.source_file}: extraction failed ({type(exc).__name__}: {exc})")
        cache.put(doc)
    else:
        doc = dataclasses.replace(doc, source_file=raw.source_file, doc_id=raw.doc_id)
    problem = _not_a_report(doc)
    if problem:
        return Quarantined(raw.source_file, raw.sha256, f"{raw.source_file}: {problem}")
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
    last_line = text.rsplit("\n", 1)[-1]
    # a sentence left open; a table row (cells apart, no clause punctuation) may end a report on a number
    table_row = bool(_LAST_CELL.search(last_line)) and not _CLAUSE_MARKS.search(last_line)
    if (last.part == "explanation" and last.level >= 1 and text and text[-1] not in _SENTENCE_ENDS
            and not table_row):
        return f"truncated: the text stops mid-sentence in “{last.title}”"
    return None


_SENTENCE_ENDS = "。.；;！!？?）)”\""
_CLAUSE_MARKS = re.compile(r"[，,、：:；;]")
_LAST_CELL = re.compile(r"\S\s+[-−]?\d[\d,.]*$")


# Told of each file as its result comes back, with the number of files: progress display.
OnResult = Callable[["ExtractedDocument | Quarantined", int], None]


def extract_folder(paths: list[Path], settings: Settings, workers: int | None = None,
                   on_result: OnResult | None = None) -> Batch:
    """Extract every file; a file that repeats an earlier report is quarantined (see ``_one_per_report``).

    Many files are spread over ``workers`` processes (default: one per core);
    results come back in file order, so the run is the same either way.
    """
    catalog = SubjectCatalog.load(settings.reference_dir)
    cache = ExtractionCache(settings.cache_dir, settings.reference_dir)
    work = partial(extract_one, catalog=catalog, cache=cache)
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(paths) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers, initializer=_die_with_parent) as pool:
            results = list(_reported(pool.map(work, paths, chunksize=8), len(paths), on_result))
    else:
        results = list(_reported(map(work, paths), len(paths), on_result))
    return _one_per_report(results)



def _reported(results: Iterable, total: int, on_result: OnResult | None) -> Iterator:
    """Results in order, each handed to ``on_result`` as it arrives."""
    for result in results:
        if on_result is not None:
            on_result(result, total)
        yield result


def _die_with_parent() -> None:
    """Pool workers get SIGKILL when the run that started them dies, even by kill -9 (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass  # not Linux: workers end when they next read the closed task queue


def _one_per_report(results: list[ExtractedDocument | Quarantined]) -> Batch:
    """Each report loaded once, in file order.

    A later file with the same bytes, or the same text in another encoding or
    line endings, is a duplicate. A second, different report for the same
    department and year is a conflict, unless it declares itself a re-issue
    (更正 / 修订 in its title) and the loaded one does not: then it replaces it.
    """
    batch = Batch()
    by_bytes: dict[str, str] = {}
    by_text: dict[str, str] = {}
    by_report: dict[tuple, ExtractedDocument] = {}
    dropped: dict[str, Quarantined] = {}
    for result in results:
        name = result.source_file
        if result.sha256 and result.sha256 in by_bytes:
            batch.quarantined.append(Quarantined(name, result.sha256, f"{name}: duplicate of {by_bytes[result.sha256]} (same content)"))
            continue
        if result.sha256:
            by_bytes[result.sha256] = name
        if isinstance(result, Quarantined):
            batch.quarantined.append(result)
            continue
        text = text_sha256(result.normalized.original)
        if text in by_text:
            batch.quarantined.append(Quarantined(name, result.sha256, f"{name}: duplicate of {by_text[text]} "
                                                 f"(the same text in another encoding or line endings)"))
            continue
        by_text[text] = name
        key = _report_key(result)
        loaded = by_report.get(key) if key else None
        if loaded is None:
            if key:
                by_report[key] = result
        elif _is_reissue(result) and not _is_reissue(loaded):
            by_report[key] = result
            dropped[loaded.source_file] = Quarantined(loaded.source_file, loaded.sha256, (
                f"{loaded.source_file}: replaced by the re-issue {name} (same department and year)"))
        elif _is_reissue(loaded) and not _is_reissue(result):
            batch.quarantined.append(Quarantined(name, result.sha256, (
                f"{name}: replaced by the re-issue {loaded.source_file} (same department and year)")))
            continue
        else:
            batch.quarantined.append(Quarantined(name, result.sha256, (
                f"{name}: conflict, a second report for {key[0]} {key[1]} that differs from {loaded.source_file} "
                f"(loaded); mark a corrected report 更正 or 修订 in its title to replace it")))
            continue
        batch.documents.append(result)
    batch.quarantined += dropped.values()
    batch.documents = [d for d in batch.documents if d.source_file not in dropped]
    return batch


def _report_key(doc: ExtractedDocument) -> tuple | None:
    """Department and year a report is for; None when the document does not say."""
    ident = doc.identity
    if not ident.department_name or not ident.fiscal_year:
        return None
    return ident.department_name, ident.fiscal_year, ident.province, ident.city, ident.county


_REISSUE = re.compile(r"更正|修订|修正版|重新发布")
_OUTLINE = re.compile(r"^\s*(?:目\s*录|第一部分)")
TITLE_LINES = 8  # the title block: at most this many lines before the 目录 or 第一部分


def _is_reissue(doc: ExtractedDocument) -> bool:
    """A re-issue says so in its title block (2020年度部门决算（更正）, 修订版 …)."""
    for line in doc.normalized.original.splitlines()[:TITLE_LINES]:
        if _OUTLINE.match(line):
            return False
        if _REISSUE.search(line):
            return True
    return False


def stage_tables(batch: Batch) -> dict[str, pl.DataFrame]:
    """Staging frames, validated; failing rows and consistency checks as tables of their own."""
    valid, rejected = validate_frames(build_frames(batch.documents, batch.quarantined))
    return {**valid, "row_quarantine": rejected, "consistency_checks": consistency_findings(batch.documents)}


def read_folder(settings: Settings, on_result: OnResult | None = None) -> Batch:
    """Every entry of the raw folder accounted for: loaded, quarantined or ignored.

    Raises NothingToPublish when no report could be loaded, unless the
    settings allow an empty warehouse.
    """
    files, ignored = survey(settings.raw_dir)
    batch = extract_folder(files, settings, on_result=on_result)
    batch.quarantined += ignored
    refused = refusal(settings, files, ignored, len(batch.documents))
    if refused:
        raise NothingToPublish(refused)
    return batch


def refusal(settings: Settings, files: list[Path], ignored: list[Quarantined], loaded: int) -> str | None:
    """Why publishing is refused: a missing, empty or unusable raw folder would replace a good warehouse."""
    if loaded or settings.allow_empty:
        return None
    raw = settings.raw_dir
    why = (f"raw folder {raw} does not exist" if not raw.is_dir() else
           f"raw folder {raw} holds no file to read ({len(ignored)} entries ignored)" if not files else
           f"no report in {raw} could be loaded ({len(files)} files quarantined)")
    return (f"{why}: nothing published, {settings.warehouse} is unchanged "
            f"(BUDGET_ALLOW_EMPTY=1 or --allow-empty publishes an empty warehouse)")


def build_warehouse(settings: Settings) -> tuple[Batch, dict[str, pl.DataFrame]]:
    """Everything, in one call: the README's run command without Dagster."""
    with warehouse_lock(settings.warehouse):
        batch = read_folder(settings)
        tables = stage_tables(batch)
        publish_warehouse(tables, settings.warehouse, settings.reference_dir)
    return batch, tables
