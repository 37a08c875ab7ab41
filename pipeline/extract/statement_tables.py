"""The standard tables (部门决算公开表), cell by cell, from a PDF's layout or from converted text.

One reader for every input. A table is first turned into *printed rows* —
code, name, side (income/expense of a two-sided table) and the numbers it
prints, each number with its column where the input keeps it (a PDF's grid,
a layout text's reading order) — and then every number is given its column:

- directly, where the input keeps the column or the row prints every cell;
- otherwise by reasoning as a careful reader does: the columns a row may use
  in printed order (blank cells dropped keep the order), the row's arithmetic
  (合计 = 基本 + 项目 …), the parent = Σ children and 合计 = Σ 类 of every
  column, and — where these still leave a choice — the same figure in the
  other tables (the function-classified tables repeat each other; a table
  printed empty means its column is blank everywhere).

A number whose column is still open is set aside with the reason, never put
in a guessed column. The vocabulary of titles, headers and relations is in
``vocabulary/statement_tables.yaml``.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import yaml

from pipeline.text.amounts import MONEY_UNITS, parse_decimal
from pipeline.extract.records import SetAsideCell, StatementCell, StatementTable
from pipeline.ingest.reader import LayoutTable, page_at

_VOCABULARY = Path(__file__).parent / "vocabulary" / "statement_tables.yaml"
_NUMBER = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DASH = {"-", "—", "--", "——", "/", "－"}
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d))")
_LEVEL_SUFFIX = re.compile(r"[（(](?:类|款|项)[）)]")
_CODE_TOKEN = re.compile(r"^(?:[1-9]\d{2}|[1-9]\d{4}|[1-9]\d{6})$")
_CODE_PART = re.compile(r"^\d{2}$")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_UNIT_LINE = re.compile(r"单位[:：]\s*(亿元|万元|千元|元)")
_MAX_COMBINATIONS = 20000  # siblings' joint assignments tried per parent; beyond, the group stays open


@dataclass(frozen=True)
class Slot:
    """A column a number of a row can go to: (item, column) — item is only set in tables whose items are columns (三公)."""

    column_code: str
    column_title: str
    item: str | None = None
    item_name: str | None = None


@dataclass
class Number:
    text: str
    value: Decimal
    start: int | None = None
    end: int | None = None
    position: float | None = None  # x on the page or the layout line, where the input keeps it
    slot: int | None = None  # index into the row's slots, where the input fixes it
    line: int | None = None  # the text line it is printed on


@dataclass
class PrintedRow:
    code: str | None
    name: str
    side: int
    numbers: list[Number] = field(default_factory=list)
    start: int | None = None
    end: int | None = None
    line: int | None = None
    page: int | None = None
    candidates: list[tuple[int, ...]] = field(default_factory=list)
    how: str = "printed"
    position: float | None = None  # x where the row starts on its line (layout text)
    capacity: int = 0  # how many columns its side prints
    in_reading_order: bool = False  # numbers known to stand left to right (by their position)

    @property
    def key(self) -> str:
        return self.code or name_key(self.name)


@dataclass
class ReadTable:
    code: str
    title: str
    page: int | None
    scale: Decimal
    sides: list[list[Slot]]
    rows: list[PrintedRow] = field(default_factory=list)
    evidence: str = ""
    grid: _GridColumns | None = None  # a PDF table's columns, kept for its continuation pages
    start: int | None = None  # original-text offsets of the table, title to last row
    end: int | None = None


@dataclass
class StatementReading:
    tables: list[StatementTable] = field(default_factory=list)
    cells: list[StatementCell] = field(default_factory=list)
    set_aside: list[SetAsideCell] = field(default_factory=list)


# ----------------------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class TableKind:
    code: str
    titles: tuple[str, ...]
    two_sided: bool
    columns: tuple[tuple[str, str, int | None], ...]  # (printed label, column code, side or None)
    relations: tuple[tuple[str, tuple[str, ...]], ...]  # total column = Σ part columns, per row
    items: tuple[tuple[str, tuple[str, ...], str], ...] = ()  # (item code, printed labels, standard name): items printed as columns
    item_relations: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    kinds: dict[str, TableKind]
    titles: tuple[tuple[str, str], ...]  # (squeezed title, table code), longest first
    row_starts: tuple[str, ...]
    column_titles: dict[str, str]
    corresponding: tuple[tuple[str, str, str, str], ...]
    income_sources: dict[str, str]
    header_words: tuple[str, ...]


@cache
def vocabulary() -> Vocabulary:
    data = yaml.safe_load(_VOCABULARY.read_text(encoding="utf-8"))
    kinds: dict[str, TableKind] = {}
    titles: list[tuple[str, str]] = []
    for code, spec in data["tables"].items():
        columns = tuple((c["label"], c["code"], c.get("side")) for c in spec.get("columns", []))
        kinds[code] = TableKind(
            code=code, titles=tuple(spec["titles"]), two_sided=bool(spec.get("two_sided")), columns=columns,
            relations=tuple((r["total"], tuple(r["parts"])) for r in spec.get("relations", [])),
            items=tuple((i["code"], tuple(i["labels"]), i["name"]) for i in spec.get("items", [])),
            item_relations=tuple((r["total"], tuple(r["parts"])) for r in spec.get("item_relations", [])))
        titles.extend((squeeze(t), code) for t in spec["titles"])
    titles.sort(key=lambda t: len(t[0]), reverse=True)
    return Vocabulary(kinds=kinds, titles=tuple(titles), row_starts=tuple(sorted(data["row_starts"], key=len, reverse=True)),
                      column_titles=data["column_titles"],
                      corresponding=tuple(tuple(c) for c in data["corresponding"]),
                      income_sources=data["income_sources"], header_words=tuple(data["header_words"]))


_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _SPACES.sub("", text).translate(_QUOTES)


@lru_cache(maxsize=1 << 14)  # asked of every row again while the tables are compared with each other
def name_key(name: str) -> str:
    return _LEVEL_SUFFIX.sub("", _ORDINAL.sub("", squeeze(name)))


def clean_name(name: str) -> str:
    """Row name as printed: line breaks and letter-spacing removed, without ordinal and （类）（款）（项）."""
    return _LEVEL_SUFFIX.sub("", _ORDINAL.sub("", _SPACES.sub("", name)))


def table_of_title(line: str) -> tuple[str, str] | None:
    """(table code, printed title) when a line is the title of a standard table (with any prefix: name, year, 公开01表)."""
    if "表" not in line or len(line) > 120:
        return None
    text = squeeze(line)
    if not text or len(text) > 80 or any(p in text for p in "。；，"):
        return None
    text = re.sub(r"[（(]?(?:公开)?(?:\d+|[一二三四五六七八九十]+)表[）)]?$|[（(]续表?[）)]$|续表$", "", text)
    for title, code in vocabulary().titles:
        if text.endswith(title):
            if _is_title_prefix(text[: -len(title)]):
                return code, line.strip()
    return None


_NUMBERING = re.compile(r"^(?:附表\d*|附件\d*|公开\d+表|表\d+|[一二三四五六七八九十]+、|\d{1,2}[.、])")
_ORGANISATION_END = "局委办部院会厅处室所站队心司行社团馆校署组"


def _is_title_prefix(prefix: str) -> bool:
    """What may stand before a standard title: numbering, the department's name, the year — not another subject
    (机关运行经费支出决算表 is not the 支出决算表)."""
    prefix = _NUMBERING.sub("", prefix)
    return (not prefix or bool(re.search(r"\d{4}年度?$", prefix)) or prefix[-1] in _ORGANISATION_END
            or prefix.endswith("部门"))


# ----------------------------------------------------------------------------- header → slots

def slots_from_labels(kind: TableKind, labels: list[str]) -> list[list[Slot]]:
    """The value columns a header prints, in order, per side (labels squeezed, in printed order)."""
    labels = _one_half(labels)
    sides: list[list[Slot]] = [[], []] if kind.two_sided else [[]]
    side = 0
    seen_name = 0
    for label in labels:
        if kind.two_sided and ("项目" in label or label in ("收入", "支出")):
            if label.startswith("项目"):
                seen_name += 1
                side = min(seen_name - 1, 1)
            continue
        code = match_column(kind, label, side)
        if code is None:
            continue
        sides[side].append(Slot(code, vocabulary().column_titles.get(code, label)))
    return sides


def _one_half(labels: list[str]) -> list[str]:
    """A table printed in two halves side by side (经济分类 left and right) has its header twice: read one."""
    half = len(labels) // 2
    if half and len(labels) % 2 == 0 and labels[:half] == labels[half:] and "项目" not in labels:
        return labels[:half]
    return labels


def match_column(kind: TableKind, label: str, side: int) -> str | None:
    best: tuple[int, str] | None = None
    for printed, code, on_side in kind.columns:
        if on_side is not None and on_side != side:
            continue
        if printed in label and (best is None or len(printed) > best[0]):
            best = (len(printed), code)
    return best[1] if best else None


def labels_in_text(kind: TableKind, header: str) -> list[str]:
    """Column labels found in a header read as one string (cells wrapped over lines), in printed order."""
    text = squeeze(header)
    found: list[tuple[int, int, str]] = []
    patterns = sorted({p for p, _, _ in kind.columns} | {"项目"}, key=len, reverse=True)
    taken = [False] * len(text)
    for pattern in patterns:
        for m in re.finditer(re.escape(pattern), text):
            if not any(taken[m.start():m.end()]):
                found.append((m.start(), m.end(), pattern))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    found.sort()
    return [p for _, _, p in found]


def labels_by_fragments(kind: TableKind, header: str) -> list[str]:
    """A header whose cells the converter cut and interleaved (每格 wrapped, lines mixed): a label is printed
    when its first characters are, and the columns stand in the template's order."""
    text = squeeze(header)
    found: list[str] = []
    codes: set[str] = set()
    for side in (0, 1) if kind.two_sided else (None,):
        if side is not None:
            found.append("项目")  # each side of a two-sided table starts with its 项目 column
        for printed, code, on_side in kind.columns:
            if on_side == side and code not in codes and printed[:3] in text:
                codes.add(code)
                found.append(printed)
    return found


