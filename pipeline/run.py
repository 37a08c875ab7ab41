"""The flow of a build as plain functions: ingest → extract → validate → lake → load.

Dagster (pipeline.defs) wires these as assets and builds with them
(pipeline.defs.build); the stages' tests and the benchmark call them
directly. No function here stops the run for one bad document: a file that
cannot be read or extracted is quarantined with its reason.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import polars as pl

from pipeline.config import Settings
from pipeline.extract.document import ExtractedDocument, extract_document
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.extract.frames import build_frames, quarantined_frame
from pipeline.ingest.file_index import FileIndex
from pipeline.ingest.reader import Quarantined, text_sha256
from pipeline.ingest.survey import survey
from pipeline.lake.mirror import definition_tables, mirrored_documents, update_mirror
from pipeline.lake.store import Lake, Summary
from pipeline.load.warehouse import build_fingerprint, published_fingerprint, warehouse_lock
from pipeline.validate.consistency import consistency_findings
from pipeline.text.excerpt import excerpt
from pipeline.text.reasons import RefusedInput
from pipeline.validate.admission import Batch, LoadedDocument, is_reissue, not_a_report, one_per_report, read_report
from pipeline.validate.schemas import validate_frames


# Below this many files a process pool costs more (jieba loads once per process) than it saves.
PARALLEL_FROM = 50
# Characters of an unexpected error's message a reason quotes (an error may quote a whole document).
ERROR_EXCERPT = 200
# Files a worker extracts and validates together (pandera costs ≈ 150 ms a batch, whatever its size).
CHUNK = 64


class NothingToPublish(Exception):
    """Publishing would replace the warehouse with an empty one: the raw folder is missing or yields no report."""


def discover(raw_dir: Path) -> list[Path]:
    """The files of the raw folder to read, in name order (see ``survey``)."""
    return survey(raw_dir)[0]


def extract_one(path: Path, catalog: SubjectCatalog, lake: Lake,
                sha256: str | None = None) -> LoadedDocument | Quarantined:
    """One file through the lake (see ``extract_files``)."""
    return extract_files([(path, sha256)], catalog, lake)[0]


def extract_files(items: list[tuple[Path, str | None]], catalog: SubjectCatalog,
                  lake: Lake) -> list[LoadedDocument | Quarantined]:
    """Files through the lake, in order: each one's entry when the lake has its content (its sha256, if known),
    else read, extracted and written to the lake; or why it cannot be used.

    The new documents are validated together (a schema check costs the same
    for one document's rows as for many) and written one entry each.
    """
    results: list[LoadedDocument | Quarantined | None] = []
    new: list[tuple[int, ExtractedDocument]] = []
    for path, sha256 in items:
        summary = lake.summary(sha256) if sha256 else None
        if summary is None:
            raw = read_report(path)
            if isinstance(raw, Quarantined):
                if raw.sha256:  # the content decides: a scanned or damaged file is not read again next run
                    lake.write(unreadable(raw), {})
                results.append(raw)
                continue
            summary = lake.summary(raw.sha256)
            if summary is None:
                try:
                    new.append((len(results), extract_document(raw, catalog)))
                    results.append(None)
                except Exception as exc:  # noqa: BLE001 — one unreadable document must not stop the run
                    results.append(_recorded(lake, _extraction_failed(raw.source_file, raw.sha256, exc)))
                continue
        results.append(_from_summary(path.name, summary))
    for n, doc, entry in _entries([doc for _, doc in new], [n for n, _ in new]):
        results[n] = (_from_summary(doc.source_file, lake.write(*entry)) if not isinstance(entry, Exception)
                      else _recorded(lake, _extraction_failed(doc.source_file, doc.sha256, entry)))
    return results


def _entries(docs: list[ExtractedDocument], positions: list[int]) -> Iterator[tuple]:
    """(position, document, lake entry or the exception that prevented it): all at once, else one by one."""
    try:
        yield from zip(positions, docs, lake_entries(docs))
        return
    except Exception:  # noqa: BLE001 — find the one document that fails, keep the others
        pass
    for n, doc in zip(positions, docs):
        try:
            yield n, doc, lake_entries([doc])[0]
        except Exception as exc:  # noqa: BLE001
            yield n, doc, exc


def _extraction_failed(source_file: str, sha256: str, exc: Exception) -> Quarantined:
    """A refused input (a number that cannot be read exactly) is quarantined with its own code and words;
    any other error is a failed extraction."""
    if isinstance(exc, RefusedInput):
        return Quarantined(source_file, sha256, f"{source_file}: {exc}", reason_code=exc.reason_code)
    return Quarantined(source_file, sha256, f"{source_file}: extraction failed "
                       f"({type(exc).__name__}: {excerpt(str(exc), ERROR_EXCERPT)})", reason_code="extraction_failed")


def _recorded(lake: Lake, failed: Quarantined) -> Quarantined:
    """A failed extraction in the lake with its reason, as its extraction run found it: the build, which reads
    the lake alone, tells that reason (an entry of this extraction version; new code extracts it again)."""
    lake.write(unreadable(failed), {})
    return failed


def unreadable(quarantined: Quarantined) -> Summary:
    """The lake's summary of content that cannot be read as a report, with the reason (file name aside)."""
    reason = quarantined.reason.removeprefix(f"{quarantined.source_file}: ")
    return Summary(sha256=quarantined.sha256, text_sha256="", encoding="", char_count=0, fiscal_year=None,
                   department_name=None, province=None, city=None, county=None, reissue=False,
                   not_a_report=reason, reason_code=quarantined.reason_code, tables={}, files={})


def _from_summary(source_file: str, summary: Summary) -> LoadedDocument | Quarantined:
    if summary.not_a_report:
        return Quarantined(source_file, summary.sha256, f"{source_file}: {summary.not_a_report}",
                           reason_code=summary.reason_code)
    return LoadedDocument(source_file, summary.sha256, summary.text_sha256, summary.report_key, summary.reissue)


def lake_entries(docs: list[ExtractedDocument]) -> list[tuple[Summary, dict[str, pl.DataFrame]]]:
    """Each document's lake entry: its validated tables (rows failing their schema set aside in row_quarantine),
    its consistency findings, and its summary. A text that is not a report has no tables."""
    problems = [not_a_report(doc) for doc in docs]
    tables = document_tables([doc for doc, problem in zip(docs, problems) if problem is None])
    parts = {name: frame.partition_by("doc_id", as_dict=True) for name, frame in tables.items()}
    entries = []
    for doc, problem in zip(docs, problems):
        own = {} if problem else {name: parts[name].get((doc.doc_id,), tables[name].clear()) for name in tables}
        ident = doc.identity
        entries.append((Summary(
            sha256=doc.sha256, text_sha256=text_sha256(doc.normalized.original), encoding=doc.encoding,
            char_count=len(doc.normalized.original), fiscal_year=ident.fiscal_year,
            department_name=ident.department_name, province=ident.province, city=ident.city, county=ident.county,
            reissue=is_reissue(doc.normalized.original), not_a_report=problem and problem.detail,
            reason_code=problem and problem.code, tables={name: t.height for name, t in own.items()}, files={}), own))
    return entries


def document_tables(docs: list[ExtractedDocument]) -> dict[str, pl.DataFrame]:
    """Documents' validated tables, their set-aside rows (row_quarantine) and their consistency findings."""
    valid, rejected = validate_frames(build_frames(docs))
    return {**valid, "row_quarantine": rejected, "consistency_checks": consistency_findings(docs)}


# Told of each file as its result comes back, with the number of files: progress display.
OnResult = Callable[["LoadedDocument | Quarantined", int], None]


def extract_folder(paths: list[Path], settings: Settings, workers: int | None = None,
                   on_result: OnResult | None = None) -> Batch:
    """Every file through the lake; a file that repeats an earlier report is quarantined (see ``pipeline.validate.admission.one_per_report``).

    Files whose content the lake has are answered from their summaries alone.
    The others are read and extracted, many of them over ``workers``
    processes (default: one per core) that write their lake entries
    themselves, so only summaries come back: memory does not grow with the
    number of documents. Results are in file order either way.
    """
    lake = Lake(settings.lake_dir, settings.reference_dir)
    results, missing = _known(paths, lake, settings)
    missing += _damaged(results, lake, settings)
    if on_result is not None:
        for result in results.values():
            on_result(result, len(paths))
    catalog = SubjectCatalog.load(settings.reference_dir) if missing else None
    work = partial(extract_files, catalog=catalog, lake=lake)
    chunks = [missing[i:i + CHUNK] for i in range(0, len(missing), CHUNK)]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(missing) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers, mp_context=_worker_context(), initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            done = list(_reported(_flat(pool.map(work, chunks)), len(paths), on_result))
    else:
        done = list(_reported(_flat(map(work, chunks)), len(paths), on_result))
    results.update(zip((path for path, _ in missing), done))
    return one_per_report([results[path] for path in paths])


def _known(paths: list[Path], lake: Lake, settings: Settings) -> tuple[dict[Path, LoadedDocument | Quarantined],
                                                                         list[tuple[Path, str | None]]]:
    """The files whose content the lake has, answered from their summaries; the others, with their sha256
    (None when the file cannot be read: ``read_document`` says why). The file index saves rehashing."""
    index = FileIndex(settings.cache_dir / "file_index.json")
    known: dict[Path, LoadedDocument | Quarantined] = {}
    missing: list[tuple[Path, str | None]] = []
    for path in paths:
        try:
            sha = index.sha256(path)
        except OSError:
            sha = None
        summary = lake.summary(sha) if sha else None
        if summary is None:
            missing.append((path, sha))
        else:
            known[path] = _from_summary(path.name, summary)
    index.save()
    return known, missing


def _damaged(known: dict[Path, LoadedDocument | Quarantined], lake: Lake,
             settings: Settings) -> list[tuple[Path, str | None]]:
    """The known files whose entries are about to enter the mirror but are not as written (a flipped byte, a
    truncated file): removed from ``known`` and from the lake, to be extracted again."""
    mirrored = mirrored_documents(settings.mirror, lake.version)
    damaged = [(path, doc.sha256) for path, doc in known.items()
               if isinstance(doc, LoadedDocument) and doc.doc_id not in mirrored and not lake.intact(doc.sha256)]
    for path, sha256 in damaged:
        lake.remove(sha256)
        del known[path]
    return damaged


def files_to_extract(paths: list[Path], settings: Settings) -> list[Path]:
    """The files an extraction run must read before the warehouse build: content the lake lacks, or whose
    entry is damaged (removed now). Nothing is extracted here."""
    lake = Lake(settings.lake_dir, settings.reference_dir)
    known, missing = _known(paths, lake, settings)
    return [path for path, _ in missing + _damaged(known, lake, settings)]


def lake_folder(paths: list[Path], settings: Settings, on_result: OnResult | None = None) -> Batch:
    """Every file answered from the lake alone, as the extraction runs left it; nothing is read or extracted.

    A file whose content the lake lacks (it changed after its extraction run,
    or its run failed) is set aside with the reason, never dropped: the next
    extraction run takes it in.
    """
    lake = Lake(settings.lake_dir, settings.reference_dir)
    results, missing = _known(paths, lake, settings)
    for path, sha256 in missing:
        results[path] = _not_extracted(path, sha256)
    if on_result is not None:
        for path in paths:
            on_result(results[path], len(paths))
    return one_per_report([results[path] for path in paths])


def _not_extracted(path: Path, sha256: str | None) -> Quarantined:
    """Why the lake has no entry for a file: it cannot be read (said as the reader says it), or it was not
    extracted in this state."""
    if sha256 is None:
        unreadable_now = read_report(path)
        if isinstance(unreadable_now, Quarantined):
            return unreadable_now
    return Quarantined(path.name, sha256 or "", f"{path.name}: not extracted: its content is not the one the "
                       f"extraction run read (changed since, or that run failed); the next run extracts it",
                       reason_code="not_extracted")


def _flat(chunks: Iterable[list]) -> Iterator:
    for chunk in chunks:
        yield from chunk


def _reported(results: Iterable, total: int, on_result: OnResult | None) -> Iterator:
    """Results in order, each handed to ``on_result`` as it arrives."""
    for result in results:
        if on_result is not None:
            on_result(result, total)
        yield result


def _worker_context() -> multiprocessing.context.BaseContext:
    """Spawned workers, not forked ones: a fork would copy this process's polars and DuckDB thread pools
    without their threads, and the child would hang on its first frame."""
    return multiprocessing.get_context("spawn")


def _die_with_parent(parent: int) -> None:
    """Pool workers get SIGKILL when the run that started them dies, even by kill -9 (Linux); a worker whose
    run died while it was starting exits at once."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass  # not Linux: workers end when they next read the closed task queue
    if os.getppid() != parent:
        os._exit(1)


def stage_documents(batch: Batch, settings: Settings) -> dict[str, int]:
    """The lake's mirror brought to exactly this run's documents, with the rows of the files not loaded;
    the warehouse build's input. Returns rows per table."""
    lake = Lake(settings.lake_dir, settings.reference_dir)
    with warehouse_lock(settings.warehouse):
        _mend_damaged_entries(batch, lake, settings)
        quarantined, rejected = validate_frames({"documents": quarantined_frame(batch.quarantined)})
        return update_mirror(settings.mirror, lake, [(d.doc_id, d.source_file, d.sha256) for d in batch.documents],
                             run_rows={"documents": quarantined["documents"], "row_quarantine": rejected},
                             whole_tables=definition_tables(), state=batch_state(batch, lake.version))


def batch_state(batch: Batch, version: str) -> str:
    """A digest of what a run loads: the lake version, every loaded document, every file not loaded and why.
    Two runs with the same state build the same warehouse from the same models."""
    record = [version, sorted(d.doc_id for d in batch.documents),
              sorted((q.source_file, q.status, q.reason) for q in batch.quarantined)]
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode()).hexdigest()[:16]


