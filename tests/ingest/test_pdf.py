"""PDF input: the dev PDFs read page by page with their layout tables; bad PDFs quarantined with their reasons."""
from __future__ import annotations

import io
import json
import re
import shutil
from decimal import Decimal, InvalidOperation

import duckdb
import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfminer.pdfparser import PDFSyntaxError

from pipeline.config import Settings
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.reader import Quarantined, RawDocument, read_document
from pipeline.text.reasons import Reason
from pipeline.validate.admission import text_problem
from tests.conftest import FIXTURES, RAW_DIR, REFERENCE_DIR, SAMPLES, build_warehouse

DEV = FIXTURES / "dev"
PDF_FIXTURES = FIXTURES / "pdf"
# Pages as SOURCES.md lists them; table pages as the PDFs print them (the 单位构成 list, then the nine tables)
DEV_PDFS = {
    "putuo_caizheng_2024": (25, range(5, 21)),
    "putuo_guihua_2024": (30, range(6, 20)),
    "putuo_shehui_2024": (24, range(4, 17)),
}
NINE_TABLES = ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
               "一般公共预算财政拨款基本支出决算表", "财政拨款三公经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
               "国有资本经营预算财政拨款收入支出决算表")


@pytest.fixture(scope="module")
def dev_docs(dev_pdf_documents) -> dict[str, RawDocument]:
    return dev_pdf_documents


def _squeeze(text: str | None) -> str:
    return re.sub(r"[\s“”\"]", "", text or "")


def _number(cell: str | None) -> Decimal | None:
    try:
        return Decimal((cell or "").replace(",", ""))
    except InvalidOperation:
        return None


@pytest.mark.parametrize("name", DEV_PDFS)
def test_dev_pdfs_read_as_the_pdfium_text_rendering_page_by_page(dev_docs, name):
    doc = dev_docs[name]
    pages, _ = DEV_PDFS[name]
    assert isinstance(doc, RawDocument) and doc.encoding == "pdf"
    assert doc.text == (DEV / "text" / f"{name}.txt").read_text(encoding="utf-8")
    assert len(doc.page_starts) == pages and doc.page_starts[0] == 0
    pdf = pdfium.PdfDocument(DEV / "pdf" / f"{name}.pdf")
    ends = [start - 1 for start in doc.page_starts[1:]] + [len(doc.text)]
    for number, (start, end) in enumerate(zip(doc.page_starts, ends), 1):
        page_text = pdf[number - 1].get_textpage().get_text_range().replace("\r\n", "\n")
        assert doc.text[start:end] == page_text
        assert doc.page_at(start) == number and doc.page_at(end) == number
    pdf.close()


@pytest.mark.parametrize("name", DEV_PDFS)
def test_tables_are_found_on_their_pages_under_their_titles(dev_docs, name):
    doc = dev_docs[name]
    _, table_pages = DEV_PDFS[name]
    assert sorted({t.page for t in doc.layout_tables}) == list(table_pages)
    titles = " ".join(_squeeze(t.text_above) for t in doc.layout_tables)
    assert [title for title in NINE_TABLES if title not in titles] == []


@pytest.mark.parametrize("name", DEV_PDFS)
def test_every_gold_cell_is_in_a_layout_row_with_its_row_name(dev_docs, name):
    rows = [[_squeeze(c) for c in row] for t in dev_docs[name].layout_tables for row in t.rows]
    gold = json.loads((DEV / "gold" / f"{name}.json").read_text(encoding="utf-8"))["table_cells"]
    misses = []
    for cell in gold:
        value = Decimal(cell["value"])
        # the 三公 table is one row of (预算数, 决算数) pairs: its item names are in the header
        named = [r for r in rows if cell["table"] == "three_public" or any(_squeeze(cell["row_name"]) in c for c in r)]
        if not any(value in map(_number, r) for r in named):
            misses.append((cell["table"], cell["row_name"], cell["column"], cell["value"]))
    assert misses == []


def test_blank_cells_stay_blank_in_their_columns(dev_docs):
    income = next(t for t in dev_docs["putuo_caizheng_2024"].layout_tables if _squeeze(t.text_above).startswith("收入决算表"))
    row = next(r for r in income.rows if r[:4] == ("201", "06", "01", "行政运行"))
    assert row[4:6] == ("1,511.90", "1,511.89")
    assert row[6:10] == ("", "", "", "")  # 上级补助收入 … 附属单位上缴收入: blank
    assert row[-1] == "0.01"  # 其他收入
    assert income.rows[0][1] is None  # 项目 spans the code and name columns: merged cells are None


def test_layout_tables_are_exactly_pdfplumbers_on_every_page(dev_docs):
    """Pages without paths are skipped; that must lose no table."""
    doc = dev_docs["putuo_shehui_2024"]
    with pdfplumber.open(DEV / "pdf" / "putuo_shehui_2024.pdf") as pdf:
        for page in pdf.pages:
            expected = [tuple(map(tuple, rows)) for rows in page.extract_tables()]
            assert [t.rows for t in doc.layout_tables if t.page == page.page_number] == expected
            page.close()