def item_slots(kind: TableKind, header: str) -> list[Slot]:
    """Tables whose items are columns (三公): one (budget, final) pair per item the header prints, in template order.
    A header that prints as many pairs as the template has items has them all, however its item names wrapped."""
    text = squeeze(header)
    pairs = text.count(kind.columns[0][0])
    items = [item for item in kind.items
             if pairs == len(kind.items) or not text or any(label in text for label in item[1])]
    return [Slot(column, vocabulary().column_titles.get(column, printed), code, name)
            for code, _, name in items for printed, column, _ in kind.columns]


# ----------------------------------------------------------------------------- reading text

@dataclass
class _Line:
    text: str
    start: int
    number: int


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for n, line in enumerate(text.split("\n"), 1):
        out.append(_Line(line, pos, n))
        pos += len(line) + 1
    return out


def read_text_tables(text: str, page_starts: tuple[int, ...] = ()) -> list[ReadTable]:
    """Every standard table printed in a text: title, header, rows."""
    lines = _lines(text)
    starts = [(i, table_of_title(l.text)) for i, l in enumerate(lines)]
    starts = [(i, t) for i, t in starts if t]
    tables: list[ReadTable] = []
    for n, (i, (code, title)) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = lines[i + 1:end]
        body = body[:_region_end(body)]
        if not _has_header(body):
            continue
        previous = tables[-1] if tables and tables[-1].code == code else None
        table = _read_text_table(code, title, body, lines[i], page_starts)
        if previous is not None and previous.rows:  # the title repeated on a new page (续表): one table
            previous.rows.extend(table.rows)
            continue
        if previous is not None:
            tables.pop()
        tables.append(table)
    return tables


