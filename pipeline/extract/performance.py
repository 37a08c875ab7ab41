"""项目(支出)绩效目标完成情况表 → Project/Indicator records, plus performance scores.

Tables are read from the normalised text the way a reader reads them: by their
header cells, not by counting positions. Word-converted text prints one cell
per tab-indented line (a cell's text may continue on untabbed lines, empty
cells are a lone tab); PDF-converted text prints a row per line with cells
separated by tabs or runs of spaces, leaving out empty cells. Both are turned
into rows of cells, and rows are aligned to the header from the right, since
what goes missing in a row is its merged left-hand cells.

Indicator values are parsed by small pure functions (``parse_indicator_value``,
``judge``) that only decide whether a target was achieved when the target and
the actual value are comparable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pipeline.text.amounts import AMOUNT, MONEY_UNIT, MONEY_UNITS, NUMBER, parse_decimal, to_wan_yuan
from pipeline.extract.identity import ORGAN
from pipeline.extract.indicator_values import judge, parse_indicator_value
from pipeline.extract.records import Indicator, PerformanceScore, Project, Span
from pipeline.segment.lines import line_matches
from pipeline.segment.tokenizer import word_boundaries

# --------------------------------------------------------------------------
# Table reading
# --------------------------------------------------------------------------

_TITLE = re.compile(r"绩效目标完成情况表")
_TITLE_MAX_LEN = 40
_HEADING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
                      r"|\d{1,2}[.、](?!\d)|[①-⑳]|附件|附表)")
_PDF_CELL_SEP = re.compile(r"\t+| {2,}")
_SPACES = re.compile(r"\s+")

# Header cells → the field their column holds (None: a row label such as 绩效指标完成情况).
_HEADER_ROLES = (
    (re.compile(r"年度(?:总体)?目标(?:完成情况)?"), None),
    (re.compile(r"预期目标"), "goal_expected"),
    (re.compile(r"实际完成目标"), "goal_actual"),
    (re.compile(r"(?:绩效)?指标(?:完成情况)?"), None),
    (re.compile(r"一级指标"), "level1"),
    (re.compile(r"二级指标"), "level2"),
    (re.compile(r"三级指标"), "level3"),
    (re.compile(r"(?:预期|年度)(?:指标)?值.*|指标值.*|目标值.*"), "target"),
    (re.compile(r"实际(?:完成)?(?:指标)?值.*"), "actual"),
)
# Label cells of the project part; the value is the next cell (or follows a colon).
_LABELS = (
    (re.compile(r"项目名称"), "name"),
    (re.compile(r"预算单位"), "budget_unit"),
    (re.compile(r"预算执行情况.*"), None),
    (re.compile(r"(?:全年)?预算数"), "budget"),
    (re.compile(r"(?:全年)?执行数"), "actual"),
    (re.compile(r"(?:其中\s*[-—－]?\s*)?财政拨款"), "fiscal"),
    (re.compile(r"其[它他](?:资金)?"), "other"),
)
_LABEL_SPLIT = re.compile(r"^(?P<label>[^:：]{2,12})\s*[:：]\s*(?P<value>.*)$")


@dataclass
class _Cell:
    """One table cell: its text as printed (line breaks removed) and its offsets."""

    text: str
    start: int
    end: int

    def extend(self, piece: str, end: int) -> None:
        self.text = (self.text + piece).strip()
        self.end = end


@dataclass
class _Table:
    """A table's rows of cells and the text it spans (title to last cell)."""

    start: int
    end: int
    rows: list[list[_Cell]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of the text."""
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _is_title(line: str) -> bool:
    s = line.strip()
    return bool(_TITLE.search(s)) and len(s) <= _TITLE_MAX_LEN and not s.endswith(("。", "；", "，"))


def _table_blocks(text: str) -> list[list[tuple[int, str]]]:
    """The lines of each table: from its title to the next title or the prose after it."""
    lines = _lines(text)
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] | None = None
    blanks = 0
    for offset, line in lines:
        if _is_title(line):
            current = [(offset, line)]
            blocks.append(current)
            blanks = 0
            continue
        if current is None:
            continue
        if not line.strip() and not line.startswith("\t"):  # a lone tab is an empty cell
            blanks += 1
            continue
        if not line.startswith("\t") and (blanks >= 2 or (blanks and _HEADING.match(line))):
            current, blanks = None, 0
            continue
        current.append((offset, line))
        blanks = 0
    return blocks


def _word_cells(block: list[tuple[int, str]]) -> list[_Cell]:
    """Cells of a Word-converted table: a tab starts a cell, untabbed lines continue it."""
    cells: list[_Cell] = []
    for offset, line in block[1:]:
        if line.startswith("\t"):
            body = line.lstrip("\t")
            start = offset + len(line) - len(body)
            cells.append(_Cell(body.strip(), start, offset + len(line)))
        elif cells:
            cells[-1].extend(line, offset + len(line))
    return cells


def _pdf_rows(block: list[tuple[int, str]]) -> list[list[_Cell]]:
    """Rows of a PDF-converted table: one per line, cells between tab/space runs."""
    rows = []
    for offset, line in block[1:]:
        row, pos = [], 0
        for piece in _PDF_CELL_SEP.split(line):
            at = line.index(piece, pos) if piece else pos
            pos = at + len(piece)
            if piece.strip():
                row.append(_Cell(piece.strip(), offset + at, offset + pos))
        if row:
            rows.append(row)
    return rows


def _header_role(cell: _Cell) -> tuple[bool, str | None]:
    """(is a header cell, the field of its column)."""
    return _header_text_role(cell.text)


@lru_cache(maxsize=1 << 14)  # a table's cells are asked again and again while its rows are found
def _header_text_role(text: str) -> tuple[bool, str | None]:
    text = _SPACES.sub("", text)
    for pattern, role in _HEADER_ROLES:
        if pattern.fullmatch(text):
            return True, role
    return False, None


def _word_rows(cells: list[_Cell]) -> list[list[_Cell]]:
    """Group Word cells into rows: each run of header cells sets the width of the rows below it."""
    rows: list[list[_Cell]] = []
    pending: list[_Cell] = []
    width = 0
    i = 0
    while i < len(cells):
        j = i
        while j < len(cells) and _header_role(cells[j])[0]:
            j += 1
        if j - i >= 2:  # a header row: at least two header cells side by side
            rows.extend(_chunk(pending, width))
            rows.append(cells[i:j])
            pending, width, i = [], j - i, j
        else:
            pending.append(cells[i])
            i += 1
    rows.extend(_chunk(pending, width))
    return rows


def _chunk(cells: list[_Cell], width: int) -> list[list[_Cell]]:
    """Rows of ``width`` cells; cells before any header row stay one row of label/value cells."""
    if not cells:
        return []
    if not width:
        return [cells]
    return [cells[k:k + width] for k in range(0, len(cells), width)]


def _is_word_block(block: list[tuple[int, str]]) -> bool:
    """Word tables print one cell per tabbed line; PDF tables print several cells per line."""
    body = [line for _, line in block[1:] if line.strip()]
    return sum(line.startswith("\t") and not _PDF_CELL_SEP.search(line.strip()) for line in body) * 2 >= len(body)


def _tables(text: str) -> list[_Table]:
    """Every titled table of the text as rows of cells."""
    tables = []
    for block in _table_blocks(text):
        rows = _word_rows(_word_cells(block)) if _is_word_block(block) else _pdf_rows(block)
        last = block[-1]
        tables.append(_Table(block[0][0], last[0] + len(last[1]), rows))
    return tables


# --------------------------------------------------------------------------
# Tables → records
# --------------------------------------------------------------------------

def _label(cell: _Cell) -> tuple[bool, str | None, str | None]:
    """(is a label, its field, a value printed after a colon in the same cell)."""
    text = cell.text.strip()
    split = _LABEL_SPLIT.match(text)
    head, inline = (split["label"], split["value"].strip() or None) if split else (text, None)
    head = _SPACES.sub("", head)
    for pattern, name in _LABELS:
        if pattern.fullmatch(head):
            return True, name, inline
    return False, None, None


def _label_values(cells: list[_Cell]) -> dict[str, list[str | None]]:
    """Every labelled value in order; a label followed by another label has no value."""
    values: dict[str, list[str | None]] = {}
    for k, cell in enumerate(cells):
        is_label, name, inline = _label(cell)
        if not is_label or name is None:
            continue
        following = cells[k + 1] if k + 1 < len(cells) else None
        value = inline
        if value is None and following is not None and not _label(following)[0]:
            value = following.text or None
        values.setdefault(name, []).append(value)
    return values


def _amount(text: str | None) -> Decimal | None:
    """'7万元' / '138.6' / '0' → 万元 (the table's unit); None for an empty cell or a malformed number."""
    if not text:
        return None
    m = AMOUNT.search(text)
    value = parse_decimal(m.group("number")) if m else None
    if value is None:
        return None
    unit = m.group("unit") if m.group("unit") in MONEY_UNITS else "万元"
    return to_wan_yuan(value, unit)


def _nth(values: dict[str, list[str | None]], name: str, n: int) -> str | None:
    """The n-th value of a label: 其中-财政拨款 is printed under 预算数 first, then under 执行数."""
    found = values.get(name, [])
    return found[n] if n < len(found) else None


def _align(row: list[_Cell], roles: list[str | None]) -> dict[str, _Cell]:
    """Cells by field, aligned from the right (missing cells are merged left-hand ones)."""
    return {role: cell for role, cell in zip(reversed(roles), reversed(row)) if role}


def _merge(into: list[_Cell], row: list[_Cell]) -> None:
    """Append a continuation row's text to the cells above it, right-aligned."""
    for cell, extra in zip(reversed(into), reversed(row)):
        cell.extend(extra.text, extra.end)


def _header_index(rows: list[list[_Cell]], role: str) -> int | None:
    """The header row holding the column of ``role`` (a row of at least two header cells)."""
    for k, row in enumerate(rows):
        if sum(_header_role(c)[0] for c in row) >= 2 and any(_header_role(c)[1] == role for c in row):
            return k
    return None


def _project(table: _Table) -> Project | None:
    """A table read as a project, or None when it names no project (资金计划 tables, stray titles)."""
    rows = table.rows
    goal_at = _header_index(rows, "goal_expected")
    ind_at = _header_index(rows, "level3")
    head_end = min(k for k in (goal_at, ind_at, len(rows)) if k is not None)
    values = _label_values([c for row in rows[:head_end] for c in row])
    name = _nth(values, "name", 0)
    if not name or not ("budget" in values or ind_at is not None):
        return None
    project = Project(
        project_name=name,
        span=Span(table.start, table.end),
        budget_unit=_nth(values, "budget_unit", 0),
        budget=_amount(_nth(values, "budget", 0)),
        actual=_amount(_nth(values, "actual", 0)),
        fiscal_budget=_amount(_nth(values, "fiscal", 0)),
        fiscal_actual=_amount(_nth(values, "fiscal", 1)),
        other_budget=_amount(_nth(values, "other", 0)),
        other_actual=_amount(_nth(values, "other", 1)),
    )
    if goal_at is not None:
        goals = _goals(rows[goal_at], rows[goal_at + 1:ind_at if ind_at is not None else len(rows)])
        project.goal_expected, project.goal_actual = goals.get("goal_expected"), goals.get("goal_actual")
    if ind_at is not None:
        project.indicators = _indicators(rows[ind_at], rows[ind_at + 1:])
    return project


def _roles(header: list[_Cell]) -> list[str | None]:
    """The field each column of a header row holds."""
    return [_header_role(c)[1] for c in header]


def _goals(header: list[_Cell], rows: list[list[_Cell]]) -> dict[str, str]:
    """The goal texts under 预期目标/实际完成目标 (a PDF may spread them over several lines)."""
    if not rows:
        return {}
    first = [_Cell(c.text, c.start, c.end) for c in rows[0]]
    for row in rows[1:]:
        _merge(first, row)
    return {role: cell.text for role, cell in _align(first, _roles(header)).items() if cell.text}


_MIN_INDICATOR_CELLS = 3  # level3, target, actual: fewer cells on a PDF line continue the row above


def _indicators(header: list[_Cell], rows: list[list[_Cell]]) -> list[Indicator]:
    """Indicator rows under the header; blank 一级/二级 cells inherit from the row above."""
    roles = _roles(header)
    merged: list[list[_Cell]] = []
    for row in rows:
        if len(row) < _MIN_INDICATOR_CELLS and merged:
            _merge(merged[-1], row)
        else:
            merged.append([_Cell(c.text, c.start, c.end) for c in row])
    indicators: list[Indicator] = []
    level1 = level2 = None
    for row in merged:
        text = {role: cell.text or None for role, cell in _align(row, roles).items()}
        if text.get("level1") and text["level1"] != level1:
            level1, level2 = text["level1"], None
        level2 = text.get("level2") or level2
        if not (text.get("level3") or text.get("target") or text.get("actual")):
            continue
        printed = [c for c in row if c.text]
        indicators.append(_indicator(level1, level2, text, Span(printed[0].start, printed[-1].end)))
    return indicators


def _indicator(level1: str | None, level2: str | None, text: dict[str, str | None], span: Span) -> Indicator:
    """The printed row plus what its target and actual cells state."""
    target, actual = text.get("target"), text.get("actual")
    ceiling = "成本" in (level2 or "")
    t, a = parse_indicator_value(target, ceiling), parse_indicator_value(actual)
    achieved, reason = judge(target, actual, ceiling)
    return Indicator(
        level1=level1, level2=level2, level3=text.get("level3"), target_text=target, actual_text=actual,
        span=span, target_op=t.op, target_value=t.value, target_unit=t.unit, target_category=t.category,
        actual_value=a.value, actual_unit=a.unit, achieved=achieved, achieved_reason=reason,
    )


# --------------------------------------------------------------------------
# Narrative summaries and self-evaluation scores
# --------------------------------------------------------------------------

_MONEY = rf"(?:{MONEY_UNIT})"
_SUMMARY = re.compile(
    rf"(?:全年)?预算数(?:为)?(?P<budget>{NUMBER})(?P<budget_unit>{_MONEY})?[，,]\s*"
    rf"(?:全年)?执行数(?:为)?(?P<actual>{NUMBER})(?P<actual_unit>{_MONEY})?[，,]\s*"
    rf"完成(?:年度)?预算的?(?P<rate>{NUMBER})%"
)
_SUMMARY_SUBJECT = re.compile(
    r"^\s*+(?:[（(][0-9]+[）)]|[①-⑳]|[0-9]+[.、])?\s*+(?P<name>.+?)(?:项目)?(?:绩效)?目标完成情况综述")
_SCORE = re.compile(
    rf"(?P<subject>[^，。；：,;:\n]{{2,50}}?)(?:绩效)?(?:自评|评价)得分(?:为|是|[:：])?(?P<score>{NUMBER})分")
# The organisation that reports a score opens its sentence (某某局部门整体…绩效自评得分为…): a
# name ending in an organ word, as identity recognises department names. What was scored follows it.
_ORG_NAME = re.compile(rf"[^，。；（(]{{0,20}}?{ORGAN}")


def _summary_subject(prefix: str) -> str | None:
    """The project a summary is about: the quoted name, or the name before …目标完成情况综述."""
    quoted = re.findall(r"“([^”]+)”", prefix)
    if quoted:
        return quoted[-1]
    m = _SUMMARY_SUBJECT.search(prefix)
    return m["name"].strip() if m else None


def _summaries(text: str) -> list[PerformanceScore]:
    """'（1）“X”项目绩效目标完成情况综述。项目全年预算数7万元，执行数为7万元，完成预算的100%'."""
    scores = []
    for m in _SUMMARY.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        prefix = text[line_start:m.start()]
        subject = _summary_subject(prefix)
        if subject is None:
            continue
        start = line_start + len(prefix) - len(prefix.lstrip())
        scores.append(PerformanceScore(
            subject=subject, span=Span(start, m.end()),
            budget=to_wan_yuan(parse_decimal(m["budget"]), m["budget_unit"]),
            actual=to_wan_yuan(parse_decimal(m["actual"]), m["actual_unit"]),
            execution_rate_pct=parse_decimal(m["rate"]),
        ))
    return scores


def _self_evaluations(text: str) -> list[PerformanceScore]:
    """'…部门整体（含部门预算项目）绩效自评得分为97分', the unit's name dropped from the subject."""
    scores = []
    for m in line_matches(_SCORE, text, ("得分",)):
        subject = _without_reporter(m["subject"].strip())
        scores.append(PerformanceScore(subject=subject, span=Span(m.start("subject"), m.end()),
                                       score=parse_decimal(m["score"])))
    return scores


def _without_reporter(subject: str) -> str:
    """The subject without the organisation names that open it, cut on a word boundary (部门整体 keeps its 部)."""
    end = 0
    while ((m := _ORG_NAME.match(subject, end)) and m.end() < len(subject)
           and m.end() in word_boundaries(subject)):
        end = m.end()
    return subject[end:]


def extract_performance(text: str) -> tuple[list[Project], list[PerformanceScore]]:
    """All project performance tables and performance scores of a normalised document."""
    projects = [p for p in map(_project, _tables(text)) if p is not None]
    return projects, _summaries(text) + _self_evaluations(text)