def _mend_damaged_entries(batch: Batch, lake: Lake, settings: Settings) -> None:
    """Entries about to enter the mirror whose files are not as written (damaged since their extraction run
    checked them) are removed and their files set aside with the reason, so a damaged lake never stops or
    corrupts the build; the next extraction run writes them again."""
    mirrored = mirrored_documents(settings.mirror, lake.version)
    documents = []
    for doc in batch.documents:
        if doc.doc_id not in mirrored and not lake.intact(doc.sha256):
            lake.remove(doc.sha256)
            batch.quarantined.append(Quarantined(doc.source_file, doc.sha256, (
                f"{doc.source_file}: its lake entry was damaged after extraction (removed; the next run "
                f"extracts it again)"), reason_code="lake_entry_damaged"))
        else:
            documents.append(doc)
    batch.documents = documents


def up_to_date(settings: Settings) -> bool:
    """Whether the published warehouse is what a build would make now: the lake knows every file's content,
    and documents, reference tables and models are the ones it was built from. Reads no document."""
    published = published_fingerprint(settings.warehouse)
    if published is None:
        return False
    files, ignored = survey(settings.raw_dir)
    lake = Lake(settings.lake_dir, settings.reference_dir)
    known, missing = _known(files, lake, settings)
    if missing:
        return False
    batch = one_per_report([known[path] for path in files])
    batch.quarantined += ignored
    return build_fingerprint(batch_state(batch, lake.version), settings.reference_dir) == published


def read_folder(settings: Settings, on_result: OnResult | None = None, extract: bool = True) -> Batch:
    """Every entry of the raw folder accounted for: loaded, quarantined or ignored; the files extracted first,
    or (``extract=False``: the warehouse build, after its extraction run) answered from the lake alone.

    Raises NothingToPublish when no report could be loaded, unless the
    settings allow an empty warehouse.
    """
    files, ignored = survey(settings.raw_dir)
    batch = (extract_folder if extract else lake_folder)(files, settings, on_result=on_result)
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