def _region_end(body: list[_Line]) -> int:
    for k, line in enumerate(body):
        t = squeeze(line.text)
        if re.match(r"^第[一二三四五六七八九十]+部分", t) or (t.endswith("情况说明") and _ORDINAL.match(t)):
            return k
    return len(body)


def _has_header(body: list[_Line]) -> bool:
    head = "".join(squeeze(l.text) for l in body[:6])
    return "单位" in head or "项目" in head or "科目" in head or "预算数" in head


_TOKEN = re.compile(r"\S+")


def _read_text_table(code: str, title: str, body: list[_Line], title_line: _Line, page_starts) -> ReadTable:
    kind = vocabulary().kinds[code]
    scale = Decimal(1)
    header_lines: list[_Line] = []
    data_from = len(body)
    for k, line in enumerate(body):
        t = squeeze(line.text)
        unit = _UNIT_LINE.search(line.text)
        if unit:
            scale = MONEY_UNITS[unit.group(1)]
            continue
        if _is_data_line(line.text, kind):
            data_from = k
            break
        header_lines.append(line)
    layout = _is_layout(header_lines)
    header = " ".join(_header_columns(header_lines) if layout else [l.text for l in header_lines])
    table = ReadTable(code, title, page_at(page_starts, title_line.start), scale, [], evidence=title_line.text.strip(),
                      start=title_line.start, end=(body[-1].start + len(body[-1].text)) if body else None)
    if kind.items:
        table.sides = [item_slots(kind, header)]
    else:
        table.sides = slots_from_labels(kind, labels_in_text(kind, header))
        # a header the converter cut and interleaved may read better by its labels' fragments
        by_fragments = slots_from_labels(kind, labels_by_fragments(kind, header))
        if sum(map(len, by_fragments)) > sum(map(len, table.sides)):
            table.sides = by_fragments
    table.rows = _text_rows(kind, body[data_from:], header, page_starts, layout, [len(x) for x in table.sides])
    if any("." in n.text for r in table.rows for n in r.numbers):
        for row in table.rows:  # a table printing cents prints no whole numbers: 18, 03 are codes cut from their row
            row.numbers = [n for n in row.numbers if "." in n.text or n.value == 0 and n.text == "0"]
    if layout:  # numbers printed on a line above their row come first: put each row's numbers in reading order
        for row in table.rows:
            row.numbers.sort(key=lambda n: n.position or 0)
            row.in_reading_order = True
    return table


_GAP = re.compile(r"\S+(?: \S+)*")


def _is_layout(header_lines: list[_Line]) -> bool:
    """Text that keeps columns as runs of spaces (pdftotext -layout): cells stand apart by wide gaps."""
    return sum(len(re.findall(r"\S {3,}\S", l.text)) for l in header_lines) >= 2


def _header_columns(header_lines: list[_Line]) -> list[str]:
    """A layout header's cells, wrapped over several lines, joined column by column (fragments that overlap in x)."""
    columns: list[list[tuple[int, int, str]]] = []
    for line in header_lines:
        for m in _GAP.finditer(line.text):
            fragment = (m.start(), m.end(), m.group())
            hit = next((c for c in columns if any(a < m.end() and m.start() < b for a, b, _ in c)), None)
            if hit is None:
                columns.append([fragment])
            else:
                hit.append(fragment)
    columns.sort(key=lambda c: min(a for a, _, _ in c))
    return ["".join(t for _, _, t in c) for c in columns]


def _is_data_line(text: str, kind: TableKind) -> bool:
    tokens = [t for t in text.split() if t not in ("类", "款", "项")]
    if not tokens:
        return False
    if tokens[0] in vocabulary().row_starts and all(_NUMBER.match(t) for t in tokens[1:]):
        return True  # 合计 on a line of its own, its numbers printed below it
    if _ORDINAL.match(tokens[0]):
        return True  # 一、… : header cells carry no ordinals
    if any(_NUMBER.match(t) and "." in t for t in tokens):
        return True
    return bool(_CODE_TOKEN.match(tokens[0])) and len(tokens) > 1


def _header_like(text: str, header: str) -> bool:
    """A header line repeated on a continuation page, a page number or a unit line: not part of the rows."""
    t = squeeze(text)
    if not t:
        return True
    if re.fullmatch(r"[-—–]?\d{1,3}[-—–]?|第\d+页(共\d+页)?|\d+/\d+", t) or _UNIT_LINE.search(text):
        return True
    if t.startswith(("注：", "注:", "说明：", "说明:", "备注")):
        return True
    words = vocabulary().header_words
    return len(t) >= 2 and t in squeeze(header) and any(w in t for w in words)


