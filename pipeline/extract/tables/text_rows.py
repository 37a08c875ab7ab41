"""Printed rows from converted text: a row starts at a code, an ordinal or a row word; wrapped names and
numbers printed on a line of their own join the row they belong to."""
from __future__ import annotations

import re
from decimal import Decimal

from pipeline.extract.tables.header import (
    header_columns,
    is_layout,
    is_sub_column,
    item_slots,
    labels_by_columns,
    labels_by_fragments,
    labels_in_text,
    slots_from_labels,
)
from pipeline.extract.tables.kinds import TableKind, vocabulary
from pipeline.extract.tables.model import (
    CODE_PART,
    CODE_TOKEN,
    DASH,
    NUMBER,
    ORDINAL,
    UNIT_LINE,
    Line,
    Number,
    PrintedRow,
    ReadTable,
    SECTION_HEADINGS,
    clean_name,
    side_of_row,
    squeeze,
    text_lines,
)
from pipeline.extract.tables.titles import same_title, title_of_any_table
from pipeline.ingest.reader import page_at
from pipeline.text.amounts import MONEY_UNITS, parse_decimal

# Text keeps no column positions: a table the vocabulary does not describe cannot have its numbers placed.
OTHER_TABLE_IN_TEXT = "not one of the standard tables, and text does not show which column a number stands in"


def read_text_tables(text: str, page_starts: tuple[int, ...] = ()) -> list[ReadTable]:
    """Every titled table printed in a text: title, header, rows. A table is read up to the next title, so
    the rows of a table that is none of the standard ones never join the table before it."""
    lines = text_lines(text)
    starts = [(i, title_of_any_table(l.text)) for i, l in enumerate(lines)]
    starts = [(i, t) for i, t in starts if t]
    tables: list[ReadTable] = []
    for n, (i, (code, title)) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = lines[i + 1:end]
        body = body[:_region_end(body)]
        if not _has_header(body):
            continue
        previous = tables[-1] if tables and same_title(tables[-1], code, title) else None
        table = _read_text_table(code, title, body, lines[i], page_starts, previous.section if previous else None)
        if code == "other":
            table.unread = OTHER_TABLE_IN_TEXT
        if previous is not None and previous.rows:  # the title repeated on a new page (续表): one table
            previous.rows.extend(table.rows)
            previous.section = table.section
            continue
        if previous is not None:
            tables.pop()
        tables.append(table)
    return tables


def _region_end(body: list[Line]) -> int:
    for k, line in enumerate(body):
        t = squeeze(line.text)
        if re.match(r"^第[一二三四五六七八九十]+部分", t) or (t.endswith("情况说明") and ORDINAL.match(t)):
            return k
    return len(body)


def _has_header(body: list[Line]) -> bool:
    head = "".join(squeeze(l.text) for l in body[:6])
    return "单位" in head or "项目" in head or "科目" in head or "预算数" in head


_TOKEN = re.compile(r"\S+")


def _read_text_table(code: str, title: str, body: list[Line], title_line: Line, page_starts,
                     section: int | None = None) -> ReadTable:
    """One table's header and rows; a continuation page (续表) goes on under the 收入/支出 heading in force."""
    kind = vocabulary().kinds[code]
    scale = Decimal(1)
    header_lines: list[Line] = []
    data_from = len(body)
    for k, line in enumerate(body):
        unit = UNIT_LINE.search(line.text)
        if unit:
            scale = MONEY_UNITS[unit.group(1)]
            continue
        if _is_data_line(line.text, kind) or kind.two_sided and squeeze(line.text) in SECTION_HEADINGS:
            data_from = k  # the rows begin (a summary printed one-sided begins with its 收入 heading)
            break
        header_lines.append(line)
    layout = is_layout(header_lines)
    header = " ".join(header_columns(header_lines) if layout else [l.text for l in header_lines])
    table = ReadTable(code, title, page_at(page_starts, title_line.start), scale, [], evidence=title_line.text.strip(),
                      start=title_line.start, end=(body[-1].start + len(body[-1].text)) if body else None)
    if kind.items:
        table.sides = [item_slots(kind, header)]
    elif len(header_lines) > 1 and not layout and (unknown := [l for l in labels_in_text(kind, header)
                                                              if is_sub_column(l)]):
        table.unread = (f"its header has a column the vocabulary does not know ({'、'.join(unknown)}), and a "
                        f"header wrapped over lines does not show where it stands")
    else:
        labels = labels_in_text(kind, header)
        table.sides = slots_from_labels(kind, labels)
        # a header the converter cut and interleaved may read better by its labels' fragments (the template's
        # order), unless it prints a column the template does not have
        by_fragments = slots_from_labels(kind, labels_by_fragments(kind, header))
        if sum(map(len, by_fragments)) > sum(map(len, table.sides)) and not any(map(is_sub_column, labels)):
            table.sides = by_fragments
        # cells wrapped onto the next line, column by column (本年支 / 出合计): printed order, every cell known
        by_columns = slots_from_labels(kind, labels_by_columns(kind, [l.text for l in header_lines]))
        if not layout and not kind.two_sided and _codes(by_columns) > _codes(table.sides):
            table.sides = by_columns
    one_sided = kind.two_sided and labels_in_text(kind, header).count("项目") <= 1  # 收入 rows, then 支出 rows
    table.rows, table.section = _text_rows(kind, body[data_from:], header, page_starts, layout,
                                           [len(x) for x in table.sides], one_sided, section)
    if any("." in n.text for r in table.rows for n in r.numbers):
        for row in table.rows:  # a table printing cents prints no whole numbers: 18, 03 are codes cut from their row
            row.numbers = [n for n in row.numbers if "." in n.text or n.value == 0 and n.text == "0"]
    if layout:  # numbers printed on a line above their row come first: put each row's numbers in reading order
        for row in table.rows:
            row.numbers.sort(key=lambda n: n.position or 0)
            row.in_reading_order = True
    return table


