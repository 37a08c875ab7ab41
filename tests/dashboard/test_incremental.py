"""Rebuilding the dashboard writes only the files whose data changed, and gives the site a full build gives."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.dashboard import build, build_dashboard, data


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def made(site: Path) -> int:
    """How many files the site's manifest lists: every file made from the data and the code."""
    return len(json.loads((site / build.MANIFEST).read_bytes()))


def from_scratch(warehouse: Path, folder: Path) -> dict[str, bytes]:
    return files(build_dashboard(warehouse, folder).path)


@pytest.fixture
def warehouse(samples_warehouse, tmp_path) -> Path:
    """A copy of the samples' warehouse that a test may change."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(samples_warehouse, copy)
    return copy


def documents(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [d for (d,) in con.execute("select doc_id from marts.documents where status = 'loaded' "
                                          "order by doc_id").fetchall()]


def change_one_and_remove_another(warehouse: Path) -> tuple[str, str]:
    """One department's totals and 三公 change; another department's report is gone."""
    changed, removed = documents(warehouse)[:2]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update core.fact_metric set value = value + 1 where doc_id = ? "
                    "and metric_code in ('income_total', 'reception_expense')", [changed])
        con.execute("update core.fact_three_public set reception_expense = reception_expense + 1 where doc_id = ?",
                    [changed])
        con.execute("delete from core.dim_document where doc_id = ?", [removed])
    return changed, removed


def test_a_rebuild_writes_only_what_changed_and_equals_a_full_build(warehouse, tmp_path):
    original = tmp_path / "original.duckdb"
    shutil.copy(warehouse, original)
    site = tmp_path / "site"
    first = build_dashboard(warehouse, site)
    assert first.written == made(site) > 0

    again = build_dashboard(warehouse, site)
    assert again.written == 0 and files(site) == from_scratch(warehouse, tmp_path / "same")

    changed, removed = change_one_and_remove_another(warehouse)
    after = build_dashboard(warehouse, site)
    assert 0 < after.written < after.pages
    assert f"departments/{removed}.html" not in files(site)
    assert files(site) == from_scratch(warehouse, tmp_path / "changed")

    back = build_dashboard(original, site)  # the removed report is added again, the changed one changed back
    assert 0 < back.written < back.pages
    assert files(site) == from_scratch(original, tmp_path / "back")


@pytest.mark.parametrize("damage", ["truncated", "not a mapping", "lost"])
def test_a_damaged_manifest_means_every_file_is_made(warehouse, tmp_path, damage):
    site = tmp_path / "site"
    build_dashboard(warehouse, site)
    manifest = site / build.MANIFEST
    if damage == "lost":
        manifest.unlink()
    else:
        manifest.write_text(manifest.read_text()[:40] if damage == "truncated" else "[]")
    change_one_and_remove_another(warehouse)
    rebuilt = build_dashboard(warehouse, site)
    assert rebuilt.written == made(site) > 0
    assert files(site) == from_scratch(warehouse, tmp_path / "fresh")


def test_a_file_missing_from_the_published_site_is_made_again(warehouse, tmp_path):
    site = tmp_path / "site"
    build_dashboard(warehouse, site)
    (site / f"departments/{documents(warehouse)[0]}.html").unlink()
    assert build_dashboard(warehouse, site).written == 1
    assert files(site) == from_scratch(warehouse, tmp_path / "fresh")


def test_other_code_or_templates_render_every_page_again(warehouse, tmp_path, monkeypatch):
    site = tmp_path / "site"
    built = build_dashboard(warehouse, site)
    monkeypatch.setattr(build, "_code_fingerprint", lambda: b"other templates")
    assert build_dashboard(warehouse, site).written == built.pages + 1  # and site.js; the static assets are kept


def test_a_build_killed_midway_leaves_the_published_site_as_it_was(warehouse, tmp_path):
    site = tmp_path / "site"
    build_dashboard(warehouse, site)
    published = files(site)
    change_one_and_remove_another(warehouse)

    def killed(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_dashboard(warehouse, site, on_page=killed)
    assert files(site) == published
    build_dashboard(warehouse, site)
    assert files(site) == from_scratch(warehouse, tmp_path / "fresh")


def test_a_rebuild_reads_the_rows_of_the_changed_documents_only(warehouse, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build_dashboard(warehouse, site)
    changed, _ = change_one_and_remove_another(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (source,) = con.execute("select source_file from marts.documents where doc_id = ?", [changed]).fetchone()
    read, stream = [], build.stream_documents
    monkeypatch.setattr(build, "stream_documents", lambda con, sources: stream(con, read.extend(sources) or sources))
    rendered, rows = [], build.RowStore.rows  # the documents whose rows the list pages render
    monkeypatch.setattr(build.RowStore, "rows", lambda self, page, keys, render: rows(
        self, page, keys, lambda files: rendered.append((page, files)) or render(files)))
    build_dashboard(warehouse, site)
    assert read == [source]
    assert rendered == [("three_public", [source]), ("departments", [source])]
    assert files(site) == from_scratch(warehouse, tmp_path / "fresh")


def test_a_damaged_row_store_is_started_anew(warehouse, tmp_path):
    site = tmp_path / "site"
    build_dashboard(warehouse, site)
    site.with_name(site.name + build.ROW_STORE).write_bytes(b"not a database" * 100)
    change_one_and_remove_another(warehouse)
    build_dashboard(warehouse, site)
    assert files(site) == from_scratch(warehouse, tmp_path / "fresh")


def test_documents_streamed_a_few_at_a_time_make_the_same_site(warehouse, tmp_path, monkeypatch):
    whole = from_scratch(warehouse, tmp_path / "whole")
    monkeypatch.setattr(data, "DOCUMENTS_PER_PASS", 2)  # the samples' five documents in three passes
    assert from_scratch(warehouse, tmp_path / "in_passes") == whole
