"""Which documents a run publishes, and the reason code of every one it does not.

Each rule of admission is a public function: a decoded text that is not one
report (``text_problem``: not a 部门决算 report, several reports, destroyed
structure), an extracted text that is not a whole report (``not_a_report``),
a re-issue's title (``is_reissue``), and one report per department and year
among the files of a run (``one_per_report``: duplicates, conflicts,
re-issues). Reading a file (pipeline.ingest) says only whether it can be read;
these rules say whether what was read is published.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extract.document import ExtractedDocument
from pipeline.ingest.reader import Quarantined, RawDocument, document_id, read_document
from pipeline.text.amounts import MONEY_UNIT, MONEY_UNITS
from pipeline.text.excerpt import excerpt
from pipeline.text.reasons import Reason


def read_report(path: Path) -> RawDocument | Quarantined:
    """A raw file read (``read_document``) and judged as text of one report (``text_problem``)."""
    raw = read_document(path)
    if isinstance(raw, RawDocument) and (problem := text_problem(raw.text)):
        return Quarantined(raw.source_file, raw.sha256, f"{raw.source_file}: {problem.detail}",
                           reason_code=problem.code)
    return raw


REPORT_WORDS = ("决算", "收入", "支出")  # a 部门决算 report never fails to say these


def text_problem(text: str) -> Reason | None:
    """Why a decoded text is not one 部门决算 report, if it is not: words every report says are missing
    (``not_a_report``), or its structure says so (``structure_problem``). Judged before any extraction."""
    missing = [w for w in REPORT_WORDS if w not in text]
    if not any(unit in text for unit in MONEY_UNITS):  # a report printed in 元 is a report
        missing.append(MONEY_UNIT.replace("|", "/"))
    if missing:
        return Reason("not_a_report", f"not a 部门决算 report (never mentions {'、'.join(missing)})")
    return structure_problem(text)


_TOC = re.compile(r"^[^\S\n]*目\s*录\s*$", re.M)
_FIRST_PART = re.compile(r"^[^\S\n]*第一部分", re.M)
_TAG = re.compile(r"</?[A-Za-z!][^<>\n]{0,200}>")
# A figure starts where a number starts (not after a digit or a grouping comma), so a run of
# digits is scanned once, not once from each of its digits.
_FIGURE = re.compile(r"(?<![0-9０-９])(?<![0-9０-９][,，])[0-9０-９](?:[0-9０-９]|[,，](?=[0-9０-９]))*+[.．][0-9０-９]")
CHARS_PER_LINE = 2000  # a report's longest paragraphs are ~1,500 characters
MIN_FIGURES = 5  # the smallest report states dozens of amounts with decimals


def structure_problem(text: str) -> Reason | None:
    """Why a decoded text is not one readable report, judged by measurable signs of its structure.

    Several reports in one file restart their outline: each has its own 目录 or
    its own 第一部分 beyond the one its 目录 lists. A report whose line breaks,
    markup or numbers were destroyed cannot be read section by section.
    """
    tocs, first_parts = len(_TOC.findall(text)), len(_FIRST_PART.findall(text))
    reports = max(tocs, first_parts - tocs)
    if reports > 1:
        return Reason("several_reports",
                      f"holds {reports} reports, not one ({tocs} 目录 and {first_parts} 第一部分 headings)")
    if text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return Reason("structure_destroyed", "structure destroyed: the file is JSON data, not report text")
    tags = _TAG.findall(text)
    if len(tags) >= 10 and sum(map(len, tags)) > 0.05 * len(text):
        return Reason("structure_destroyed",
                      f"structure destroyed: HTML/XML markup ({len(tags)} tags), not report text")
    lines = text.count("\n") + 1
    if len(text) > CHARS_PER_LINE and lines < len(text) / CHARS_PER_LINE:
        return Reason("structure_destroyed",
                      f"structure destroyed: {len(text)} characters on {lines} line(s) (line breaks removed)")
    figures = len(_FIGURE.findall(text))
    if figures < MIN_FIGURES:
        return Reason("numbers_unreadable",
                      f"numbers unreadable: {figures} figures with decimals in {text.count('万元')} mentions of 万元")
    return None


@dataclass(frozen=True)
class LoadedDocument:
    """A file of the raw folder whose report is in the lake: what a run decides with (duplicates, re-issues),
    not the entry's table lists. A run holds one per document; the mirror reads the summaries of the few
    documents it adds."""

    source_file: str
    sha256: str
    text_sha256: str  # the same text in another encoding or line endings hashes the same
    report_key: tuple | None  # department and year (see pipeline.lake.store.Summary.report_key)
    reissue: bool

    @property
    def doc_id(self) -> str:
        return document_id(self.sha256, self.source_file)


@dataclass
class Batch:
    """The documents of one run: in the lake, or quarantined (or ignored) with a reason."""

    documents: list[LoadedDocument] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)


def one_per_report(results: Iterable[LoadedDocument | Quarantined]) -> Batch:
    """Each report loaded once, in file order.

    A later file with the same bytes (``duplicate``), or the same text in
    another encoding or line endings (``duplicate_text``), is a duplicate of
    the first. A second, different report for the same department and year is
    a ``conflict``, unless it declares itself a re-issue (更正 / 修订 in its
    title) and the loaded one does not: then it replaces it, whichever file
    sorts first (``replaced_by_reissue``).
    """
    batch = Batch()
    by_bytes: dict[str, str] = {}
    by_text: dict[str, str] = {}
    by_report: dict[tuple, LoadedDocument] = {}
    replaced: dict[str, Quarantined] = {}

    def refuse(doc: LoadedDocument | Quarantined, code: str, detail: str) -> None:
        batch.quarantined.append(Quarantined(doc.source_file, doc.sha256, f"{doc.source_file}: {detail}",
                                             reason_code=code))

    for result in results:
        if result.sha256 and result.sha256 in by_bytes:
            refuse(result, "duplicate", f"duplicate of {by_bytes[result.sha256]} (same content)")
            continue
        if result.sha256:
            by_bytes[result.sha256] = result.source_file
        if isinstance(result, Quarantined):
            batch.quarantined.append(result)
            continue
        if result.text_sha256 in by_text:
            refuse(result, "duplicate_text", f"duplicate of {by_text[result.text_sha256]} "
                                             f"(the same text in another encoding or line endings)")
            continue
        by_text[result.text_sha256] = result.source_file
        key = result.report_key
        loaded = by_report.get(key) if key else None
        if loaded is None:
            if key:
                by_report[key] = result
        elif result.reissue and not loaded.reissue:
            by_report[key] = result
            replaced[loaded.source_file] = Quarantined(
                loaded.source_file, loaded.sha256, reason_code="replaced_by_reissue",
                reason=f"{loaded.source_file}: {_replaced(result.source_file)}")
        elif loaded.reissue and not result.reissue:
            refuse(result, "replaced_by_reissue", _replaced(loaded.source_file))
            continue
        else:
            refuse(result, "conflict", f"conflict, a second report for {key[0]} {key[1]} that differs from "
                                       f"{loaded.source_file} (loaded); mark a corrected report 更正 or 修订 "
                                       f"in its title to replace it")
            continue
        batch.documents.append(result)
    batch.quarantined += replaced.values()
    batch.documents = [d for d in batch.documents if d.source_file not in replaced]
    return batch


def _replaced(reissue: str) -> str:
    return f"replaced by the re-issue {reissue} (same department and year)"


REISSUE = re.compile(r"更正|修订|修正版|重新发布")
_OUTLINE = re.compile(r"^\s*(?:目\s*录|第一部分)")
TITLE_LINES = 8  # the title block: at most this many lines before the 目录 or 第一部分


def is_reissue(original_text: str) -> bool:
    """A re-issue says so in its title block (2020年度部门决算（更正）, 修订版 …), not in its body: a report
    that mentions a 更正 among its 说明 is not a re-issue."""
    for line in original_text.splitlines()[:TITLE_LINES]:
        if _OUTLINE.match(line):
            return False
        if REISSUE.search(line):
            return True
    return False


def not_a_report(doc: ExtractedDocument) -> Reason | None:
    """Why an extracted text is not a whole report (``not_a_report``, ``truncated``), if it is not one:
    then none of its figures is published."""
    in_explanation = [s for s in doc.sections if s.part == "explanation" and s.level >= 1]
    if not doc.metrics and not doc.gpb_items and not doc.projects:
        if in_explanation:
            return Reason("truncated", "truncated or empty: the 决算情况说明 part states no figure")
        return Reason("not_a_report", "not a 部门决算 report: no 决算情况说明 part and no figure found")
    text = doc.normalized.text.rstrip()
    last = doc.sections[-1]
    last_line = text.rsplit("\n", 1)[-1]
    # a sentence left open; a table row (cells apart, no clause punctuation) may end a report on a number
    table_row = bool(_LAST_CELL.search(last_line)) and not _CLAUSE_MARKS.search(last_line)
    if (last.part == "explanation" and last.level >= 1 and text and text[-1] not in _SENTENCE_ENDS
            and not table_row):
        return Reason("truncated", f"truncated: the text stops mid-sentence in “{excerpt(last.title)}”")
    return None


_SENTENCE_ENDS = "。.；;！!？?）)”\""
_CLAUSE_MARKS = re.compile(r"[，,、：:；;]")
_LAST_CELL = re.compile(r"\S\s+[-−]?\d[\d,.]*$")
