"""The lake: each document's validated tables as Parquet, keyed by content and extraction version.

A document is extracted once. Its entry is a folder ``<version>/<sha[:2]>/<sha>/``
holding one Parquet file per non-empty table (metric statements, items,
cells, projects, indicators, findings, quarantined rows …) and
``summary.json``: what the run needs to decide whether the document is loaded
(its identity, its text's hash, whether it is a re-issue, why it is not a
report) without opening its tables. The summary is written last, so an entry
without one is incomplete and is extracted again.

Rows are keyed by content: the same bytes under another file name reuse the
entry, and the warehouse puts the file's own ``doc_id`` and ``source_file``
on them when it loads them (see ``pipeline.lake.mirror``).

The version hashes only what decides extraction: the code of ingest, segment,
extract and validate, their vocabularies and dictionaries, and the reference
tables of the configured folder. Entries of other versions are removed, so the
lake never grows beyond the documents of the current code.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path

import polars as pl

from pipeline.config import PROJECT_ROOT
from pipeline.text.reasons import reasons

FORMAT = 3  # the entry layout; 3: reason codes in summaries, documents, set-aside cells and quarantined rows
# What decides the lake's rows: reading numbers, decoding, normalising, segmenting, extracting, validating, and their data.
CODE_ROOTS = ("pipeline/text", "pipeline/ingest", "pipeline/segment", "pipeline/extract", "pipeline/validate", "pipeline/lake",
              "data/dicts")
_VERSIONED = {".py", ".yaml", ".csv", ".txt"}
SUMMARY = "summary.json"


@cache
def extraction_version(reference_dir: Path) -> str:
    """Hash of the code, vocabularies and reference tables (the configured folder) that decide extraction."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    roots = [(PROJECT_ROOT / r, r) for r in CODE_ROOTS] + [(reference_dir, "reference")]
    for root, label in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in _VERSIONED and path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{label}/{path.relative_to(root).as_posix()}".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Summary:
    """What one extracted document is, without its tables."""

    sha256: str
    text_sha256: str  # the same text in another encoding or line endings hashes the same
    encoding: str
    char_count: int
    fiscal_year: int | None
    department_name: str | None
    province: str | None
    city: str | None
    county: str | None
    reissue: bool  # its title says 更正 / 修订
    not_a_report: str | None  # why the text is not a usable report (then it has no tables)
    reason_code: str | None  # that reason's code (pipeline/text/reasons.yaml)
    tables: dict[str, int]  # table name → rows in the entry
    files: dict[str, str]  # table name → sha256 of its Parquet file, checked before the rows are loaded

    @property
    def report_key(self) -> tuple | None:
        """Department and year the report is for; None when the document does not say."""
        if not self.department_name or not self.fiscal_year:
            return None
        return self.department_name, self.fiscal_year, self.province, self.city, self.county


_pruned: set[tuple[Path, str]] = set()


class Lake:
    """The entries of one extraction version under ``root``."""

    def __init__(self, root: Path, reference_dir: Path):
        self.version = extraction_version(reference_dir)
        self.root = root / self.version
        if (root, self.version) not in _pruned:  # once per process: a run makes several Lake objects
            self._prune(root)
            _pruned.add((root, self.version))

    def _prune(self, parent: Path) -> None:
        """Remove the folders of other versions (never read again) and what dead writers left behind."""
        if not parent.is_dir():
            return
        for old in parent.iterdir():
            if old.is_dir() and old.name != self.version:
                shutil.rmtree(old, ignore_errors=True)
        for tmp in self.root.glob("*/.*.tmp"):  # .<sha>.<pid>.tmp
            pid = tmp.name.split(".")[2]
            if not pid.isdigit() or not process_alive(int(pid)):
                shutil.rmtree(tmp, ignore_errors=True)

    def entry(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def summary(self, sha256: str) -> Summary | None:
        """The entry's summary, or None when the document has no complete, matching entry."""
        try:
            data = json.loads((self.entry(sha256) / SUMMARY).read_text(encoding="utf-8"))
            if data.pop("format") != FORMAT or data.pop("version") != self.version or data["sha256"] != sha256:
                return None
            if not (isinstance(data["tables"], dict) and isinstance(data["files"], dict)):
                return None
            if data["not_a_report"] is not None and data["reason_code"] not in reasons():
                return None  # a reason no longer (or never) in the vocabulary: judged again
            return Summary(**data)
        except (OSError, ValueError, TypeError, KeyError):
            return None  # missing, damaged or of another shape: extracted again

    def table_file(self, summary: Summary, table: str) -> Path | None:
        """The entry's Parquet file of ``table``; None when the document has no row in it."""
        return self.entry(summary.sha256) / f"{table}.parquet" if summary.tables.get(table) else None

    def intact(self, sha256: str) -> bool:
        """Whether the entry is complete and every Parquet file of it is the one written (a flipped byte, a
        truncation: no)."""
        summary = self.summary(sha256)
        if summary is None:
            return False
        try:
            return all(hashlib.sha256((self.entry(sha256) / f"{table}.parquet").read_bytes()).hexdigest() == sha
                       for table, sha in summary.files.items())
        except OSError:
            return False

    def remove(self, sha256: str) -> None:
        shutil.rmtree(self.entry(sha256), ignore_errors=True)

    def write(self, summary: Summary, tables: dict[str, pl.DataFrame]) -> Summary:
        """Write an entry whole or not at all: into a hidden folder, renamed into place when complete;
        return the summary with the files' hashes.

        A full disk or a kill loses the entry (extracted again next run), never
        leaves a half-written one behind its summary.
        """
        final = self.entry(summary.sha256)
        tmp = final.with_name(f".{summary.sha256}.{os.getpid()}.tmp")
        try:
            tmp.mkdir(parents=True, exist_ok=True)
            files = {}
            for name, frame in tables.items():
                if frame.height:
                    # LZ4: entries are small, and zstd's compression cost ≈ 10 % of a document's extraction
                    # CPU for 4 % less space; no statistics (nothing is filtered on the files' ranges).
                    frame.write_parquet(tmp / f"{name}.parquet", compression="lz4", statistics=False)
                    files[name] = hashlib.sha256((tmp / f"{name}.parquet").read_bytes()).hexdigest()
            summary = replace(summary, files=files)
            record = {"format": FORMAT, "version": self.version, **asdict(summary)}
            (tmp / SUMMARY).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            if self.intact(summary.sha256):  # another run wrote the same document meanwhile
                shutil.rmtree(tmp, ignore_errors=True)
                return self.summary(summary.sha256)
            shutil.rmtree(final, ignore_errors=True)  # a damaged entry, if any
            tmp.rename(final)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # the entry is lost (extracted again next run), not the run
        return summary


def process_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (a temporary file of a dead one is a leftover)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, under another user
    return True
