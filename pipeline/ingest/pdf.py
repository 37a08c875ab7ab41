"""Read a PDF report: the text of every page, and the tables its page layout draws.

Two libraries, each for what it does best (measured on the dev PDFs, README):
PDFium (pypdfium2) gives the text at hundreds of pages a second — the same
text a ``.txt`` converted by PDFium holds, so a PDF then goes through the
same normalise → segment → read path as any text. pdfplumber's table finder
reads the ruling lines, so a blank cell stays blank in its column; it parses
the page in Python (~30× slower), so it runs only on pages that draw paths:
its line strategy finds no table anywhere else.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableSettings

from pipeline.text.reasons import Reason

PDF_MAGIC = b"%PDF"
_EOF_WINDOW = 1024  # PDF readers look for the %%EOF marker within the file's last kilobyte
_PASSWORD_ERRORS = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)


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
class PdfContent:
    text: str  # every page's text, pages joined with "\n"
    page_starts: tuple[int, ...]  # offset in ``text`` where each page starts
    tables: tuple[LayoutTable, ...]


def read_pdf(data: bytes) -> PdfContent | Reason:
    """The text and layout tables of a PDF, or why it cannot be read."""
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        return Reason("truncated", "truncated PDF: it does not end with the %%EOF marker (the file is cut off)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in _PASSWORD_ERRORS:
            return Reason("encrypted_pdf", "encrypted PDF: it cannot be opened without its password")
        return Reason("damaged_pdf", f"damaged PDF: PDFium cannot open it ({exc})")
    try:
        texts, ruled = _page_texts(pdf)
    except pdfium.PdfiumError as exc:
        return Reason("damaged_pdf", f"damaged PDF: PDFium cannot read one of its pages ({exc})")
    finally:
        pdf.close()
    if not texts:
        return Reason("damaged_pdf", "damaged PDF: it has no pages")
    if not any(t.strip() for t in texts):
        return Reason("scanned_pdf", "no text layer: scanned PDF, OCR is not supported")
    try:
        tables = _layout_tables(data, ruled)
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds of error on a damaged file
        return Reason("damaged_pdf", f"damaged PDF: its page layout cannot be read ({type(exc).__name__}: {exc})")
    starts = [0]
    for text in texts[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    return PdfContent("\n".join(texts), tuple(starts), tables)


def _page_texts(pdf: pdfium.PdfDocument) -> tuple[list[str], list[int]]:
    """Each page's text (CRLF as LF), and the 1-based numbers of the pages that draw paths."""
    texts, ruled = [], []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range().replace("\r\n", "\n"))
        if next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]), None) is not None:
            ruled.append(index + 1)
        textpage.close()
        page.close()
    return texts, ruled


def _layout_tables(data: bytes, pages: list[int]) -> tuple[LayoutTable, ...]:
    """pdfplumber's tables of the given pages (exactly ``page.extract_tables()``), with the text above each."""
    if not pages:
        return ()
    settings = TableSettings.resolve(None)
    found = []
    with pdfplumber.open(io.BytesIO(data), pages=pages) as pdf:
        for page in pdf.pages:
            x0, top, x1, _ = page.bbox
            for table in page.find_tables(settings):
                rows = tuple(tuple(row) for row in table.extract(**settings.text_settings))
                table_top, table_bottom = table.bbox[1], table.bbox[3]
                above = page.crop((x0, top, x1, table_top)).extract_text() if table_top > top else ""
                found.append(LayoutTable(page.page_number, rows, above))
                top = max(top, table_bottom)
            page.close()
    return tuple(found)
