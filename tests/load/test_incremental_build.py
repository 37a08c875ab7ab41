"""A build that starts from the published warehouse holds exactly what a build from nothing holds."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import duckdb

from pipeline.config import Settings
from pipeline.load import warehouse as load
from tests.conftest import FIXTURES, RAW_DIR, REFERENCE_DIR, SAMPLES, build_warehouse

DEV_TEXTS = sorted((FIXTURES / "dev" / "text").glob("*.txt"))  # reports with their standard tables' cells


def _contents(warehouse: Path) -> dict[str, Counter]:
    """Every relation of staging, core and marts: its rows, as a multiset."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relations = con.execute("select schema_name, table_name from duckdb_tables() "
                                "where schema_name in ('staging', 'core', 'marts') union all "
                                "select schema_name, view_name from duckdb_views() "
                                "where schema_name in ('staging', 'core', 'marts')").fetchall()
        return {f"{schema}.{name}": Counter(map(repr, con.execute(f"select * from {schema}.{name}").fetchall()))
                for schema, name in relations}


def _recording_copies(monkeypatch) -> list[tuple]:
    """The files the build copies, recorded as it copies them."""
    copies, copy = [], shutil.copyfile
    monkeypatch.setattr(load.shutil, "copyfile", lambda *paths: copies.append(paths) or copy(*paths))
    return copies


def test_documents_added_changed_and_removed_give_the_rows_of_a_full_build(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in [*(RAW_DIR / name for name in SAMPLES[:3]), DEV_TEXTS[0]]:
        shutil.copy(path, raw)
    settings = Settings(raw, tmp_path / "warehouse" / "budget.duckdb", REFERENCE_DIR, tmp_path / "cache")
    build_warehouse(settings)

    (raw / SAMPLES[0]).unlink()  # removed
    changed = raw / SAMPLES[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
    for path in (RAW_DIR / SAMPLES[3], DEV_TEXTS[1]):  # added
        shutil.copy(path, raw)
    copies = _recording_copies(monkeypatch)
    build_warehouse(settings)
    assert copies == [(settings.warehouse, load.building_path(settings.warehouse) / load.DATABASE_FILE)]

    fresh = Settings(raw, tmp_path / "fresh" / "budget.duckdb", REFERENCE_DIR, tmp_path / "cache")
    build_warehouse(fresh)
    incremental, full = _contents(settings.warehouse), _contents(fresh.warehouse)
    assert incremental.keys() == full.keys()
    assert {name: rows for name, rows in incremental.items() if rows != full[name]} == {}
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        loaded = {f for (f,) in con.execute("select source_file from marts.documents where status = 'loaded'").fetchall()}
        cells = con.execute("select count(*) from core.fact_statement_cell").fetchone()[0]
    assert loaded == {p.name for p in raw.iterdir()} and cells > 0


def test_a_build_on_another_basis_starts_from_nothing(tmp_path, monkeypatch):
    """Other models (or reference tables, lake version, libraries) may make other rows: nothing is copied."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SAMPLES[0], raw)
    settings = Settings(raw, tmp_path / "warehouse" / "budget.duckdb", REFERENCE_DIR, tmp_path / "cache")
    build_warehouse(settings)
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("update meta.build_info set basis = 'other', fingerprint = 'other'")
    copies = _recording_copies(monkeypatch)
    build_warehouse(settings)
    assert copies == []
    assert load.published_build(settings.warehouse)["basis"] == load.build_basis(
        settings.mirror, REFERENCE_DIR)