def _text_rows(kind: TableKind, body: list[_Line], header: str, page_starts, layout: bool,
               capacities: list[int]) -> list[PrintedRow]:
    """Rows from lines: a row starts at a code, an ordinal or a row word; wrapped names and numbers printed
    on a line of their own join the row they belong to (below it in plain text, above it in layout text)."""
    rows: list[PrintedRow] = []
    pending_text: list[tuple[str, int, int]] = []  # name fragments printed before their row's code
    pending_numbers: list[Number] = []  # numbers printed on a line above their row
    current: PrintedRow | None = None
    previous_line_rows: list[PrintedRow] = []
    for line in body:
        if _header_like(line.text, header) and not _is_data_line(line.text, kind):
            continue
        tokens = _strip_header_words([(m.group(), line.start + m.start(), line.start + m.end(), m.start())
                                      for m in _TOKEN.finditer(line.text)])
        if not tokens:
            continue
        numbers = [Number(t, parse_decimal(t), a, b, float(x + len(t)), line=line.number) for t, a, b, x in tokens
                   if _NUMBER.match(t) and t not in _DASH]
        if not _CODE_TOKEN.match(tokens[0][0]) and all(_NUMBER.match(t[0]) or t[0] in _DASH for t in tokens):
            if kind.items:  # a table whose items are columns prints one row of numbers
                if current is None:
                    current = PrintedRow(None, "", 0, start=line.start, line=line.number,
                                         page=page_at(page_starts, line.start))
                    rows.append(current)
                current.numbers.extend(numbers)
                current.end = tokens[-1][2]
            elif layout or current is None:
                pending_numbers.extend(numbers)
            elif not _distribute(previous_line_rows, numbers):
                current.numbers.extend(numbers)  # printed below its row's other cells
                current.end = tokens[-1][2]
            continue
        if layout and previous_line_rows and not any(_row_start(tokens, k, kind)[0] for k in range(len(tokens))):
            _attach_by_position(tokens, previous_line_rows)  # a wrapped cell continues the row above it
            continue
        line_rows: list[PrintedRow] = []
        k = 0
        while k < len(tokens):
            tok, a, b, x = tokens[k]
            starts_row, code, k_next = _row_start(tokens, k, kind)
            if starts_row and not (current is not None and code is None and not current.numbers
                                   and k == 0 and not _starts_labelled(tok)):
                current = PrintedRow(code, "", 0, start=a, end=b, line=line.number, page=page_at(page_starts, a),
                                     position=float(x))
                if kind.two_sided:
                    current.side = min(len(line_rows), 1)
                current.capacity = capacities[current.side] if current.side < len(capacities) else 0
                rows.append(current)
                line_rows.append(current)
                if pending_text and code is not None and not _name_follows(tokens, k_next):
                    current.name = "".join(p[0] for p in pending_text)
                    current.start = pending_text[0][1]
                pending_text = []
                if pending_numbers and not layout:
                    current.numbers.extend(pending_numbers)
                    pending_numbers = []
                if code is None:  # a labelled row: the token is the start of its name
                    current.name, k_next = tok, k + 1
                k = k_next
                continue
            if _NUMBER.match(tok) or tok in _DASH:
                if tok not in _DASH:
                    number = Number(tok, parse_decimal(tok), a, b, float(x + len(tok)), line=line.number)
                    if pending_text:  # the numbers of a name printed above its code go with it
                        pending_numbers.append(number)
                    elif current is not None:
                        current.numbers.append(number)
                if current is not None and not pending_text:
                    current.end = b
                k += 1
                continue
            # a name fragment
            if current is not None and (not current.name or not current.numbers or line_rows):
                current.name += tok
                current.end = max(current.end or b, b)
            elif current is not None and kind.two_sided:
                current = PrintedRow(None, tok, min(len(line_rows), 1), start=a, end=b, line=line.number,
                                     page=page_at(page_starts, a), position=float(x))
                rows.append(current)
                line_rows.append(current)
            else:
                pending_text.append((tok, a, b))
            k += 1
        if pending_numbers and line_rows:
            for n in pending_numbers:
                left = [r for r in line_rows if (r.position or 0) <= (n.position or 0)]
                (left[-1] if left else line_rows[0]).numbers.append(n)
            pending_numbers = []
        previous_line_rows = line_rows
    for row in rows:
        row.name = clean_name(row.name)
        if kind.two_sided:
            row.side = _side_of(row)
    return [r for r in rows if r.name or r.code or kind.items]


def _attach_by_position(tokens, rows: list[PrintedRow]) -> None:
    """Layout text: each fragment of a line that starts no row belongs to the row above whose cells start at or
    left of it — the rest of its name, or the 款/项 of its code printed on the next line."""
    for tok, a, b, x in tokens:
        left = [r for r in rows if (r.position or 0) <= x]
        row = left[-1] if left else rows[0]
        if _CODE_PART.match(tok) and row.code and len(row.code) in (3, 5) and not row.name:
            row.code += tok
        elif _NUMBER.match(tok) and tok not in _DASH:
            row.numbers.append(Number(tok, parse_decimal(tok), a, b, float(x + len(tok))))
        elif tok not in _DASH:
            row.name += tok
        row.end = max(row.end or b, b)


