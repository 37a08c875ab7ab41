"""What is held back, as the dashboard shows it: the overview counts it by reason in a few Chinese lines; each
reason's page lists every file, row and number it holds back, with its evidence."""
from __future__ import annotations

import re
import shutil
from html import unescape

import duckdb

from pipeline.dashboard import build_dashboard
from pipeline.dashboard.pages import TOP
from tests.dashboard.test_incremental import files, from_scratch
from tests.dashboard.quarantined import (FAILED_ROWS, QUARANTINED, SET_ASIDE, quarantine_site,  # noqa: F401
                                         quarantine_warehouse)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The text of each body row's cells of a page's table."""
    body = re.search(rf'<table id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def test_the_overview_counts_what_is_held_back_in_at_most_ten_lines(quarantine_site):
    html = (quarantine_site / "index.html").read_text(encoding="utf-8")
    lines = table_rows(html, "quarantine")
    reasons = len(QUARANTINED) + 1 + len(SET_ASIDE) + 1  # the files, the ignored one, the numbers, the rows
    assert reasons > TOP and len(lines) == TOP
    assert lines[-1][0] == f"其他 {reasons - TOP + 1} 种原因"
    held = [sum(int(re.match(r"\d*", cell).group() or 0) for cell in line[2:]) for line in lines]
    assert sum(held) == len(QUARANTINED) + 1 + FAILED_ROWS + sum(SET_ASIDE.values())
    assert [line[4].split("（")[0] for line in lines[:2]] == [str(n) for n in SET_ASIDE.values()]
    assert "column not determined" not in html  # no number is listed on the overview, only counted


def test_a_reasons_page_lists_every_number_it_sets_aside_with_its_evidence(quarantine_site, quarantine_warehouse):
    with duckdb.connect(str(quarantine_warehouse), read_only=True) as con:
        stated = sorted(con.execute("select evidence from marts.quarantine where reason_code = 'column_no_fit'")
                        .fetchall())
        by_table = dict(con.execute("select source_file || ' ' || table_code, count(*) from staging.set_aside_cells "
                                    "where reason_code = 'column_no_fit' group by all").fetchall())
        titles = dict(con.execute("select table_code, table_name_zh from core.dim_statement_table").fetchall())
    html = (quarantine_site / "quarantine" / "column_no_fit.html").read_text(encoding="utf-8")
    rows = table_rows(html, "quarantined")
    assert len(rows) == SET_ASIDE["column_no_fit"] == len(stated)
    assert sorted((row[5],) for row in rows) == stated
    # the detail without the file's name (it has a column of its own), with the numbers set aside
    assert all(re.fullmatch(r"column not determined: 2 column arrangements fit：\d+\.50", row[4]) for row in rows)
    counted = {f"{source} {code}": int(n) for source, what, n in table_rows(html, "by-table")
               for code, title in titles.items() if what == f"数字（{title}）"}
    assert counted == by_table


def test_the_quarantine_page_lists_every_reason_and_each_has_a_page(quarantine_site):
    lines = table_rows((quarantine_site / "quarantine.html").read_text(encoding="utf-8"), "reasons")
    codes = [*QUARANTINED, "hidden", *SET_ASIDE, "row_not_nullable"]
    assert len(lines) == len(codes)
    assert {p.stem for p in (quarantine_site / "quarantine").glob("*.html")} == set(codes)
    assert all(re.search(r"[\u4e00-\u9fff]", line[0]) for line in lines)


def test_a_changed_number_remakes_its_reasons_page_alone(quarantine_warehouse, tmp_path):
    """The overview and the quarantine page show the reasons' counts, which stay; the reason's page shows the
    number's evidence."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(quarantine_warehouse, warehouse)
    site = tmp_path / "site"
    build_dashboard(warehouse, site)
    before = files(site)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update staging.set_aside_cells set evidence = evidence || '（更正）' "
                    "where reason_code = 'column_no_fit' and numbers = '201.50'")
    rebuilt = build_dashboard(warehouse, site)
    after = files(site)
    changed = {name for name in after if after[name] != before.get(name)} - {".manifest.json", "warehouse.json"}
    assert changed == {"quarantine/column_no_fit.html"}
    assert rebuilt.written == 1
    assert "（更正）" in after["quarantine/column_no_fit.html"].decode()
    assert after == from_scratch(warehouse, tmp_path / "fresh")
