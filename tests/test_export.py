"""`make export`: every mart as Parquet and CSV, one department's rows as a workbook, read back exactly."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import polars as pl
import pytest

from pipeline import export
from pipeline.config import PROJECT_ROOT


def run_export(warehouse: Path, target: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m pipeline export` (what `make export` runs) on the warehouse, into the target folder."""
    env = {**os.environ, "BUDGET_WAREHOUSE": str(warehouse), "BUDGET_EXPORT_DIR": str(target)}
    return subprocess.run([sys.executable, "-m", "pipeline", "export", *args], capture_output=True, text=True,
                          env=env, cwd=PROJECT_ROOT, timeout=300)


def mart_rows(warehouse: Path, where: str = "true", params: tuple = ()) -> dict[str, tuple[list, list]]:
    """Each mart's (columns with their types, rows) as DuckDB holds them."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result = {}
        for mart in export.marts(con):
            types = con.execute(export.COLUMNS, [mart]).fetchall()
            rows = con.execute(f'select * from marts."{mart}" where {where}', list(params)).fetchall()
            result[mart] = ([(name, data_type) for name, data_type, _ in types], rows)
        return result


@pytest.fixture(scope="module")
def exported(samples_warehouse, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("export") / "export"
    done = run_export(samples_warehouse, target)
    assert done.returncode == 0, done.stderr
    return target


def test_every_mart_is_written_as_parquet_and_csv_with_its_rows(samples_warehouse, exported):
    marts = mart_rows(samples_warehouse)
    assert len(marts) >= 14 and sum(len(rows) for _, rows in marts.values()) > 100
    written = sorted(p.name for p in exported.iterdir() if p.suffix != ".xlsx")
    assert written == sorted(f"{mart}.{ext}" for mart in marts for ext in ("csv", "parquet"))
    for mart, (columns, rows) in marts.items():
        parquet = pl.read_parquet(exported / f"{mart}.parquet")
        table = pd.read_csv(exported / f"{mart}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert parquet.columns == list(table.columns) == [name for name, _ in columns], mart
        assert parquet.height == len(table) == len(rows), mart


def test_the_csvs_open_as_utf8_with_a_bom_and_give_back_the_exact_decimals(samples_warehouse, exported):
    names = set()
    for mart, (columns, rows) in mart_rows(samples_warehouse).items():
        raw = (exported / f"{mart}.csv").read_bytes()
        assert raw.startswith(export.UTF8_BOM), mart
        with open(exported / f"{mart}.csv", encoding="utf-8-sig", newline="") as handle:
            read = list(csv.DictReader(handle))
        decimals = [i for i, (_, data_type) in enumerate(columns) if data_type.startswith("DECIMAL")]
        stated = Counter(tuple(row[i] for i in decimals) for row in rows)
        back = Counter(tuple(Decimal(r[columns[i][0]]) if r[columns[i][0]] != "" else None for i in decimals)
                       for r in read)
        assert back == stated, mart  # a figure never stated is an empty field, not 0
        text = Counter(tuple(r[columns[i][0]] for i in decimals) for r in read)
        assert text == Counter(tuple("" if row[i] is None else str(row[i]) for i in decimals) for row in rows), mart
        if read and "department_name" in read[0]:
            names |= {r["department_name"] for r in read}
    assert any("办公室" in name for name in names)


def test_the_parquet_files_keep_the_decimal_types(samples_warehouse, exported):
    for mart, (columns, rows) in mart_rows(samples_warehouse).items():
        frame = pl.read_parquet(exported / f"{mart}.parquet")
        for name, data_type in columns:
            if data_type.startswith("DECIMAL"):
                assert isinstance(frame.schema[name], pl.Decimal), (mart, name)
        assert Counter(frame.rows()) == Counter(rows), mart


def test_a_department_workbook_has_one_sheet_per_mart_with_its_rows_alone(samples_warehouse, exported):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        department = export.departments(con)[0]
    done = run_export(samples_warehouse, exported, "--department", department)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(exported / export.workbook_name(department), read_only=True)
    marts = mart_rows(samples_warehouse, export.OF_DEPARTMENT, (department,))
    assert book.sheetnames == list(marts)
    assert sum(len(rows) for _, rows in marts.values()) > 20
    for mart, (columns, rows) in marts.items():
        header, *cells = book[mart].iter_rows(values_only=True)
        assert list(header) == [name for name, _ in columns], mart
        assert len(cells) == len(rows), mart
        names = [name for name, _ in columns]
        if "department_name" in names:
            assert {row[names.index("department_name")] for row in cells} <= {department}, mart
        for i, (name, data_type) in enumerate(columns):
            if data_type.startswith("DECIMAL"):
                assert Counter(row[i] for row in cells) == Counter(
                    None if row[i] is None else float(row[i]) for row in rows), (mart, name)
                assert all(isinstance(row[i], (int, float)) for row in cells if row[i] is not None), (mart, name)


def test_a_whole_export_keeps_the_department_workbooks_and_swaps_in_whole(samples_warehouse, exported, monkeypatch):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        department = export.departments(con)[-1]
    export.export_department(samples_warehouse, exported, department)
    before = {p.name: p.read_bytes() for p in exported.iterdir()}

    def fail_midway(con, building):
        (building / "documents.csv").write_text("half", encoding="utf-8")
        raise OSError("disk full")
    monkeypatch.setattr(export, "_write_marts", fail_midway)
    with pytest.raises(OSError):
        export.export_marts(samples_warehouse, exported)
    assert {p.name: p.read_bytes() for p in exported.iterdir()} == before  # the previous export, whole
    assert not export.building_path(exported).exists()
    monkeypatch.undo()

    export.export_marts(samples_warehouse, exported)
    assert {p.name for p in exported.iterdir()} == set(before)
    assert (exported / export.workbook_name(department)).read_bytes() == before[export.workbook_name(department)]


def test_an_unknown_department_is_named_and_nothing_is_written(samples_warehouse, tmp_path):
    done = run_export(samples_warehouse, tmp_path / "export", "--department", "不存在的部门")
    assert done.returncode == 2
    assert "no document of a department named '不存在的部门'" in done.stderr
    assert not (tmp_path / "export").exists()


def test_without_a_warehouse_it_says_how_to_build_one(tmp_path):
    done = run_export(tmp_path / "none.duckdb", tmp_path / "export")
    assert done.returncode == 1 and "build it first with `make run`" in done.stderr
    assert not (tmp_path / "export").exists()
