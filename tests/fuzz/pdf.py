"""A variant drawn as a PDF with ruling lines (fpdf2, the CJK font the tests install), so the reader's grid
path — pdfplumber's table finder on the lines, PDFium for the text — reads it as it reads a real report."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from fpdf import FPDF

from tests.fuzz.render import (
    GROUP,
    ITEM_GROUPS,
    ITEM_SUBHEADS,
    amount,
    blank,
    line_number,
    page_chunks,
    printed_code,
    printed_columns,
    printed_sides,
    spaced,
    split_label,
    title_lines,
    unit_line,
    with_line_numbers,
)
from tests.fuzz.templates import Table, Variant

FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
LEFT, TOP, WIDTH, BOTTOM = 10.0, 10.0, 277.0, 200.0  # A4 landscape, mm
ROW = 6.0
COVERED_LEFT, COVERED_ABOVE = None, "^"  # header cells spanned by the cell to the left / above


@cache
def cjk_font() -> Path:
    """The WenQuanYi Micro Hei font (fonts-wqy-microhei), wherever the system keeps it."""
    for folder in FONT_FOLDERS:
        found = sorted(folder.rglob("wqy-microhei.tt[cf]")) if folder.is_dir() else []
        if found:
            return found[0]
    raise FileNotFoundError("the CJK font fonts-wqy-microhei is not installed (make chromium installs it)")


def render_pdf(v: Variant) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("wqy", fname=str(cjk_font()))
    drawer = _Drawer(pdf, v)
    for table in v.tables:
        for n, chunk in enumerate(page_chunks(v, table)):
            drawer.table(table, chunk, continued=n > 0)
    return bytes(pdf.output())


class _Drawer:
    def __init__(self, pdf: FPDF, v: Variant):
        self.pdf, self.v = pdf, v
        self.y = BOTTOM  # no page yet
        self.tables_on_page = 0

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y, self.tables_on_page = TOP, 0
        if self.v.page_numbers:
            self.pdf.set_font("wqy", size=7)
            self.pdf.set_xy(LEFT, BOTTOM + 2)
            self.pdf.cell(WIDTH, 5, f"- {self.pdf.page_no()} -", align="C")

    def table(self, table: Table, chunk: list, continued: bool) -> None:
        header, widths, aligns = _header(self.v, table)
        self.pdf.set_font("wqy", size=7)
        header = [[self._wrap(t, _span(row, c, widths)) if t and t != COVERED_ABOVE else t for c, t in enumerate(row)]
                  for row in header]
        header_height = sum(_header_row_height(r) for r in header)
        shared = self.v.shared_pages and self.tables_on_page == 1 and not continued
        if not shared or self.y + 20 + header_height + 3 * ROW > BOTTOM:
            self.new_page()
        else:
            self.y += 8
        self.tables_on_page += 1
        self.pdf.set_font("wqy", size=11)
        for line in title_lines(table, continued):
            self.pdf.set_xy(LEFT, self.y)
            self.pdf.cell(WIDTH, 7, line, align="C")
            self.y += 7
        self.pdf.set_font("wqy", size=7)
        self.pdf.set_xy(LEFT, self.y)
        self.pdf.cell(WIDTH, 5, unit_line(self.v, table), align="R")
        self.y += 6
        self._header(header, widths)
        for cells in _body(self.v, table, chunk):
            if self.y + ROW > BOTTOM:  # runs over: the grid goes on on the next page, its header again
                self.new_page()
                self._header(header, widths)
            self._row(cells, widths, aligns)

    def _header(self, header: list[list], widths: list[float]) -> None:
        heights = [_header_row_height(r) for r in header]
        for r, row in enumerate(header):
            x = LEFT
            for c, text in enumerate(row):
                if text is not COVERED_LEFT and text != COVERED_ABOVE:
                    down = 1
                    while r + down < len(header) and header[r + down][c] == COVERED_ABOVE:
                        down += 1
                    self._cell(x, self.y, _span(row, c, widths), sum(heights[r:r + down]), text, "C")
                x += widths[c]
            self.y += heights[r]

    def _row(self, cells: list[str], widths: list[float], aligns: list[str]) -> None:
        x = LEFT
        for text, width, align in zip(cells, widths, aligns):
            self._cell(x, self.y, width, ROW, text, align)
            x += width
        self.y += ROW

    def _wrap(self, text: str, width: float) -> str:
        """A header's text broken where it would run out of its cell (the table finder crops it there)."""
        lines: list[str] = []
        for part in text.split("\n"):
            line = ""
            for ch in part:
                if line and self.pdf.get_string_width(line + ch) > width - 1.5:
                    lines.append(line)
                    line = ""
                line += ch
            lines.append(line)
        return "\n".join(lines)

    def _cell(self, x: float, y: float, w: float, h: float, text: str, align: str) -> None:
        self.pdf.rect(x, y, w, h)
        lines = text.split("\n") if text else []
        top = y + (h - 4 * len(lines)) / 2
        for i, line in enumerate(lines):
            self.pdf.set_xy(x + 0.5, top + 4 * i)
            self.pdf.cell(w - 1, 4, line, align=align)


