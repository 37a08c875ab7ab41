"""No document can break the dashboard: marts holding rows with any column absent or odd still make a site,
and every text they hold reaches the pages as text, never as markup."""
from __future__ import annotations

import re
import shutil
import tempfile
from html import unescape
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline.dashboard import build_dashboard
from pipeline.dashboard.pages import page_of

# The marts the dashboard reads; in the copy they are tables, so that rows can be added to them.
MARTS = ("documents", "three_public", "department_metrics", "gpb_expenditure_items", "performance_projects",
         "performance_indicators", "consistency_findings", "quarantine", "function_expenditure")
MARKUP = '<img src=x onerror="alert(1)">'  # were it ever written unescaped, a page would run it
ODD_TEXT = [MARKUP, "", " ", "None", "{{ row }}", "%s %d %%", "'\"&<>", "a\nb\tc", "—", "\u200b", "长" * 300,
            "../../x", "0", "-1", "NaN", "1,234.56"]
LIMITS = {"INTEGER": 2**31 - 1, "BIGINT": 2**63 - 1}

texts = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=12))
# Columns whose values the dashboard tells apart: mostly the values a build writes, else anything.
KNOWN = {"status": ["loaded", "quarantined", "ignored", "pass", "fail", "skip"],
         "severity": ["error", "warning", "info"], "unit": ["wan_yuan", "yuan", "pct", "count"],
         "metric_code": ["income_total", "expense_total", "three_public_total", "income_fiscal",
                         "expense_basic", "reception_domestic_persons", "official_vehicle_count"],
         "kind": ["document", "row:projects", "cell:gpb_expense"],
         "table_code": ["gpb_expense", "expense", "income"], "subject_code": ["201", "20101", "2010101"]}


# What a mart's rows are unique by in a document, beside its source file (its dbt tests say so).
KEYS = {"department_metrics": lambda row: row["metric_code"]}


def values(column: str, data_type: str, mart: str = "") -> st.SearchStrategy:
    """Any value of a column's type, absent or odd; a document is loaded one time in two."""
    if (mart, column) == ("documents", "status"):
        return st.one_of(st.just("loaded"), values(column, data_type))
    if column in KNOWN:
        return st.one_of(st.none(), st.sampled_from(KNOWN[column]), texts)
    if data_type == "VARCHAR":
        return st.one_of(st.none(), texts)
    if data_type == "BOOLEAN":
        return st.one_of(st.none(), st.booleans())
    if data_type in LIMITS:
        return st.one_of(st.none(), st.sampled_from([0, 1, -1, 2024]),
                         st.integers(-LIMITS[data_type], LIMITS[data_type]))
    precision, scale = map(int, re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", data_type).groups())
    bound = 10 ** (precision - scale) - 1
    return st.one_of(st.none(), st.decimals(-bound, bound, places=scale, allow_nan=False, allow_infinity=False))


@pytest.fixture(scope="module")
def tables_warehouse(samples_warehouse, tmp_path_factory) -> tuple[Path, dict[str, list[tuple[str, str]]]]:
    """A copy of the samples' warehouse whose marts are tables, and each mart's columns with their types."""
    copy = tmp_path_factory.mktemp("odd_rows") / "warehouse.duckdb"
    shutil.copy(samples_warehouse, copy)
    columns = {}
    with duckdb.connect(str(copy)) as con:
        for mart in MARTS:
            columns[mart] = con.execute("select column_name, data_type from duckdb_columns() where schema_name = "
                                        "'marts' and table_name = ? order by column_index", [mart]).fetchall()
            con.execute(f"create table marts.{mart}_rows as select * from marts.{mart}")
            con.execute(f"drop view marts.{mart}")
            con.execute(f"alter table marts.{mart}_rows rename to {mart}")
    return copy, columns


@st.composite
def documents(draw, columns: dict[str, list[tuple[str, str]]]) -> list[dict[str, list[dict]]]:
    """One to three documents, each a row of marts.documents, at most one of marts.three_public and a few of
    every other mart (one per metric code); its source file odd too (unique), every other column anything of
    its type."""
    sources = draw(st.lists(st.one_of(texts, st.just("x.pdf")).filter(bool), min_size=1, max_size=3, unique=True))
    docs = []
    for source in sources:
        rows = {}
        for mart, cols in columns.items():
            most = {"documents": (1, 1), "three_public": (0, 1)}.get(mart, (0, 3))
            rows[mart] = draw(st.lists(st.fixed_dictionaries(
                {c: st.just(source) if c == "source_file" else values(c, t, mart) for c, t in cols}),
                min_size=most[0], max_size=most[1], unique_by=KEYS.get(mart)))
        docs.append(rows)
    return docs


def shown_text(html: str) -> str:
    """A page's text as a reader sees it: tags dropped, entities read."""
    return unescape(re.sub(r"<[^>]*>", "", html))


def build_with(warehouse: Path, columns: dict[str, list[tuple[str, str]]], docs: list[dict[str, list[dict]]],
               folder: Path) -> tuple[Path, dict[Path, str]]:
    """The site of a copy of ``warehouse`` with the rows of ``docs`` added; its pages' text by path."""
    copy = folder / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        for mart, cols in columns.items():
            names = [c for c, _ in cols]
            rows = [[r[c] for c in names] for doc in docs for r in doc[mart]]
            if rows:
                con.executemany(f"insert into marts.{mart} ({', '.join(names)}) values "
                                f"({', '.join('?' * len(names))})", rows)
    site = build_dashboard(copy, folder / "site").path
    return site, {p: p.read_bytes().decode("utf-8") for p in site.rglob("*.html")}  # \r as written


def test_a_document_with_every_field_absent_has_its_page(tables_warehouse, tmp_path):
    """Loaded, and nothing else known: no name, year or region, and rows in every mart with only their file."""
    warehouse, columns = tables_warehouse
    source = "没有任何字段.pdf"
    doc = {mart: [dict.fromkeys((c for c, _ in cols), None) | {"source_file": source}] for mart, cols in columns.items()}
    doc["documents"][0]["status"] = "loaded"
    doc["department_metrics"].append({**doc["department_metrics"][0], "unit": "wan_yuan"})  # a value with no code
    site, pages = build_with(warehouse, columns, [doc], tmp_path)
    page = shown_text(pages[site / page_of(doc["documents"][0])])
    assert "未注明部门 · 未注明年度部门决算" in page and source in page
    assert "None" not in page
    assert source in shown_text(pages[site / "departments.html"])


# Bounded: a dozen sites built per run, no example database, and no shrinking (an odd site takes seconds to build,
# so shrinking one failure takes minutes); a failure prints its documents whole.
@settings(max_examples=12, deadline=None, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_rows_make_a_site_that_shows_their_text_as_text(tables_warehouse, data):
    warehouse, columns = tables_warehouse
    docs = data.draw(documents(columns))
    with tempfile.TemporaryDirectory() as folder:
        site, pages = build_with(warehouse, columns, docs, Path(folder))
        assert all(p.resolve().is_relative_to(site.resolve()) for p in pages)
        for page, html in pages.items():
            assert MARKUP not in html, page
        listing = shown_text(pages[site / "departments.html"])
        for doc in (d["documents"][0] for d in docs if d["documents"][0]["status"] == "loaded"):
            assert doc["source_file"].strip() in listing
            page = shown_text(pages[site / page_of(doc)])
            assert (doc["department_name"] or "未注明部门").strip() in page
