"""The warehouse is written in a storage format DuckDB 1.x reads, on a fresh build and on a copy of one."""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import duckdb

from pipeline.load import warehouse as load
from pipeline.sql_shell import cli

READ_BY_1X = "v1.0.0+"  # the tag DuckDB gives storage version 64, which every release since 1.0.0 reads


def _tag(path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return load.storage_version(con)


def _write_as_a_build_does(path, amount: str) -> None:
    """Tables of exact money with comments and a view over them, written by DuckDB 2.0 into an existing file."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        con.execute(f"create or replace table marts.amounts as select {amount}::decimal(20, 6) as amount_wan_yuan")
        con.execute("comment on column marts.amounts.amount_wan_yuan is '金额（万元）'")
        con.execute("create or replace view marts.amounts_view as select * from marts.amounts")
        con.execute("checkpoint")


def test_a_new_file_and_its_copies_keep_the_format_through_every_write(tmp_path):
    fresh = tmp_path / "warehouse.duckdb"
    load.create_database(fresh)
    _write_as_a_build_does(fresh, "123456789012.345678")
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(fresh, copy)  # an incremental build starts from a copy of the published file
    _write_as_a_build_does(copy, "0.000001")
    assert (_tag(fresh), _tag(copy)) == (READ_BY_1X, READ_BY_1X)
    with duckdb.connect(str(tmp_path / "default.duckdb")) as con:  # what DuckDB 2.0 writes unasked
        assert load.storage_version(con) != READ_BY_1X

    done = subprocess.run([str(cli()), "-readonly", "-list", "-noheader", str(fresh), "-c",
                           "select amount_wan_yuan, (select comment from duckdb_columns() "
                           "where column_name = 'amount_wan_yuan' and table_name = 'amounts') from marts.amounts_view"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().split("|") == ["123456789012.345678", "金额（万元）"]
    assert Decimal(done.stdout.split("|")[0]) == Decimal("123456789012.345678")


def test_a_file_of_another_format_is_never_the_basis_of_a_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "mirror_version", lambda mirror: "lake-version")
    reference = tmp_path / "reference"
    reference.mkdir()
    basis = load.build_basis(tmp_path / "mirror.duckdb", reference)
    monkeypatch.setattr(load, "STORAGE_VERSION", "v1.2.0")
    assert load.build_basis(tmp_path / "mirror.duckdb", reference) != basis


def test_a_build_from_a_copy_of_the_published_file_keeps_its_format(tmp_path, monkeypatch):
    from pipeline.config import Settings
    from tests.conftest import RAW_DIR, REFERENCE_DIR, SAMPLES, build_warehouse

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SAMPLES[:2]:
        shutil.copy(RAW_DIR / name, raw)
    settings = Settings(raw, tmp_path / "warehouse" / "budget.duckdb", REFERENCE_DIR, tmp_path / "cache")
    build_warehouse(settings)
    assert _tag(settings.warehouse) == READ_BY_1X

    shutil.copy(RAW_DIR / SAMPLES[2], raw)
    copies, copy = [], shutil.copyfile
    monkeypatch.setattr(load.shutil, "copyfile", lambda *paths: copies.append(paths) or copy(*paths))
    build_warehouse(settings)
    assert copies == [(settings.warehouse, load.building_path(settings.warehouse) / load.DATABASE_FILE)]
    assert _tag(settings.warehouse) == READ_BY_1X
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select storage_version from meta.build_info").fetchone() == (READ_BY_1X,)
        assert con.execute("select count(*) from marts.documents where status = 'loaded'").fetchone() == (3,)