def _distribute(line_rows: list[PrintedRow], numbers: list[Number]) -> bool:
    """Numbers printed below a line of several rows: give them out left to right when only one split leaves
    no row of that line without a number (each row takes at most one number per column of its side)."""
    if len(line_rows) < 2 or any(r.numbers for r in line_rows) or len(numbers) < len(line_rows):
        return False
    if len(line_rows) != 2:
        if len(numbers) != len(line_rows):
            return False
        for r, n in zip(line_rows, numbers):
            r.numbers.append(n)
        return True
    first, second = line_rows
    capacity = first.capacity or 1
    splits = [i for i in range(1, len(numbers)) if i <= capacity and len(numbers) - i <= (second.capacity or 1)]
    if len(splits) != 1:
        return False
    first.numbers.extend(numbers[:splits[0]])
    second.numbers.extend(numbers[splits[0]:])
    return True


def _strip_header_words(tokens):
    """Drop the 类 款 项 column heads printed on the first data line."""
    while tokens and tokens[0][0] in ("类", "款", "项"):
        tokens = tokens[1:]
    return tokens


def _starts_labelled(tok: str) -> bool:
    return bool(_ORDINAL.match(tok)) or any(tok.startswith(w) for w in vocabulary().row_starts)


def _row_start(tokens, k: int, kind: TableKind) -> tuple[bool, str | None, int]:
    """Whether token k starts a row; its code (digits joined) and the index after the code."""
    tok = tokens[k][0]
    if _CODE_TOKEN.match(tok):
        code, j = tok, k + 1
        if len(tok) == 3:
            while j < len(tokens) and _CODE_PART.match(tokens[j][0]) and len(code) < 7:
                code += tokens[j][0]
                j += 1
        return True, code, j
    if _starts_labelled(tok):
        return True, None, k
    return False, None, k


def _name_follows(tokens, k: int) -> bool:
    return k < len(tokens) and not (_NUMBER.match(tokens[k][0]) or tokens[k][0] in _DASH)


def _side_of(row: PrintedRow) -> int:
    name = row.name
    if any(w in name for w in ("支出", "年末", "结余分配")):
        return 1
    if any(w in name for w in ("收入", "年初", "使用非财政拨款结余", "财政拨款", "用事业基金")):
        return 0
    return row.side


# ----------------------------------------------------------------------------- reading a PDF's grids

def read_layout_tables(layout: tuple[LayoutTable, ...]) -> list[ReadTable]:
    """Tables from the page layout: every cell in its grid column, blank cells in place."""
    tables: list[ReadTable] = []
    previous_width = None
    for grid in layout:
        found = None
        for line in grid.text_above.split("\n"):
            found = table_of_title(line) or found
        scale = Decimal(1)
        unit = _UNIT_LINE.search(grid.text_above)
        if unit:
            scale = MONEY_UNITS[unit.group(1)]
        width = max((len(r) for r in grid.rows), default=0)
        if found is None and tables and previous_width == width:
            _grid_rows(tables[-1], grid, continuation=True)
            continue
        found = found or _other_title(grid.text_above)
        if found is None:
            continue
        code, title = found
        table = ReadTable(code, title, grid.page, scale, [], evidence=title)
        _grid_rows(table, grid, continuation=False)
        tables.append(table)
        previous_width = width
    return tables


def _other_title(text_above: str) -> tuple[str, str] | None:
    """A table that is none of the standard ones (项目支出, 机关运行经费, 政府采购 …): titled by a short line ending in 表."""
    for line in reversed([l.strip() for l in text_above.split("\n") if l.strip()]):
        flat = squeeze(line)
        if flat.endswith("表") and len(flat) <= 40 and not any(p in flat for p in "。；，：:"):
            return "other", line
    return None


@dataclass
class _GridColumns:
    code_columns: list[int]
    name_columns: list[int]
    value_columns: dict[int, tuple[int, int]]  # grid column → (side, slot index)


def _grid_rows(table: ReadTable, grid: LayoutTable, continuation: bool) -> None:
    kind = vocabulary().kinds[table.code]
    rows = [list(r) for r in grid.rows]
    first_data = next((i for i, r in enumerate(rows) if _grid_data_row(r)), len(rows))
    if not continuation:
        header = rows[:first_data]
        if first_data < len(rows):  # the 类 款 项 heads printed on the first data row (beside 合计)
            heads = [c if c in ("类", "款", "项") else None for c in rows[first_data]]
            if any(heads):
                header = [*header, heads]
                rows[first_data] = [None if h else c for c, h in zip(rows[first_data], heads)]
        table.grid = _grid_columns(kind, table, header, len(rows[0]) if rows else 0)
        rows = rows[first_data:]
    if table.grid is None:
        return
    for r in rows:
        table.rows.extend(_grid_segments(kind, table.grid, r, grid.page))


def _grid_data_row(row: list[str | None]) -> bool:
    cells = [squeeze(c or "") for c in row]
    if any(_NUMBER.match(c) and "." in c for c in cells):
        return True
    return any(_CODE_TOKEN.match(c) for c in cells)