def _span(row: list, c: int, widths: list[float]) -> float:
    """The width of header cell c with the cells to its right that it covers."""
    end = c + 1
    while end < len(row) and row[end] is COVERED_LEFT:
        end += 1
    return sum(widths[c:end])


def _header_row_height(row: list) -> float:
    return ROW + 4 * max((t.count("\n") for t in row if t and t != COVERED_ABOVE), default=0)


def _label(table: Table, label: str) -> str:
    return "\n".join(p for p in split_label(label) if p) if table.two_row_header else label


def _header(v: Variant, table: Table) -> tuple[list[list], list[float], list[str]]:
    """The header's rows (a cell's text, or covered by the cell to its left or above), column widths, aligns."""
    if table.has_items:
        n = len(table.columns)
        groups = [ITEM_GROUPS[0], None, ITEM_GROUPS[1], None, ITEM_GROUPS[2], *[None] * 5, ITEM_GROUPS[3], None]
        subheads = ["^", "^", "^", "^", ITEM_SUBHEADS[0], None, ITEM_SUBHEADS[1], None, ITEM_SUBHEADS[2], None,
                    "^", "^"]
        return [groups, subheads, [c.label for c in table.columns]], [WIDTH / n] * n, ["R"] * n
    sides = printed_sides(v, table)
    top: list = []
    bottom: list = []
    widths: list[float] = []
    aligns: list[str] = []
    for side in range(sides):
        columns = printed_columns(v, table, side)
        value = min(30.0, (WIDTH / sides - (60 if table.two_sided else 84)) / len(columns))
        labels = [_label(table, spaced(v, c.label)) for c in columns]
        heads = [spaced(v, "项目")] if table.two_sided else ["科目编码", "科目名称"]
        head_widths = [60.0] if table.two_sided else [24.0, 60.0]
        if with_line_numbers(v, table):
            heads, head_widths = [*heads, "行次"], [52.0, 8.0]
        split_codes = v.code_columns and not table.two_sided and not table.grouped_header
        if split_codes:
            heads, head_widths = ["类", "款", "项", "科目名称"], [10.0, 7.0, 7.0, 60.0]
        widths += [*head_widths, *[value] * len(columns)]
        aligns += ["L"] * len(heads) + ["R"] * len(columns)
        if split_codes:  # 科目编码 over its 类 款 项
            top += ["科目编码", None, None, "科目名称", *labels]
            bottom += ["类", "款", "项", "^", *["^"] * len(labels)]
        elif table.two_sided and sides == 2:
            top += [("收入", "支出")[side], *[None] * (len(heads) - 1 + len(columns))]
            bottom += [*heads, *labels]
        elif table.grouped_header and len(columns) > 2:
            top += [*heads, labels[0], GROUP, *[None] * (len(columns) - 2)]
            bottom += [*["^"] * (len(heads) + 1), *labels[1:]]
        else:
            top += [*heads, *labels]
            bottom += [*["^"] * (len(heads) + len(labels))]
    rows = [top, bottom] if any(c not in ("^", None) for c in bottom) else [top]
    return rows, widths, aligns


def _body(v: Variant, table: Table, chunk: list) -> list[list[str]]:
    if table.has_items:
        row = table.rows[0]
        return [[amount(row.values[c], table.unit, v.separators) if c in row.values else blank(v)
                 for c in table.columns]]
    out = []
    for line in chunk:
        if isinstance(line, str):  # a one-sided summary's 收入 / 支出 heading
            out.append([line, ""])
            continue
        cells: list[str] = []
        for side, entry in enumerate(line):
            columns = printed_columns(v, table, side)
            row, values = entry if entry else (None, {})
            code = row.code or "" if row else ""
            if v.code_columns and not table.two_sided and not table.grouped_header:
                cells += [code[:3], code[3:5], code[5:7]]
            elif not table.two_sided:
                cells.append(printed_code(code, v.codes_joined))
            cells.append(spaced(v, row.name) if row else "")
            if with_line_numbers(v, table):
                cells.append(line_number(table, row) if row else "")
            cells += ["" if row is None else blank(v) if values.get(c) is None
                      else amount(values[c], table.unit, v.separators) for c in columns]
        out.append(cells)
    return out
