"""Read a raw file: identity, encoding, and whether it can be read at all.

A file that cannot be read is not an error of the run: it becomes a
``Quarantined`` record naming the file and the reason, and the run goes on.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.ingest.pdf import PDF_MAGIC, LayoutTable, read_pdf
from pipeline.text.reasons import Reason, known_reason

MAX_BYTES = 20 * 1024 * 1024  # a 部门决算 text is ~50 KB; 20 MB is not one report


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
        return document_id(self.sha256, self.source_file)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.page_starts, offset)


def page_at(page_starts: tuple[int, ...], offset: int) -> int | None:
    """1-based page of a text offset, where the document has pages."""
    if not page_starts:
        return None
    return bisect.bisect_right(page_starts, offset)


@dataclass(frozen=True)
class Quarantined:
    """A file the pipeline could not use (or an entry of the raw folder it does not read), and why."""

    source_file: str
    sha256: str  # '' for an entry whose bytes were never read
    reason: str  # the detail: a sentence that starts with the file's name
    status: str = "quarantined"  # quarantined | ignored
    reason_code: str = field(kw_only=True)  # what people group by (pipeline/text/reasons.yaml)

    def __post_init__(self) -> None:
        known_reason(self.reason_code)

    @property
    def doc_id(self) -> str:
        return document_id(self.sha256, self.source_file)


def document_id(sha256: str, source_file: str) -> str:
    """A document is a (content, file) pair: two files with the same bytes are two rows, never one id."""
    return hashlib.sha256(f"{sha256}/{source_file}".encode()).hexdigest()[:16]


def text_sha256(text: str) -> str:
    """Hash of the text itself: the same report re-encoded or with other line endings hashes the same."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return hashlib.sha256("\n".join(line.rstrip() for line in lines).strip().encode()).hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_document(path: Path) -> RawDocument | Quarantined:
    """Decode one file, or say why it cannot be read as text (whether the text is a report is
    pipeline.validate.admission's to say)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Quarantined(path.name, "", f"{path.name}: the file vanished during the run", reason_code="vanished")
    except OSError as exc:
        return Quarantined(path.name, "", f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__})",
                           reason_code="unreadable")
    sha = hashlib.sha256(data).hexdigest()

    def reject(reason: Reason) -> Quarantined:
        return Quarantined(path.name, sha, f"{path.name}: {reason.detail}", reason_code=reason.code)

    if len(data) > MAX_BYTES:
        return reject(Reason("too_large", f"file is {len(data) / 1e6:.1f} MB, larger than the "
                                          f"{MAX_BYTES // 2**20} MB a report can be"))
    if not data.strip():
        return reject(Reason("empty", "file is empty"))
    if data.startswith(PDF_MAGIC):
        content = read_pdf(data)
        if isinstance(content, Reason):
            return reject(content)
        encoding, text = "pdf", content.text
        pages = {"page_starts": content.page_starts, "layout_tables": content.tables}
    else:
        decoded = decode(data)
        if isinstance(decoded, Reason):
            return reject(decoded)
        (encoding, text), pages = decoded, {}
        if "\x00" in text:  # a NUL inside a word or number would silently hide it from every reader
            return reject(Reason("damaged_text", f"damaged text: {text.count(chr(0))} NUL bytes inside it "
                                                 f"(first at character {text.index(chr(0))})"))
    return RawDocument(path.name, sha, encoding, text, **pages)


def decode(data: bytes) -> tuple[str, str] | Reason:
    """(encoding, text), or why the bytes are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return "utf-16", data.decode("utf-16")
        except UnicodeDecodeError:
            return Reason("truncated", "UTF-16 text is cut off or damaged")
    try:
        return "utf-8", data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return Reason("truncated", "file is truncated: it ends inside a character")
        utf8_error = exc
    if b"\x00" in data:  # text never holds NUL bytes, except as UTF-16 without a BOM
        guess = from_bytes(data).best()
        if guess is None or not guess.encoding.startswith("utf_16"):
            return Reason("binary", "binary file, not text")
        return guess.encoding, str(guess)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        guess = from_bytes(data).best()
        if guess is None:
            return Reason("undecodable", f"cannot be decoded as UTF-8 (byte {utf8_error.start}) nor GB18030, "
                                         f"nor any known encoding")
        return guess.encoding, str(guess)
    if _control_ratio(text) > 0.05:
        return Reason("binary", "binary file, not text")
    return "gb18030", text


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / max(len(text), 1)
