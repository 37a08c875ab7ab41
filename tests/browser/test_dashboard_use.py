"""The dashboard as a reader uses it, in a real browser: searching the departments, taking a table out as CSV,
following the quarantine from the overview to its numbers, and every page on a phone and a desktop screen."""
from __future__ import annotations

import csv
import io
import re

import duckdb
import pytest

from tests.browser.conftest import screenshot
from tests.conftest import SAMPLES, gold_for
from tests.dashboard.quarantined import SET_ASIDE, quarantine_site, quarantine_warehouse  # noqa: F401

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{2,}[ :]+[A-Za-z]{2,}")  # two English words running: a sentence, not a name
WIDTHS = {"phone": 375, "desktop": 1400}


def visible_rows(page, table: str):
    return page.locator(f"#{table} tbody tr:not([hidden])")


def test_the_departments_are_searched_by_name_region_and_year(page, samples_site, samples_warehouse):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        docs = con.execute("select department_name, county, fiscal_year from marts.documents "
                           "where status = 'loaded'").fetchall()
    page.goto((samples_site / "departments.html").as_uri())
    search = page.locator("input[data-search]")
    name, county, year = docs[0]
    for term, expected in ((name, [d for d in docs if name in d[0]]), (county, [d for d in docs if d[1] == county]),
                           (str(year), [d for d in docs if d[2] == year]),
                           (f"{county} {year}", [d for d in docs if d[1] == county and d[2] == year]),
                           ("没有这样的部门", [])):
        search.fill(term)
        assert sorted(visible_rows(page, "departments").locator("td:first-child").all_inner_texts()) == sorted(
            d[0] for d in expected), term
        assert page.inner_text("#shown") == f"显示 {len(expected)} / {len(docs)} 行"
    search.fill("")
    assert visible_rows(page, "departments").count() == len(docs)
    assert page.errors == [], page.errors


def test_a_department_table_downloads_as_the_csv_it_shows(page, samples_site, samples_warehouse):
    name = SAMPLES[0]
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        (doc_id,) = con.execute("select doc_id from marts.documents where source_file = ?", [name]).fetchone()
    page.goto((samples_site / "departments" / f"{doc_id}.html").as_uri())
    buttons = page.locator("button.csv")
    assert buttons.count() == page.locator("main table").count() > 0
    with page.expect_download() as download:
        page.locator("button[data-csv-for$='-functions.csv']").click()
    assert download.value.suggested_filename == f"{doc_id}-functions.csv"
    content = download.value.path().read_bytes()
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["类", "款", "项", "支出决算（万元）"]
    shown = page.locator("#functions tbody tr")
    assert len(rows) - 1 == shown.count() == len(gold_for(name)["gpb_items"])
    assert rows[1] == [cell.strip() for cell in shown.first.locator("td").all_inner_texts()]
    assert page.errors == [], page.errors


def test_a_searched_list_downloads_the_rows_it_shows(page, samples_site, samples_warehouse):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        (year, n), = con.execute("select fiscal_year, count(*) from marts.documents where status = 'loaded' "
                                 "group by all order by 2 desc, 1 limit 1").fetchall()
    page.goto((samples_site / "departments.html").as_uri())
    page.locator("input[data-search]").fill(str(year))
    with page.expect_download() as download:
        page.locator("button[data-csv-for='departments-departments.csv']").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 1 + n == 1 + visible_rows(page, "departments").count()
    assert {row[1] for row in rows[1:]} == {str(year)}
    assert rows[1][0] == visible_rows(page, "departments").first.locator("td").first.inner_text()


def test_a_csv_cell_is_the_text_shown_and_never_a_formula(page, samples_site):
    page.goto((samples_site / "index.html").as_uri())
    cells = ['<span class="absent">—</span>', "1,234.56", "-12.50", "+3.10%", "=SUM(A1)", "-x", "@here",
             'say "hi"', "a\n  b"]
    written = page.evaluate("""cells => cells.map(html => {
        const cell = document.createElement("td"); cell.innerHTML = html; return csvCell(cell); })""", cells)
    assert written == ["", '"1,234.56"', "-12.50", "+3.10%", "'=SUM(A1)", "'-x", "'@here", '"say ""hi"""', "a b"]


def test_the_overview_shows_the_quarantine_in_ten_chinese_lines_that_lead_to_the_numbers(page, quarantine_site,
                                                                                         quarantine_warehouse):
    page.goto((quarantine_site / "index.html").as_uri())
    with duckdb.connect(str(quarantine_warehouse), read_only=True) as con:
        (set_aside,) = con.execute("select count(*) from marts.quarantine where kind like 'cell:%'").fetchone()
    assert set_aside >= 245
    lines = page.locator("#quarantine tbody tr")
    assert 0 < lines.count() <= 10
    for text in lines.all_inner_texts():
        assert CJK.search(text) and not ENGLISH.search(text), text
    screenshot(page, "dashboard", "overview_quarantine")
    lines.filter(has_text=str(SET_ASIDE["column_undetermined"])).locator("a").click()
    page.wait_for_url("**/quarantine/column_undetermined.html")
    items = page.locator("#quarantined tbody tr")
    assert items.count() == SET_ASIDE["column_undetermined"]
    assert all(cell.strip() for cell in items.locator("td:nth-child(6)").all_inner_texts())  # evidence on each
    screenshot(page, "dashboard", "reason_column_undetermined")
    assert page.errors == [], page.errors


@pytest.mark.parametrize("screen", WIDTHS)
def test_no_page_is_wider_than_the_screen(browser, quarantine_site, screen):
    """Tables may scroll in their own box; the page itself never scrolls sideways."""
    context = browser.new_context(viewport={"width": WIDTHS[screen], "height": 800}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    pages = sorted(p.relative_to(quarantine_site).as_posix() for p in quarantine_site.rglob("*.html"))
    assert {"index.html", "three_public.html", "departments.html", "dictionary.html", "quarantine.html"} <= set(pages)
    for name in pages:
        page.goto((quarantine_site / name).as_uri())
        page.wait_for_load_state("load")
        width, screen_width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert width <= screen_width == WIDTHS[screen], name
    screenshot(page, "dashboard", f"last_page_{screen}")
    context.close()
    assert errors == []