def test_a_pdf_is_known_by_its_bytes_not_its_name(tmp_path):
    path = tmp_path / "report.txt"
    shutil.copy(PDF_FIXTURES / "restricted.pdf", path)
    result = read_document(path)
    assert isinstance(result, RawDocument) and result.encoding == "pdf"  # read as a PDF: not "binary file"
    assert text_problem(result.text).code == "not_a_report"


def test_a_pdf_that_forbids_copying_but_needs_no_password_is_read():
    content = read_pdf((PDF_FIXTURES / "restricted.pdf").read_bytes())
    assert content.text == "Restricted report\na\n2.50" and content.page_starts == (0,)
    [table] = content.tables
    assert table.page == 1 and table.rows == (("a", ""), ("", "2.50")) and table.text_above == "Restricted report"


def test_a_layout_pdfminer_cannot_parse_makes_a_damaged_pdf_not_a_failed_run(monkeypatch):
    def unparsable(*args, **kwargs):
        raise PDFSyntaxError("No /Root object! - Is this really a PDF?")
    monkeypatch.setattr(pdfplumber, "open", unparsable)
    reason = read_pdf((PDF_FIXTURES / "restricted.pdf").read_bytes())
    assert reason == Reason("damaged_pdf", "damaged PDF: its page layout cannot be read "
                                           "(PDFSyntaxError: No /Root object! - Is this really a PDF?)")


def _scanned() -> bytes:
    """A real report page as an image only, the way a scanner makes a PDF."""
    pdf = pdfium.PdfDocument(DEV / "pdf" / "putuo_shehui_2024.pdf")
    image = pdf[0].render(scale=0.5).to_pil()
    pdf.close()
    out = io.BytesIO()
    image.save(out, "PDF")
    return out.getvalue()


def _dev_bytes() -> bytes:
    return (DEV / "pdf" / "putuo_shehui_2024.pdf").read_bytes()


BAD_PDFS = {
    "scanned.pdf": (_scanned, "scanned_pdf", "no text layer: scanned PDF, OCR is not supported"),
    "encrypted.pdf": (lambda: (PDF_FIXTURES / "encrypted.pdf").read_bytes(), "encrypted_pdf", "encrypted PDF"),
    "truncated.pdf": (lambda: (data := _dev_bytes())[:len(data) // 2], "truncated", "truncated PDF"),  # cut in half
    "damaged.pdf": (lambda: _dev_bytes().replace(b" obj", b" xxx"), "damaged_pdf", "damaged PDF"),  # no object can be found
}


@pytest.mark.parametrize("name", BAD_PDFS)
def test_bad_pdfs_are_quarantined_with_their_own_reason(tmp_path, name):
    make, code, reason = BAD_PDFS[name]
    path = tmp_path / name
    path.write_bytes(make())
    result = read_document(path)
    assert isinstance(result, Quarantined)
    assert result.reason.startswith(f"{name}: {reason}") and result.reason_code == code
    others = [r for n, (*_, r) in BAD_PDFS.items() if n != name]
    assert not any(other in result.reason for other in others)


def test_pdfs_beside_text_reports_load_and_bad_ones_are_quarantined(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SAMPLES:
        shutil.copy(RAW_DIR / name, raw / name)
    shutil.copy(DEV / "pdf" / "putuo_shehui_2024.pdf", raw / "putuo_shehui_2024.pdf")
    for name, (make, *_) in BAD_PDFS.items():
        (raw / name).write_bytes(make())
    settings = Settings(raw_dir=raw, warehouse=tmp_path / "warehouse" / "budget.duckdb",
                        reference_dir=REFERENCE_DIR, cache_dir=tmp_path / "cache")
    build_warehouse(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        documents = dict(con.execute("select source_file, coalesce(quarantine_reason, status) "
                                     "from marts.documents").fetchall())
        facts = con.execute("select d.source_file, f.source, f.page, f.evidence, f.evidence_start "
                            "from core.fact_metric f join core.dim_document d using (doc_id)").fetchall()
        mart_pages = con.execute("select count(*), count(page) from marts.department_metrics "
                                 "where source_file = 'putuo_shehui_2024.pdf'").fetchone()
    assert {name: documents[name] for name in [*SAMPLES, "putuo_shehui_2024.pdf"]} == dict.fromkeys(
        [*SAMPLES, "putuo_shehui_2024.pdf"], "loaded")
    for name, (*_, reason) in BAD_PDFS.items():
        assert documents[name].startswith(f"{name}: {reason}")
    # a fact read from the PDF names the page its evidence starts on; a text file has no pages
    doc = read_document(raw / "putuo_shehui_2024.pdf")
    ends = [*doc.page_starts[1:], len(doc.text) + 1]
    narrative = [f for f in facts if f[0] == "putuo_shehui_2024.pdf" and f[1] == "narrative"]
    assert narrative
    for *_, page, evidence, start in narrative:
        assert doc.page_starts[page - 1] <= start < ends[page - 1], (page, evidence)
        assert doc.text[start:start + len(evidence)] == evidence
    assert all(page is None for source_file, _, page, *_ in facts if source_file in SAMPLES)
    assert mart_pages[0] > 0 and mart_pages[1] == mart_pages[0]
