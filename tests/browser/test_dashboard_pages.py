"""The dashboard in a real browser: every page renders its charts with no console error, and shows the
samples' numbers as the gold files state them."""
from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from tests.browser.conftest import screenshot
from tests.conftest import SAMPLES, gold_for

CHARTS_DRAWN = "Array.from(document.querySelectorAll('.chart')).every(c => c.querySelector('.main-svg'))"


def number(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", "").rstrip("%"))


def gold_value(name: str, code: str) -> Decimal:
    return Decimal(gold_for(name)["metrics"][code]["value"])


def open_page(page, site, path: str, shot: str):
    page.goto((site / path).as_uri())
    page.wait_for_function(CHARTS_DRAWN)
    screenshot(page, "dashboard", shot)
    assert page.errors == [], page.errors
    return page


@pytest.fixture(scope="module")
def pages(samples_warehouse) -> dict[str, str]:
    """Source file → its department page."""
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        return {f: f"departments/{d}.html" for f, d in con.execute("select source_file, doc_id from marts.documents")
                .fetchall()}


def test_overview(page, samples_site):
    open_page(page, samples_site, "index.html", "overview")
    assert number(page.inner_text("#loaded")) == len(SAMPLES)
    assert number(page.inner_text("#not-loaded")) == 0
    assert page.locator("#quarantine-none").is_visible()
    assert page.inner_text("#site-info").startswith(f"{len(SAMPLES)} 个文件 · 仓库构建于 ")  # from assets/site.js
    assert page.locator(".chart .main-svg").count() >= 3
    largest = max(SAMPLES, key=lambda n: gold_value(n, "three_public_total"))
    first = page.locator("#largest tbody tr").first
    assert first.locator("td").nth(0).inner_text() == gold_for(largest)["department"]
    assert number(first.locator("td").nth(2).inner_text()) == gold_value(largest, "three_public_total")
    years = {str(gold_for(n)["fiscal_year"]) for n in SAMPLES}
    totals = page.locator("#totals tbody tr")
    assert {totals.nth(i).locator("td").first.inner_text() for i in range(totals.count())} == years
    expense = sum(number(totals.nth(i).locator("td").nth(5).inner_text()) for i in range(totals.count()))
    assert expense == sum(gold_value(n, "expense_total") for n in SAMPLES)


def test_three_public_every_department_sortable_and_filterable(page, samples_site):
    open_page(page, samples_site, "three_public.html", "three_public")
    rows = page.locator("#three-public tbody tr")
    assert rows.count() == len(SAMPLES)
    shown = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        shown[cells.nth(0).inner_text()] = (number(cells.nth(3).inner_text()), number(cells.nth(13).inner_text()))
    assert shown == {gold_for(n)["department"]: (gold_value(n, "three_public_total"),
                                                 gold_value(n, "reception_domestic_persons")) for n in SAMPLES}
    header = page.locator("#three-public thead th").nth(13)  # 国内接待人次
    header.click()
    header.click()  # second click: ascending
    first = number(rows.first.locator("td").nth(13).inner_text())
    assert first == min(gold_value(n, "reception_domestic_persons") for n in SAMPLES)
    year = max(gold_for(n)["fiscal_year"] for n in SAMPLES)
    page.select_option("select[data-filter=year]", str(year))
    visible = page.locator("#three-public tbody tr:not([hidden])")
    assert visible.count() == sum(1 for n in SAMPLES if gold_for(n)["fiscal_year"] == year)
    assert page.get_attribute("#three-public-chart", "data-bars") == str(visible.count())
    page.locator("#three-public tbody tr:not([hidden]) td .ev").first.click()
    assert page.locator("#evidence").is_visible()


@pytest.mark.parametrize("name", SAMPLES)
def test_department_page(page, samples_site, pages, name):
    gold = gold_for(name)
    open_page(page, samples_site, pages[name], f"department_{name.removesuffix('.txt')}")
    assert gold["department"] in page.inner_text("h1") and str(gold["fiscal_year"]) in page.inner_text("h1")
    for code in ("income_total", "expense_total"):
        card = page.locator(f"[data-metric={code}] .num")
        assert number(card.inner_text()) == gold_value(name, code)
        assert card.get_attribute("title") == gold["metrics"][code]["evidence"]
    sources = [c for c in gold["metrics"] if c.startswith("income_") and c not in ("income_total", "income_grand_total")
               and not c.endswith("_pct")]
    assert page.locator(".chart[data-chart=sources] .bars .point").count() == len(sources)
    assert page.locator(".chart[data-chart=functions] .treemaplayer").count() == 1
    items = page.locator("#functions tbody tr")
    assert items.count() == len(gold["gpb_items"])
    assert sum(number(items.nth(i).locator("td").nth(3).inner_text()) for i in range(items.count())) == sum(
        Decimal(item["amount"]) for item in gold["gpb_items"])
    for code in ("three_public_total", "reception_expense", "vehicle_expense"):
        row = page.locator(f"#three-public tr[data-code={code}] td").nth(1)
        assert number(row.inner_text()) == gold_value(name, code)
    assert page.locator("#projects tbody tr").count() == len(gold["performance_projects"])
    page.locator("[data-metric=income_total] .num").click()
    assert page.inner_text("#evidence div") == gold["metrics"]["income_total"]["evidence"]


def test_data_dictionary_lists_every_mart_column_with_its_comment(page, samples_site, samples_warehouse):
    open_page(page, samples_site, "dictionary.html", "dictionary")
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        columns = con.execute("select table_name, count(*), count(comment) from duckdb_columns() "
                              "where schema_name = 'marts' group by 1").fetchall()
    for table, n, commented in columns:
        rows = page.locator(f"table[data-table={table}] tbody tr")
        assert rows.count() == n, table
        assert sum(1 for i in range(n) if rows.nth(i).locator("td").nth(2).inner_text().strip()) == commented