def _grid_columns(kind: TableKind, table: ReadTable, header: list[list[str | None]], width: int) -> _GridColumns:
    labels: list[str] = []
    for c in range(width):
        parts = [squeeze(row[c]) for row in header if c < len(row) and row[c]]
        labels.append("|".join(parts))
    code_columns, name_columns, value_columns = [], [], {}
    if kind.items:
        item = None
        slots: list[Slot] = []
        for c, label in enumerate(labels):
            found = None
            cells = label.split("|")
            for icode, ilabels, iname in kind.items:
                printed = next((x for x in cells if x in ilabels), None)
                if printed:
                    found = (icode, iname if printed == "小计" else printed)
            if found:
                item = found
            column = match_column(kind, label, 0)
            if column and item:
                value_columns[c] = (0, len(slots))
                slots.append(Slot(column, vocabulary().column_titles.get(column, column), item[0], item[1]))
        table.sides = [slots]
        return _GridColumns(code_columns, name_columns, value_columns)
    sides: list[list[Slot]] = [[], []] if kind.two_sided else [[]]
    side = -1 if kind.two_sided else 0
    for c, label in enumerate(labels):
        cells = label.split("|")
        bottom = cells[-1] if cells else ""
        if bottom in ("类", "款", "项") or any("编码" in x for x in cells):
            code_columns.append(c)
            continue
        column = match_column(kind, label, max(side, 0))
        if kind.two_sided and "项目" in cells and column is None:  # each side starts with its 项目 column
            side = min(side + 1, 1)
            name_columns.append(c)
            continue
        if column is None:
            if any(x in ("科目名称", "项目", "名称") for x in cells):
                name_columns.append(c)
            elif not label:
                continue
            elif label:
                s = max(side, 0)
                value_columns[c] = (s, len(sides[s]))
                sides[s].append(Slot("other", label.replace("|", "")))
            continue
        s = max(side, 0)
        value_columns[c] = (s, len(sides[s]))
        sides[s].append(Slot(column, vocabulary().column_titles.get(column, bottom)))
    table.sides = sides
    return _GridColumns(code_columns, name_columns, value_columns)


def _grid_segments(kind: TableKind, columns: _GridColumns, row: list[str | None], page: int) -> list[PrintedRow]:
    """One grid row → printed rows: a table printed in halves (经济分类, 收入|支出) holds two rows side by side."""
    out: list[PrintedRow] = []
    for side, group in enumerate(_column_groups(columns)):
        code, name, numbers = "", "", []
        for c in group:
            cell = row[c] if c < len(row) else None
            if cell is None:  # covered by a merged cell to its left or above
                continue
            text = cell.strip()
            if c in columns.value_columns:
                value = squeeze(text)
                if value and value not in _DASH and _NUMBER.match(value):
                    numbers.append(Number(value, parse_decimal(value), slot=columns.value_columns[c][1]))
            elif c in columns.code_columns and re.fullmatch(r"[\d\s]*", text):
                code += re.sub(r"\D", "", text)
            else:  # the name, or a label (合计) spanning the code cells
                name += text
        printed = PrintedRow(code or None, clean_name(name), min(side, 1) if kind.two_sided else 0,
                             numbers, page=page)
        if printed.name or printed.code or (kind.items and numbers):
            out.append(printed)
    return out


def _column_groups(columns: _GridColumns) -> list[list[int]]:
    """Grid columns split where a code or name column follows a value column: one group per printed half."""
    groups: list[list[int]] = [[]]
    last_was_value = False
    for c in sorted([*columns.code_columns, *columns.name_columns, *columns.value_columns]):
        is_value = c in columns.value_columns
        if not is_value and last_was_value:
            groups.append([])
        groups[-1].append(c)
        last_was_value = is_value
    return groups


def _locate_rows(tables: list[ReadTable], text: str, page_starts: tuple[int, ...]) -> None:
    """Give a PDF table's rows their evidence in the page text: the first line on the row's page, after the
    previous row, that prints the row's code (or name) and its first number."""
    lines = _lines(text)
    cursor = 0
    for table in tables:
        for row in table.rows:
            if not row.numbers or row.page is None or row.page > len(page_starts):
                continue
            first = page_starts[row.page - 1]
            end = page_starts[row.page] if row.page < len(page_starts) else len(text)
            cursor = max(cursor, first)
            label = (row.code[:3] if row.code else squeeze(row.name)[:4])
            for line in lines:
                if line.start < cursor or line.start >= end:
                    continue
                flat = squeeze(line.text)
                if row.numbers[0].text in line.text and (flat.startswith(label) if row.code else label in flat):
                    row.start, row.end, row.line = line.start, line.start + len(line.text), line.number
                    cursor = line.start
                    break


# ----------------------------------------------------------------------------- assigning columns

def _row_relations(kind: TableKind, slots: list[Slot]) -> list[tuple[int, list[int]]]:
    index = {(s.item, s.column_code): i for i, s in enumerate(slots)}
    out = []
    for total, parts in kind.relations:
        for item in {s.item for s in slots}:
            if (item, total) in index:
                out.append((index[(item, total)], [index[(item, p)] for p in parts if (item, p) in index]))
    for total, parts in kind.item_relations:
        for column in {s.column_code for s in slots}:
            if (total, column) in index:
                out.append((index[(total, column)], [index[(p, column)] for p in parts if (p, column) in index]))
    return [(t, p) for t, p in out if p]


def _values(row: PrintedRow, cand: tuple[int, ...]) -> dict[int, Decimal]:
    return {slot: n.value for slot, n in zip(cand, row.numbers)}


def _holds(total: Decimal | None, parts: list[Decimal]) -> bool:
    """total = Σ parts within rounding (0.01 per addend); a blank total holds only blank/zero parts."""
    if total is None:
        return all(p == 0 for p in parts)
    if not parts:
        return total == 0
    return abs(total - sum(parts, Decimal(0))) <= Decimal("0.01") * max(len(parts), 1)