def _codes(sides: list[list]) -> set[str]:
    return {slot.column_code for side in sides for slot in side}


def _is_data_line(text: str, kind: TableKind) -> bool:
    tokens = [t for t in text.split() if t not in ("类", "款", "项")]
    if not tokens:
        return False
    if tokens[0] in vocabulary().row_starts and all(NUMBER.match(t) for t in tokens[1:]):
        return True  # 合计 on a line of its own, its numbers printed below it
    if ORDINAL.match(tokens[0]):
        return True  # 一、… : header cells carry no ordinals
    if any(NUMBER.match(t) and "." in t for t in tokens):
        return True
    return bool(CODE_TOKEN.match(tokens[0])) and len(tokens) > 1


def _header_like(text: str, header: str) -> bool:
    """A header line repeated on a continuation page, a page number or a unit line: not part of the rows."""
    t = squeeze(text)
    if not t:
        return True
    if re.fullmatch(r"[-—–]?[0-9]{1,3}[-—–]?|第[0-9]+页(共[0-9]+页)?|[0-9]+/[0-9]+", t) or UNIT_LINE.search(text):
        return True
    if t.startswith(("注：", "注:", "说明：", "说明:", "备注")):
        return True
    words = vocabulary().header_words
    return len(t) >= 2 and t in squeeze(header) and any(w in t for w in words)


def _next_words(body: list[Line]) -> list[str]:
    """For each line, the first word of the next line that prints one (one pass from the end)."""
    out, following = [], ""
    for line in reversed(body):
        out.append(following)
        words = line.text.split(maxsplit=1)
        following = words[0] if words else following
    return out[::-1]


def _code_alone(text: str, following: str) -> bool:
    """A class code printed alone on its line (302), its 款 digits or its name on the next: not a page number."""
    return bool(CODE_TOKEN.match(text.strip())) and bool(following) and (
        bool(CODE_PART.match(following)) or not NUMBER.match(following))


def _wraps_code(text: str, following: str, row: PrintedRow | None, layout: bool) -> bool:
    """Two digits alone on a line below a row whose code stops at 类 or 款: the rest of its code when they stand
    in its code column (layout text), or when the row has printed no number yet and a name fragment follows
    (a page number has no name below it)."""
    if not CODE_PART.match(text.strip()) or row is None or not row.code or len(row.code) not in (3, 5):
        return False
    if layout:
        indent = len(text) - len(text.lstrip())
        return row.name_position is not None and (row.position or 0) <= indent < row.name_position
    return not row.numbers and bool(following) and not NUMBER.match(following)


