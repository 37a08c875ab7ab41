"""Read a raw file: identity, encoding, and whether it can be read at all.

A file that cannot be read is not an error of the run: it becomes a
``Quarantined`` record naming the file and the reason, and the run goes on.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

MAX_BYTES = 20 * 1024 * 1024  # a 部门决算 text is ~50 KB; 20 MB is not one report
_REPORT_WORDS = ("决算", "收入", "支出", "万元")


@dataclass(frozen=True)
class RawDocument:
    """A decoded source file and its identity (file name + content hash)."""

    source_file: str
    sha256: str
    encoding: str  # a text encoding, or "pdf"
    text: str
    # PDF only: offset in ``text`` where each page starts (page n starts at page_starts[n-1])
    page_starts: tuple[int, ...] = ()
    # PDF only: the tables found in the page layout, cell by cell
    layout_tables: tuple[LayoutTable, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    def page_at(self, offset: int) -> int | None:
        """1-based page of a text offset, where the document has pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)


@dataclass(frozen=True)
class LayoutTable:
    """One table as the PDF's page layout draws it: a grid of cells, blank cells kept in place.

    ``rows[r][c]`` is the cell's text ('' for a blank cell, None where a merged
    cell spans from the left or above); ``text_above`` is the page's text
    between the previous table (or the page top) and this one — where the
    table's title and unit are printed.
    """

    page: int  # 1-based
    rows: tuple[tuple[str | None, ...], ...]
    text_above: str = ""


@dataclass(frozen=True)
class Quarantined:
    """A file the pipeline could not use, and why."""

    source_file: str
    sha256: str
    reason: str

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_document(path: Path) -> RawDocument | Quarantined:
    """Decode one file, or say in words why it is not a readable 决算 report."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()

    def reject(reason: str) -> Quarantined:
        return Quarantined(path.name, sha, f"{path.name}: {reason}")

    if len(data) > MAX_BYTES:
        return reject(f"file is {len(data) / 1e6:.1f} MB, larger than the {MAX_BYTES // 2**20} MB a report can be")
    if not data.strip():
        return reject("file is empty")
    decoded = decode(data)
    if isinstance(decoded, str):
        return reject(decoded)
    encoding, text = decoded
    missing = [w for w in _REPORT_WORDS if w not in text]
    if missing:
        return reject(f"not a 部门决算 report (never mentions {'、'.join(missing)})")
    return RawDocument(path.name, sha, encoding, text)


def decode(data: bytes) -> tuple[str, str] | str:
    """(encoding, text), or a reason string when the bytes are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return "utf-16", data.decode("utf-16")
        except UnicodeDecodeError:
            return "UTF-16 text is cut off or damaged"
    try:
        return "utf-8", data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "file is truncated: it ends inside a character"
        utf8_error = exc
    if b"\x00" in data:  # text never holds NUL bytes, except as UTF-16 without a BOM
        guess = from_bytes(data).best()
        if guess is None or not guess.encoding.startswith("utf_16"):
            return "binary file, not text"
        return guess.encoding, str(guess)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        guess = from_bytes(data).best()
        if guess is None:
            return f"cannot be decoded as UTF-8 (byte {utf8_error.start}) nor GB18030, nor any known encoding"
        return guess.encoding, str(guess)
    if _control_ratio(text) > 0.05:
        return "binary file, not text"
    return "gb18030", text


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / max(len(text), 1)