def _row_candidates(kind: TableKind, row: PrintedRow, slots: list[Slot]) -> list[tuple[int, ...]]:
    n, m = len(row.numbers), len(slots)
    if n == 0:
        return [()]
    if all(x.slot is not None for x in row.numbers):
        return [tuple(x.slot for x in row.numbers)]
    if n > m:
        return []
    relations = _row_relations(kind, slots)
    out = []
    for order in _reading_orders(row):
        for chosen in itertools.combinations(range(m), n):
            cand = [0] * n
            for index, slot in zip(order, chosen):
                cand[index] = slot
            vals = _values(row, tuple(cand))
            if all(_holds(vals.get(t), [vals[p] for p in parts if p in vals]) for t, parts in relations):
                out.append(tuple(cand))
    return sorted(set(out))


def _reading_orders(row: PrintedRow) -> list[list[int]]:
    """Left-to-right orders the row's numbers can have: within a line as printed; a row whose numbers stand
    on two or three lines (another baseline) may read its lines in any order."""
    groups: dict[int | None, list[int]] = {}
    for i, n in enumerate(row.numbers):
        groups.setdefault(n.line, []).append(i)
    blocks = list(groups.values())
    if row.in_reading_order or len(blocks) == 1 or len(blocks) > 3:
        return [list(range(len(row.numbers)))]
    return [[i for block in perm for i in block] for perm in itertools.permutations(blocks)]


def assign_columns(tables: list[ReadTable]) -> None:
    """Give every row its candidate column assignments and narrow them by arithmetic and the other tables."""
    for table in tables:
        kind = vocabulary().kinds[table.code]
        for row in table.rows:
            slots = table.sides[row.side] if row.side < len(table.sides) else []
            row.candidates = _row_candidates(kind, row, slots)
            if len(row.candidates) == 1 and row.numbers and row.numbers[0].slot is None:
                row.how = "printed" if len(row.numbers) == len(slots) else "arithmetic"
            elif row.numbers and row.numbers[0].slot is not None:
                row.how = "position"
    for _ in range(6):
        changed = False
        for table in tables:
            changed |= _narrow_by_hierarchy(table)
        changed |= _narrow_by_other_tables(tables)
        if not changed:
            break


def _groups(table: ReadTable) -> list[tuple[PrintedRow, list[PrintedRow]]]:
    """(parent, children) pairs: 类 → 款 → 项 by code, and the 合计 row over the 类 rows."""
    out = []
    for side in range(len(table.sides)):
        rows = [r for r in table.rows if r.side == side]
        under: dict[str, list[PrintedRow]] = {}  # code → the rows whose code extends it by two digits
        for r in rows:
            if r.code:
                under.setdefault(r.code[:-2], []).append(r)
        for parent in rows:
            if parent.code:
                kids = under.get(parent.code, [])
            elif parent.name in ("合计", "本年支出合计", "本年收入合计") and not table.code.endswith("summary"):
                kids = [r for r in rows if r.code and len(r.code) == 3]
            elif parent.name == "本年支出合计" and side == 1:
                kids = [r for r in rows if r.name.endswith("支出") and r is not parent and r.code is None
                        and "合计" not in r.name]
            else:
                continue
            if kids:
                out.append((parent, kids))
    return out


def _narrow_by_hierarchy(table: ReadTable) -> bool:
    changed = False
    for parent, kids in _groups(table):
        if len(parent.candidates) != 1:
            continue
        pvals = _values(parent, parent.candidates[0])
        nslots = len(table.sides[parent.side])
        for kid in kids:  # a column blank in the parent is blank in every child
            keep = [c for c in kid.candidates if all(s in pvals for s, n in zip(c, kid.numbers) if n.value != 0)]
            if keep and len(keep) < len(kid.candidates):
                kid.candidates, kid.how, changed = keep, "arithmetic", True
        open_kids = [k for k in kids if len(k.candidates) > 1]
        if not open_kids:
            continue
        size = 1
        for k in open_kids:
            size *= len(k.candidates)
        if size > _MAX_COMBINATIONS or any(not k.candidates for k in kids):
            continue
        fixed = [k for k in kids if len(k.candidates) == 1]
        surviving = []
        for combo in itertools.product(*(k.candidates for k in open_kids)):
            total = {s: Decimal(0) for s in range(nslots)}
            count = {s: 0 for s in range(nslots)}
            for k, cand in [*((k, k.candidates[0]) for k in fixed), *zip(open_kids, combo)]:
                for s, v in _values(k, cand).items():
                    total[s] += v
                    count[s] += 1
            if all(_holds(pvals.get(s), [total[s]] if count[s] else []) if count[s] else True for s in range(nslots)):
                if all(abs(total[s] - pvals[s]) <= Decimal("0.01") * max(count[s], 1) for s in pvals if count[s]):
                    surviving.append(combo)
        if not surviving:
            continue
        for i, k in enumerate(open_kids):
            keep = sorted({combo[i] for combo in surviving})
            if len(keep) < len(k.candidates):
                k.candidates, k.how, changed = keep, "arithmetic", True
    return changed


