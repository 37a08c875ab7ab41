"""Which table a title line names.

A standard title is matched whole: only numbering (公开01表, 附表3, 一、), the
unit's name or the year may stand before it, so 财政拨款支出决算表 is not the
支出决算表 and 机关运行经费支出决算表 is not either. Any other line shaped like a
table's title names a table of its own (``other``), keeping its printed title.
"""
from __future__ import annotations

import re

from pipeline.extract.tables.kinds import vocabulary
from pipeline.extract.tables.model import ReadTable, squeeze

_NUMBERING = re.compile(r"^(?:附表[0-9]*|附件[0-9]*|公开[0-9]+表|表[0-9]+|[一二三四五六七八九十]+、|[0-9]{1,2}[.、])")
_NUMBER_AFTER = re.compile(r"[（(]?(?:公开)?(?:(?<![0-9])[0-9]+|(?<![一二三四五六七八九十])[一二三四五六七八九十]+)表[）)]?$"
                           r"|[（(]续表?[）)]$|续表$")
_YEAR_END = re.compile(r"[0-9]{4}年度?$")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")


def _title_text(line: str) -> str | None:
    """The line squeezed, without a trailing table number or 续表, when it is shaped like a table's title."""
    if "表" not in line or len(line) > 120:
        return None
    text = squeeze(line)
    if not text or len(text) > 80 or any(p in text for p in "。；，：:"):
        return None
    return _NUMBER_AFTER.sub("", text)


def table_of_title(line: str) -> tuple[str, str] | None:
    """(table code, printed title) when a line is the title of a standard table."""
    text = _title_text(line)
    if text is None:
        return None
    for title, code in vocabulary().titles:
        if text.endswith(title) and _is_title_prefix(text[: -len(title)]):
            return code, line.strip()
    return None


def title_of_any_table(line: str) -> tuple[str, str] | None:
    """(code, printed title) of a standard table, or ("other", printed title) of any other titled table."""
    found = table_of_title(line)
    if found:
        return found
    text = _title_text(line)
    if not text or not text.endswith("表") or len(text) > 40 or _PART_HEADING.match(text):
        return None
    for heading in vocabulary().table_set_headings:  # 上海市XX局2024年度部门决算表: the heading of them all
        if text.endswith(heading) and _is_title_prefix(text[: -len(heading)]):
            return None
    return "other", line.strip()


def same_title(table: ReadTable, code: str, title: str) -> bool:
    """Whether a title names the table already read (its title repeated on a new page, 续表)."""
    return table.code == code and (code != "other" or _title_text(table.title) == _title_text(title))


def _is_title_prefix(prefix: str) -> bool:
    """Numbering, then the unit's name or the year — not another subject (财政拨款, 机关运行经费, 项目 …)."""
    prefix = _NUMBERING.sub("", prefix)
    return not prefix or bool(_YEAR_END.search(prefix)) or prefix.endswith(vocabulary().unit_name_endings)


def other_title(text_above: str) -> tuple[str, str] | None:
    """The title of a PDF grid that is none of the standard tables: the last title-shaped line above it."""
    for line in reversed([l.strip() for l in text_above.split("\n") if l.strip()]):
        found = title_of_any_table(line)
        if found and found[0] == "other":
            return found
    return None