def _text_rows(kind: TableKind, body: list[Line], header: str, page_starts, layout: bool,
               capacities: list[int], one_sided: bool = False,
               section: int | None = None) -> tuple[list[PrintedRow], int | None]:
    """Rows from lines: a row starts at a code, an ordinal or a row word; wrapped names and numbers printed
    on a line of their own join the row they belong to (below it in plain text, above it in layout text)."""
    rows: list[PrintedRow] = []
    pending_text: list[tuple[str, int, int]] = []  # name fragments printed before their row's code
    pending_numbers: list[Number] = []  # numbers printed on a line above their row
    current: PrintedRow | None = None
    previous_line_rows: list[PrintedRow] = []
    for line, following in zip(body, _next_words(body)):
        if one_sided and squeeze(line.text) in SECTION_HEADINGS:
            section = SECTION_HEADINGS[squeeze(line.text)]
            continue
        if _wraps_code(line.text, following, current, layout):  # 302 … 支 / 99 / 出 11.53: its 项 digits
            current.code += line.text.strip()
            continue
        if (_header_like(line.text, header) and not _is_data_line(line.text, kind)
                and not _code_alone(line.text, following)):
            continue
        tokens = _strip_header_words([(m.group(), line.start + m.start(), line.start + m.end(), m.start())
                                      for m in _TOKEN.finditer(line.text)])
        if not tokens:
            continue
        numbers = [Number(t, parse_decimal(t), a, b, float(x + len(t)), line=line.number) for t, a, b, x in tokens
                   if NUMBER.match(t) and t not in DASH]
        if not CODE_TOKEN.match(tokens[0][0]) and all(NUMBER.match(t[0]) or t[0] in DASH for t in tokens):
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
                if len(previous_line_rows) > 1 and not kind.two_sided:  # below several rows: whose?
                    for row in previous_line_rows:
                        row.doubt = SEVERAL_ROWS_WRAPPED
                current.numbers.extend(numbers)  # printed below its row's other cells
                current.end = tokens[-1][2]
            continue
        starts_no_row = not any(_row_start(tokens, k, kind)[0] for k in range(len(tokens)))
        if layout and previous_line_rows and starts_no_row:
            _attach_by_position(tokens, previous_line_rows)  # a wrapped cell continues the row above it
            continue
        if (len(previous_line_rows) > 1 and starts_no_row and not kind.two_sided
                and any(not r.name for r in previous_line_rows)):
            _continue_rows(previous_line_rows, tokens, line.number)  # several codes, their cells on this line
            continue
        line_rows: list[PrintedRow] = []
        text_before, numbers_before = len(pending_text), len(pending_numbers)
        k = 0
        while k < len(tokens):
            tok, a, b, x = tokens[k]
            if (k == 0 and not line_rows and CODE_PART.match(tok) and current is not None and current.code
                    and len(current.code) in (3, 5) and not current.name and not current.numbers):
                current.code += tok  # 310 / 01 房屋建筑物购建: the 款 digits begin the line below the code
                k += 1
                continue
            starts_row, code, k_next = _row_start(tokens, k, kind)
            if starts_row and not (current is not None and code is None and not current.numbers
                                   and k == 0 and not _starts_labelled(tok)):
                current = PrintedRow(code, "", 0, start=a, end=b, line=line.number, page=page_at(page_starts, a),
                                     position=float(x))
                if kind.two_sided:
                    current.side = min(len(line_rows), 1) if section is None else section
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
            if NUMBER.match(tok) or tok in DASH:
                if tok not in DASH:
                    number = Number(tok, parse_decimal(tok), a, b, float(x + len(tok)), line=line.number)
                    if pending_text:  # the numbers of a name printed above its code go with it
                        pending_numbers.append(number)
                    elif current is not None:
                        current.numbers.append(number)
                if current is not None and not pending_text:
                    current.end = b
                k += 1
                continue
            # a name fragment: after the numbers of a two-sided table's left row, the right row's name
            if kind.two_sided and not one_sided and line_rows == [current] and current.numbers:
                current = PrintedRow(None, tok, 1, start=a, end=b, line=line.number, page=page_at(page_starts, a),
                                     position=float(x))
                rows.append(current)
                line_rows.append(current)
            elif current is not None and (not current.name or not current.numbers or line_rows
                                          or one_sided and not numbers):  # 十九、住房保障支 29.42 / 出
                if not current.name:
                    current.name_position = float(x)
                current.name += tok
                current.end = max(current.end or b, b)
            elif current is not None and kind.two_sided:
                side = min(len(line_rows), 1) if section is None else section
                current = PrintedRow(None, tok, side, start=a, end=b, line=line.number,
                                     page=page_at(page_starts, a), position=float(x))
                rows.append(current)
                line_rows.append(current)
            else:
                pending_text.append((tok, a, b))
            k += 1
        if not layout and not line_rows and text_before == 0 and len(pending_text) > 0 and \
                len(pending_numbers) > numbers_before and pending_numbers[numbers_before].line == line.number and \
                _starts_labelled("".join(p[0] for p in pending_text)):
            # a row word letter-spaced (合 计 9759.38 …): the row it names, with its numbers
            current = PrintedRow(None, "".join(p[0] for p in pending_text), section or 0,
                                 pending_numbers[numbers_before:], start=pending_text[0][1], end=tokens[-1][2],
                                 line=line.number, page=page_at(page_starts, pending_text[0][1]))
            rows.append(current)
            line_rows.append(current)
            pending_text, pending_numbers = [], pending_numbers[:numbers_before]
        if pending_numbers and line_rows:
            for n in pending_numbers:
                left = [r for r in line_rows if (r.position or 0) <= (n.position or 0)]
                (left[-1] if left else line_rows[0]).numbers.append(n)
            pending_numbers = []
        previous_line_rows = line_rows
    for row in rows:
        row.name = clean_name(row.name)
        if kind.two_sided:
            row.side = side_of_row(row)
    return [r for r in rows if r.name or r.code or kind.items], section


