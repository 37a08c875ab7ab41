"""Publish the warehouse: build a new DuckDB file, then swap it in atomically.

DuckDB lets one writer block every reader, so the run never writes into the
published file: it builds ``<name>.<run>.building`` beside it and renames it
over the old one only when everything succeeded. Analysts keep reading the
previous warehouse meanwhile; a failed or killed run leaves it intact.

One run at a time builds a warehouse: a run holds an exclusive lock
(``<name>.lock``) for its whole build, and a second run waits for it. Whoever
holds the lock is the only builder, so any building file it finds is the
leftover of a killed run and is removed.
"""
from __future__ import annotations

import fcntl
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipeline.extract.statement_figures import statement_codes
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.load.models import PROJECT_DIR, build_models

def metric_definitions() -> pl.DataFrame:
    vocab = load_vocabulary()
    return pl.DataFrame([{"metric_code": m.code, "metric_name_zh": m.name_zh, "unit": m.unit,
                          "metric_group": vocab.group_of(m.code)} for m in vocab.metrics.values()])


def statement_definitions() -> dict[str, pl.DataFrame]:
    """The table and column codes of tables.yaml with their Chinese names."""
    tables, columns = statement_codes()
    return {"statement_table_definitions": pl.DataFrame({"table_code": list(tables), "table_name_zh": list(tables.values())}),
            "statement_column_definitions": pl.DataFrame({"column_code": list(columns),
                                                          "column_name_zh": list(columns.values())})}


_held: dict[Path, int] = {}  # lock files this process holds, with their nesting depth


@contextmanager
def warehouse_lock(target: Path) -> Iterator[None]:
    """Hold the exclusive lock on the warehouse path (re-entrant within a process); wait if another run holds it.

    The kernel releases the lock when its holder dies, even by kill -9.
    """
    lock_path = target.with_name(target.name + ".lock").absolute()
    if lock_path in _held:
        _held[lock_path] += 1
        try:
            yield
        finally:
            _held[lock_path] -= 1
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            print(f"{target}: another run (pid {holder}) is building this warehouse; waiting for it to finish",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        for leftover in _building_files(target):  # no run is building: a killed run left them
            _remove(leftover)
        _held[lock_path] = 1
        try:
            yield
        finally:
            del _held[lock_path]
    finally:
        os.close(fd)  # releases the lock


def _building_files(target: Path) -> list[Path]:
    """Building files of the target, with DuckDB's .wal and .tmp beside them."""
    return [p for p in target.parent.glob(f"{target.name}.*") if ".building" in p.name[len(target.name):]]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            _remove(child)
        path.rmdir()
    else:
        path.unlink(missing_ok=True)


def publish_warehouse(tables: dict[str, pl.DataFrame], target: Path, reference_dir: Path,
                      project_dir: Path = PROJECT_DIR) -> Path:
    """Build every layer from the staging frames into a new file and publish it.

    The frames become the tables of schema ``lake``; the dbt project in
    ``project_dir`` (sql/) builds staging, core and marts from them and tests them.

    A failure of any kind (a full disk included) removes the partial file.
    """
    with warehouse_lock(target):
        building = target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(4)}.building")
        try:
            _build(tables, building, reference_dir, project_dir)
            os.replace(building, target)
        except BaseException:
            for path in [building, *building.parent.glob(building.name + ".*")]:
                _remove(path)
            raise
    return target


def _build(tables: dict[str, pl.DataFrame], building: Path, reference_dir: Path, project_dir: Path) -> None:
    frames = {**tables, "metric_definitions": metric_definitions(), **statement_definitions()}
    with duckdb.connect(str(building)) as con:
        con.execute("create schema lake")
        for name, frame in frames.items():  # the frames' own types: money stays DECIMAL(20, 6)
            con.register("frame", frame)
            con.execute(f'create table lake."{name}" as select * from frame')
            con.unregister("frame")
        con.execute("checkpoint")
    build_models(building, reference_dir, project_dir)
