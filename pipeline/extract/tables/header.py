"""A table's header → the value columns it prints, in order, per side."""
from __future__ import annotations

import re

from pipeline.extract.tables.kinds import TableKind, vocabulary
from pipeline.extract.tables.model import Line, Slot, squeeze


def slots_from_labels(kind: TableKind, labels: list[str]) -> list[list[Slot]]:
    """The value columns a header prints, in order, per side (labels squeezed, in printed order)."""
    labels = _one_period(labels)
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
        if code is None and is_sub_column(label):  # kept with its printed header, never a neighbour's code
            sides[side].append(Slot("other", label))
        elif code is not None:
            sides[side].append(Slot(code, vocabulary().column_titles.get(code, label)))
    if kind.two_sided and seen_name <= 1 and not sides[1]:  # printed one-sided: 收入 rows, then 支出 rows
        sides[1] = [Slot(code, vocabulary().column_titles.get(code, label)) for label in labels
                    if (code := match_column(kind, label, 1))]
    return sides


def _one_period(labels: list[str]) -> list[str]:
    """A table printed in halves side by side (经济分类 left and right) has its header twice, and a header
    may repeat its labels many times over: read one period. (项目 starts each side of a two-sided table.)"""
    if "项目" in labels:
        return labels
    for period in range(1, len(labels) // 2 + 1):
        if len(labels) % period == 0 and labels == labels[:period] * (len(labels) // period):
            return labels[:period]
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
    """Column labels found in a header read as one string (cells wrapped over lines), in printed order: the
    labels the vocabulary knows, and the 其中 columns it does not know (其中：教育收费), as printed."""
    text = squeeze(header)
    known = _known_labels(kind, text)
    return [label for _, label in sorted([*((start, label) for start, _, label in known),
                                          *sub_columns(kind, text, known)])]


def _known_labels(kind: TableKind, text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    patterns = sorted({p for p, _, _ in kind.columns} | {"项目"}, key=len, reverse=True)
    taken = [False] * len(text)
    for pattern in patterns:
        for m in re.finditer(re.escape(pattern), text):
            if not any(taken[m.start():m.end()]):
                found.append((m.start(), m.end(), pattern))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    return sorted(found)


_SUB_COLUMN = re.compile(r"其中[:：]?")


def sub_columns(kind: TableKind, text: str, known: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """(position, printed label) of each column a header introduces with 其中 whose label the vocabulary does
    not know: it ends where the next known label or header word begins."""
    out = []
    for m in _SUB_COLUMN.finditer(text):
        if any(start == m.end() for start, _, _ in known):
            continue  # 其中：基本支出 … a column the vocabulary knows
        end = min([start for start, _, _ in known if start >= m.end()] +
                  [i for word in vocabulary().header_words if (i := text.find(word, m.end())) >= 0] + [len(text)])
        if end > m.end():
            out.append((m.start(), text[m.start():end]))
    return out


def is_sub_column(label: str) -> bool:
    return bool(_SUB_COLUMN.match(label))


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


_NAME_OR_CODE_HEADING = re.compile(r"科目|项目|名称|编码|^[类款项]+$")


def labels_by_columns(kind: TableKind, lines: list[str]) -> list[str]:
    """A header whose cells wrapped onto the lines below it (本年支 / 出合计), each line printing one fragment
    per column it wraps: the fragments joined column by column, the lines aligned on their last column (the
    name and code cells at the left seldom wrap). Only a reading in which every joined cell is a column the
    vocabulary knows or a name or code heading counts; otherwise none."""
    rows = [line.split() for line in lines if line.split()]
    if len(rows) < 2:
        return []
    width = max(map(len, rows))
    cells = [""] * width
    for tokens in rows:
        for i, token in enumerate(tokens, width - len(tokens)):
            cells[i] += token
    side_words = ("收入", "支出")
    explained = all(match_column(kind, cell, side) is not None or _NAME_OR_CODE_HEADING.search(cell)
                    or cell in side_words for cell in cells for side in ((0, 1) if kind.two_sided else (0,)))
    return cells if explained else []


def item_slots(kind: TableKind, header: str) -> list[Slot]:
    """Tables whose items are columns (三公): one (budget, final) pair per item the header prints, in template order.
    A header that prints as many pairs as the template has items has them all, however its item names wrapped."""
    text = squeeze(header)
    pairs = text.count(kind.columns[0][0])
    items = [item for item in kind.items
             if pairs == len(kind.items) or not text or any(label in text for label in item[1])]
    return [Slot(column, vocabulary().column_titles.get(column, printed), code, name)
            for code, _, name in items for printed, column, _ in kind.columns]


_GAP = re.compile(r"\S+(?: \S+)*")


def is_layout(header_lines: list[Line]) -> bool:
    """Text that keeps columns as runs of spaces (pdftotext -layout): cells stand apart by wide gaps."""
    return sum(len(re.findall(r"\S {3,}\S", l.text)) for l in header_lines) >= 2


def header_columns(header_lines: list[Line]) -> list[str]:
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