def _expected(tables: list[ReadTable]) -> dict[tuple[str, int, str, str], Decimal | None]:
    """(table, side, row key, column) → the figure another table states for that cell (None: printed blank there)."""
    voc = vocabulary()
    resolved: dict[tuple[str, str, str], Decimal] = {}
    by_code = {t.code: t for t in tables}
    for t in tables:
        for row in t.rows:
            if len(row.candidates) == 1:
                slots = t.sides[row.side]
                for s, v in _values(row, row.candidates[0]).items():
                    for key in {row.key, name_key(row.name)}:
                        resolved.setdefault((t.code, key, slots[s].column_code), v)
    partners: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (table, column) → its corresponding cells
    for a_table, a_col, b_table, b_col in voc.corresponding:
        partners.setdefault((a_table, a_col), []).append((b_table, b_col))
    out: dict[tuple[str, int, str, str], Decimal | None] = {}
    for t in tables:
        for row in t.rows:
            for s in (t.sides[row.side] if row.side < len(t.sides) else []):
                for b_table, b_col in partners.get((t.code, s.column_code), ()):
                    if b_table not in by_code:
                        continue
                    other = by_code[b_table]
                    if not any(r.numbers for r in other.rows):
                        out[(t.code, row.side, row.key, s.column_code)] = None
                    else:
                        found = [resolved[k] for k in ((b_table, row.key, b_col), (b_table, name_key(row.name), b_col))
                                 if k in resolved]
                        if found:
                            out[(t.code, row.side, row.key, s.column_code)] = found[0]
            if t.code == "income" and row.code is None and "summary" in by_code:
                for column, source in voc.income_sources.items():
                    summary_rows = [r for r in by_code["summary"].rows if r.side == 0 and name_key(r.name) == source]
                    if summary_rows and len(summary_rows[0].candidates) == 1:
                        vals = _values(summary_rows[0], summary_rows[0].candidates[0])
                        out[(t.code, 0, row.key, column)] = next(iter(vals.values()), None)
    return out


def _narrow_by_other_tables(tables: list[ReadTable]) -> bool:
    expected = _expected(tables)
    changed = False
    for t in tables:
        for row in t.rows:
            if len(row.candidates) <= 1:
                continue
            slots = t.sides[row.side]
            scores = []
            for cand in row.candidates:
                vals = _values(row, cand)
                agree = 0
                for s, slot in enumerate(slots):
                    key = (t.code, row.side, row.key, slot.column_code)
                    if key in expected and expected[key] == vals.get(s):
                        agree += 1
                scores.append(agree)
            best = max(scores)
            winners = [c for c, sc in zip(row.candidates, scores) if sc == best]
            if best > 0 and len(winners) < len(row.candidates):
                row.candidates, row.how, changed = winners, "cross_table", True
    return changed


# ----------------------------------------------------------------------------- cells

def read_statement_tables(text: str, layout: tuple[LayoutTable, ...] = (), page_starts: tuple[int, ...] = ()) -> StatementReading:
    """Every standard table of a document: the tables found, their cells, and the numbers set aside."""
    if layout:
        tables = read_layout_tables(layout)
        _locate_rows(tables, text, page_starts)
    else:
        tables = read_text_tables(text, page_starts)
    assign_columns(tables)
    reading = StatementReading()
    seen: set[str] = set()
    for table in tables:
        has_data = any(r.numbers for r in table.rows)
        if table.code != "other" and table.code in seen:
            continue
        seen.add(table.code)
        for number, row in enumerate(table.rows, 1):
            _cells_of_row(table, row, number, text, reading)
        located = [r for r in table.rows if r.start is not None and r.end is not None]
        start = table.start if table.start is not None else min((r.start for r in located), default=None)
        end = max([x for x in (table.end, *(r.end for r in located)) if x is not None], default=None)
        reading.tables.append(StatementTable(table.code, table.title, "data" if has_data else "empty", table.page,
                                             _unit_name(table.scale), table.evidence, start, end))
    return reading


def _unit_name(scale: Decimal) -> str:
    return next(u for u, f in MONEY_UNITS.items() if f == scale)


def _cells_of_row(table: ReadTable, row: PrintedRow, number: int, text: str, reading: StatementReading) -> None:
    if not row.numbers:
        return
    slots = table.sides[row.side] if row.side < len(table.sides) else []
    # the row as printed: its code and name and every number it took, over the lines they stand on
    starts = [x for x in (row.start, *(n.start for n in row.numbers)) if x is not None]
    ends = [x for x in (row.end, *(n.end for n in row.numbers)) if x is not None]
    if starts and ends and text:
        row.start, row.end = min(starts), max(ends)
    evidence = text[row.start:row.end] if row.start is not None and row.end is not None and text else ""
    if not evidence:
        evidence = " ".join(x for x in [row.code or "", row.name, *(n.text for n in row.numbers)] if x)
    undetermined = []
    for i, n in enumerate(row.numbers):
        columns = {c[i] for c in row.candidates}
        if len(columns) != 1:
            undetermined.append(n)
            continue
        slot = slots[columns.pop()]
        reading.cells.append(StatementCell(
            table_code=table.code, table_title=table.title, row_code=row.code,
            row_name=slot.item_name or row.name, column_code=slot.column_code, column_title=slot.column_title,
            value=n.value * table.scale, evidence=evidence, evidence_start=row.start, evidence_end=row.end,
            page=row.page, line=row.line, row_number=number, how=row.how))
    if undetermined:
        reason = ("no column arrangement of these numbers fits the row's arithmetic" if not row.candidates else
                  f"{len(row.candidates)} column arrangements fit the row's arithmetic, its parent and the other tables")
        reading.set_aside.append(SetAsideCell(
            table.code, table.title, row.code, row.name, " ".join(n.text for n in undetermined),
            f"column not determined: {reason}", evidence, row.start, row.end, row.page, row.line))