def _attach_by_position(tokens, rows: list[PrintedRow]) -> None:
    """Layout text: each fragment of a line that starts no row belongs to the row above whose cells start at or
    left of it — the rest of its name, or the 款/项 of its code printed on the next line."""
    for tok, a, b, x in tokens:
        left = [r for r in rows if (r.position or 0) <= x]
        row = left[-1] if left else rows[0]
        in_code_column = not row.name or row.name_position is not None and x < row.name_position
        if CODE_PART.match(tok) and row.code and len(row.code) in (3, 5) and in_code_column:
            row.code += tok
        elif NUMBER.match(tok) and tok not in DASH:
            row.numbers.append(Number(tok, parse_decimal(tok), a, b, float(x + len(tok))))
        elif tok not in DASH:
            row.name += tok
        row.end = max(row.end or b, b)


# Cells of several rows printed on one line, whose names and numbers a converter put on the next line: which
# row a fragment belongs to is known only where the line holds one name (with its numbers) per row, in order.
SEVERAL_ROWS_WRAPPED = ("several rows printed on one line, and the names and numbers on the line below them "
                        "do not show which row each belongs to")


def _continue_rows(rows: list[PrintedRow], tokens, line_number: int) -> None:
    """The line below a line of several rows: its segments (a name, maybe led by the 款/项 digits of its
    code, then numbers) go to those rows in order when there are as many as rows; else the rows are doubtful."""
    segments: list[list] = []
    for token in tokens:
        kind_of = _fragment_kind(token[0])
        kinds = [_fragment_kind(t[0]) for t in segments[-1]] if segments else []
        # a segment is [款/项 digits] name [numbers]: a name after numbers, or digits after a name, start the next
        if not segments or kind_of != "number" and "number" in kinds or kind_of == "code" and "name" in kinds:
            segments.append([])
        segments[-1].append(token)
    if len(segments) != len(rows):
        for row in rows:
            row.doubt = SEVERAL_ROWS_WRAPPED
        rows[-1].numbers += [Number(t, parse_decimal(t), a, b, line=line_number) for t, a, b, _ in tokens
                             if _fragment_kind(t) == "number" and t not in DASH]
        return
    for row, segment in zip(rows, segments):
        for tok, a, b, x in segment:
            if _fragment_kind(tok) == "code":
                if not (row.code and len(row.code) in (3, 5) and not row.name):
                    row.doubt = SEVERAL_ROWS_WRAPPED  # digits that continue no code of this row
                row.code = (row.code or "") + tok
            elif NUMBER.match(tok) and tok not in DASH:
                row.numbers.append(Number(tok, parse_decimal(tok), a, b, float(x + len(tok)), line=line_number))
            elif tok not in DASH:
                row.name += tok
            row.end = max(row.end or b, b)


def _fragment_kind(token: str) -> str:
    if CODE_PART.match(token):
        return "code"
    return "number" if NUMBER.match(token) or token in DASH else "name"


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
    return bool(ORDINAL.match(tok)) or any(tok.startswith(w) for w in vocabulary().row_starts)


def _row_start(tokens, k: int, kind: TableKind) -> tuple[bool, str | None, int]:
    """Whether token k starts a row; its code (digits joined) and the index after the code."""
    tok = tokens[k][0]
    if CODE_TOKEN.match(tok):
        code, j = tok, k + 1
        if len(tok) == 3:
            while j < len(tokens) and CODE_PART.match(tokens[j][0]) and len(code) < 7:
                code += tokens[j][0]
                j += 1
        return True, code, j
    if _starts_labelled(tok):
        return True, None, k
    return False, None, k


def _name_follows(tokens, k: int) -> bool:
    return k < len(tokens) and not (NUMBER.match(tokens[k][0]) or tokens[k][0] in DASH)
