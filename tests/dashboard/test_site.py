"""The dashboard as files: every page there, nothing loaded from the network, the right 功能分类 source."""
from __future__ import annotations

import re
import shutil

import duckdb

from pipeline.dashboard.data import connect, stream_documents
from tests.conftest import SAMPLES


def test_every_page_is_written_and_needs_nothing_from_the_network(samples_site, samples_warehouse):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        doc_ids = {d for (d,) in con.execute("select doc_id from marts.documents where status = 'loaded'").fetchall()}
    assert len(doc_ids) == len(SAMPLES)
    assert {p.stem for p in (samples_site / "departments").glob("*.html")} == doc_ids
    pages = list(samples_site.rglob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "three_public.html", "departments.html", "dictionary.html"}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), page
        for local in re.findall(r"""(?:src|href)="([^"#:]+)\"""", html):
            assert (page.parent / local).resolve().is_file(), (page, local)
    assert (samples_site / "assets" / "plotly.min.js").stat().st_size > 1_000_000


def test_function_items_come_from_the_standard_tables_where_a_document_has_them(samples_warehouse, tmp_path):
    """A document with 功能分类 rows in marts.function_expenditure shows those; the others keep the narrative's."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(samples_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("create or replace view marts.function_expenditure as "
                    "select source_file, 'gpb_expense' as table_code, subject_code, item_name as subject_name, "
                    "amount_wan_yuan * 2 as total from marts.gpb_expenditure_items "
                    f"where subject_code is not null and source_file = '{SAMPLES[0]}'")
    original, changed = _rows(samples_warehouse), _rows(copy)
    assert changed[SAMPLES[0]].function_source == "function_expenditure"
    assert all(changed[name].function_source == "gpb_expenditure_items" for name in SAMPLES[1:])
    coded = [i for i in original[SAMPLES[0]].function_items if i["item_code"]]
    assert sorted(i["amount_wan_yuan"] * 2 for i in coded) == sorted(
        i["amount_wan_yuan"] for i in changed[SAMPLES[0]].function_items)
    assert changed[SAMPLES[1]].function_items == original[SAMPLES[1]].function_items


def _rows(warehouse):
    with connect(warehouse) as con:
        return dict(stream_documents(con, SAMPLES))


def test_the_overview_lists_are_those_of_sorting_every_row():
    """Largest totals in row order and the largest rises, ties in row order, as sorted() over all rows gives."""
    from decimal import Decimal

    from pipeline.dashboard.pages import TOP, largest_and_growing

    rises = [None, Decimal("5"), Decimal("-1"), Decimal("5"), None, Decimal("12.5"), Decimal("0")] * 4
    rows = [{"n": n, "three_public_total": None if n % 3 == 0 else Decimal(100 - n),
             "vehicle_reception_change_pct": rise} for n, rise in enumerate(rises)]
    largest, growing = largest_and_growing(iter(rows))
    assert largest == [r for r in rows if r["three_public_total"] is not None][:TOP]
    rising = [r for r in rows if r["vehicle_reception_change_pct"] is not None]
    assert growing == sorted(rising, key=lambda r: r["vehicle_reception_change_pct"], reverse=True)[:TOP]
    assert [r["n"] for r in growing[:5]] == [5, 12, 19, 26, 1]


def test_templates_read_a_rows_keys_and_a_dicts_methods_as_plain_jinja_does():
    """The pages' environment looks a dict's key up first; a key named like a method still means the method,
    a missing one is an error (StrictUndefined), and other objects' attributes are read as before."""
    import jinja2
    import pytest

    from pipeline.dashboard.formatting import environment

    env = environment()
    row = {"name": "财政局", "items": "a key named like a method", "value": 0}
    assert env.from_string("{{ row.name }}|{{ row.value }}").render(row=row) == "财政局|0"
    assert env.from_string("{% for k, v in row.items() %}{{ k }};{% endfor %}").render(row=row) == "name;items;value;"
    assert env.from_string("{{ path.suffix }}").render(path=__import__("pathlib").Path("a.pdf")) == ".pdf"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ row.missing }}").render(row=row)


def test_the_overview_lists_the_rows_that_ranking_every_whole_row_gives(samples_warehouse):
    """The overview ranks on a few columns, then reads its listed rows whole: the same rows, evidence included,
    as ranking every whole row of marts.three_public."""
    from pipeline.dashboard.pages import COMPARED, TOP, overview as overview_of, three_public_row
    from pipeline.dashboard.data import load_summary, three_public_rows

    with connect(samples_warehouse) as con:
        summary = load_summary(con, COMPARED)
        loaded = [d for d in summary.documents if d["status"] == "loaded"]
        pages = {d["source_file"]: f"departments/{d['doc_id']}.html" for d in loaded}
        overview = overview_of(con, summary, loaded, pages)
        rows = [three_public_row(r, pages) for r in three_public_rows(con)]
    stated = [r for r in rows if r["three_public_total"] is not None]
    rising = [r for r in rows if r["vehicle_reception_change_pct"] is not None]
    assert stated and rising
    assert overview["largest"] == sorted(stated, key=lambda r: -r["three_public_total"])[:TOP]
    assert overview["largest"][0]["evidence"]["three_public_total"]
    assert overview["growing"] == sorted(rising, key=lambda r: -r["vehicle_reception_change_pct"])[:TOP]
