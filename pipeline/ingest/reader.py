"""Read a raw file: identity, encoding, and whether it can be read at all.

A file that cannot be read is not an error of the run: it becomes a
``Quarantined`` record naming the file and the reason, and the run goes on.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.text.amounts import MONEY_UNIT, MONEY_UNITS
from pipeline.ingest.pdf import PDF_MAGIC, LayoutTable, read_pdf

MAX_BYTES = 20 * 1024 * 1024  # a 部门决算 text is ~50 KB; 20 MB is not one report
_REPORT_WORDS = ("决算", "收入", "支出")


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
    reason: str
    status: str = "quarantined"  # quarantined | ignored

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
    """Decode one file, or say in words why it is not a readable 决算 report."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Quarantined(path.name, "", f"{path.name}: the file vanished during the run")
    except OSError as exc:
        return Quarantined(path.name, "", f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__})")
    sha = hashlib.sha256(data).hexdigest()

    def reject(reason: str) -> Quarantined:
        return Quarantined(path.name, sha, f"{path.name}: {reason}")

    if len(data) > MAX_BYTES:
        return reject(f"file is {len(data) / 1e6:.1f} MB, larger than the {MAX_BYTES // 2**20} MB a report can be")
    if not data.strip():
        return reject("file is empty")
    if data.startswith(PDF_MAGIC):
        content = read_pdf(data)
        if isinstance(content, str):
            return reject(content)
        encoding, text = "pdf", content.text
        pages = {"page_starts": content.page_starts, "layout_tables": content.tables}
    else:
        decoded = decode(data)
        if isinstance(decoded, str):
            return reject(decoded)
        (encoding, text), pages = decoded, {}
        if "\x00" in text:  # a NUL inside a word or number would silently hide it from every reader
            return reject(f"damaged text: {text.count(chr(0))} NUL bytes inside it "
                          f"(first at character {text.index(chr(0))})")
    missing = [w for w in _REPORT_WORDS if w not in text]
    if not any(unit in text for unit in MONEY_UNITS):  # a report printed in 元 is a report
        missing.append(MONEY_UNIT.replace("|", "/"))
    if missing:
        return reject(f"not a 部门决算 report (never mentions {'、'.join(missing)})")
    problem = structure_problem(text)
    if problem:
        return reject(problem)
    return RawDocument(path.name, sha, encoding, text, **pages)


_TOC = re.compile(r"^\s*目\s*录\s*$", re.M)
_FIRST_PART = re.compile(r"^\s*第一部分", re.M)
_TAG = re.compile(r"</?[A-Za-z!][^<>\n]{0,200}>")
# A figure starts where a number starts (not after a digit or a grouping comma), so a run of
# digits is scanned once, not once from each of its digits.
_FIGURE = re.compile(r"(?<![0-9０-９])(?<![0-9０-９][,，])[0-9０-９](?:[0-9０-９]|[,，](?=[0-9０-９]))*+[.．][0-9０-９]")
CHARS_PER_LINE = 2000  # a report's longest paragraphs are ~1,500 characters
MIN_FIGURES = 5  # the smallest report states dozens of amounts with decimals


def structure_problem(text: str) -> str | None:
    """Why a decoded text is not one readable report, judged by measurable signs of its structure.

    Several reports in one file restart their outline: each has its own 目录 or
    its own 第一部分 beyond the one its 目录 lists. A report whose line breaks,
    markup or numbers were destroyed cannot be read section by section.
    """
    tocs, first_parts = len(_TOC.findall(text)), len(_FIRST_PART.findall(text))
    reports = max(tocs, first_parts - tocs)
    if reports > 1:
        return f"holds {reports} reports, not one ({tocs} 目录 and {first_parts} 第一部分 headings)"
    if text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "structure destroyed: the file is JSON data, not report text"
    tags = _TAG.findall(text)
    if len(tags) >= 10 and sum(map(len, tags)) > 0.05 * len(text):
        return f"structure destroyed: HTML/XML markup ({len(tags)} tags), not report text"
    lines = text.count("\n") + 1
    if len(text) > CHARS_PER_LINE and lines < len(text) / CHARS_PER_LINE:
        return f"structure destroyed: {len(text)} characters on {lines} line(s) (line breaks removed)"
    figures = len(_FIGURE.findall(text))
    if figures < MIN_FIGURES:
        return f"numbers unreadable: {figures} figures with decimals in {text.count('万元')} mentions of 万元"
    return None


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
