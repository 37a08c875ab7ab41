"""Publish the warehouse: build a new DuckDB file, then swap it in atomically.

DuckDB lets one writer block every reader, so the run never writes into the
published file: it builds a new file in a folder ``<name>.building`` beside
it and renames it over the old one only when everything succeeded. Analysts keep reading the
previous warehouse meanwhile; a failed or killed run leaves it intact.

The new file starts as a copy of the published one when that was built on the
same basis (lake version, reference tables, models, libraries): dbt's
per-document models then only delete the rows of documents gone and add those
of new ones (sql/macros/per_document.sql). On another basis it starts empty.

One run at a time builds a warehouse: a run holds an exclusive lock
(``<name>.lock``) for its whole build, and a second run waits for it. Whoever
holds the lock is the only builder, so any building file it finds is the
leftover of a killed run and is removed.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from importlib.metadata import version
from pathlib import Path

import duckdb

from pipeline.lake.mirror import mirror_state, mirror_version
from pipeline.load.models import DATABASE_FILE, PROJECT_DIR, build_models

_held: dict[Path, int] = {}  # lock files this process holds, with their nesting depth


@contextmanager
def build_lock(target: Path, what: str) -> Iterator[None]:
    """Hold the exclusive lock on a built path, ``<name>.lock`` beside it (re-entrant within a process); wait if
    another run holds it. ``what`` names the target in the message a waiting run prints.

    Whoever holds the lock is the only builder of the target, so building files of it (``<name>.building*``)
    that it finds are leftovers of a killed run and are removed. The kernel releases the lock when its holder
    dies, even by kill -9.
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
            print(f"{target}: another run (pid {holder}) is building this {what}; waiting for it to finish",
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


def warehouse_lock(target: Path) -> AbstractContextManager[None]:
    """Hold the exclusive lock on the warehouse path (re-entrant within a process); wait if another run holds it."""
    return build_lock(target, "warehouse")


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


def building_path(target: Path) -> Path:
    """The folder (or file) a build of the target writes before it is published (the same from build to build)."""
    return target.with_name(f"{target.name}.building")


@contextmanager
def building_warehouse(target: Path, mirror: Path, reference_dir: Path,
                       project_dir: Path = PROJECT_DIR) -> Iterator[Path]:
    """Under the warehouse's lock: the file to build, published atomically with its fingerprint when the
    block succeeds. It is ``DATABASE_FILE`` in the building folder (``<name>.building``), with DuckDB's
    write-ahead log and spill files beside it; the folder goes when the block ends, and with it any partial
    file of a failure of any kind (a full disk included).

    The paths are the same from build to build. That is safe because dbt runs
    inside the process holding the lock (``build_models``): nothing outlives a
    killed run to write into the next one's file.
    """
    with warehouse_lock(target):
        folder = building_path(target)
        building = folder / DATABASE_FILE
        fingerprint = build_fingerprint(mirror_state(mirror), reference_dir, project_dir)
        basis = build_basis(mirror, reference_dir, project_dir)
        try:
            folder.mkdir(exist_ok=True)
            if published_build(target).get("basis") == basis:
                shutil.copyfile(target, building)
            else:
                create_database(building)
            yield building
            _record_build(building, fingerprint, basis)
            os.replace(building, target)
        finally:
            _remove(folder)


def publish_warehouse(mirror: Path, target: Path, reference_dir: Path, project_dir: Path = PROJECT_DIR) -> Path:
    """Build staging, core and marts from the lake's mirror with dbt (models and data tests) and publish them."""
    with building_warehouse(target, mirror, reference_dir, project_dir) as building:
        build_models(building, mirror, reference_dir, project_dir)
    return target


def build_fingerprint(mirror_state: str, reference_dir: Path, project_dir: Path = PROJECT_DIR) -> str:
    """What a build is made of: the documents (the mirror's state), the reference tables and the models."""
    return _digest(mirror_state, reference_dir, project_dir)


# The libraries that run the models: another version may build other rows, or store them in another format.
MODEL_LIBRARIES = ("duckdb", "dbt-core", "dbt-duckdb")

# The format the warehouse is written in: the oldest DuckDB 2.0 writes (storage version 64), and it holds
# every type, comment and view of the warehouse exactly. DuckDB 1.0.0 and every later release reads it: the
# 1.x command line, Python packages and the JDBC/ODBC drivers of BI tools; DuckDB 2.0's own format only 2.0
# reads. (Asked for v0.10.0, DuckDB 2.0.1 writes a file that 0.10.0 cannot read.)
STORAGE_VERSION = "v1.0.0"


def create_database(path: Path) -> None:
    """An empty database file in ``STORAGE_VERSION``. DuckDB keeps a file's format whenever it writes to it
    again, so dbt's build into it, and every incremental build into a copy of it, keep that format."""
    quoted = str(path).replace("'", "''")
    with duckdb.connect() as con:
        con.execute(f"attach '{quoted}' as created (storage_version '{STORAGE_VERSION}')")
        con.execute("detach created")


def storage_version(con: duckdb.DuckDBPyConnection) -> str:
    """The storage format of the connection's database file, as DuckDB reads it from the file (``v1.0.0+``:
    the format DuckDB 1.0.0 to 1.1 wrote, which every later release reads)."""
    return con.execute("select tags['storage_version'] from duckdb_databases() "
                       "where database_name = current_database()").fetchone()[0]


def build_basis(mirror: Path, reference_dir: Path, project_dir: Path = PROJECT_DIR) -> str:
    """What each document's rows are made with, whichever documents are loaded: the lake's version (the
    extraction code), the reference tables, the models, the libraries that run them and the storage format."""
    libraries = " ".join(f"{name} {version(name)}" for name in MODEL_LIBRARIES)
    return _digest(f"{mirror_version(mirror)} {libraries} storage {STORAGE_VERSION}", reference_dir, project_dir)


def _digest(head: str, reference_dir: Path, project_dir: Path) -> str:
    digest = hashlib.sha256(head.encode())
    for root in (Path(reference_dir), Path(project_dir)):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".csv", ".sql", ".yml") and path.is_file() and "target" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def published_build(target: Path) -> dict[str, str]:
    """The published warehouse's meta.build_info (fingerprint, basis); empty when there is no warehouse, or
    it cannot be opened or read."""
    if not target.exists():
        return {}
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            info = con.execute("select * from meta.build_info")
            return dict(zip((d[0] for d in info.description), info.fetchone() or ()))
    except duckdb.Error:
        return {}


def published_fingerprint(target: Path) -> str | None:
    """The fingerprint of the published warehouse; None when there is none or it has none."""
    return published_build(target).get("fingerprint")


def _record_build(building: Path, fingerprint: str, basis: str) -> None:
    with duckdb.connect(str(building)) as con:
        con.execute("create schema if not exists meta")
        con.execute("create or replace table meta.build_info as "
                    "select ? as fingerprint, ? as basis, now() as built_at, ? as storage_version",
                    [fingerprint, basis, storage_version(con)])
        con.execute("comment on table meta.build_info is '本仓库的构建信息：指纹（文档、参考表与模型）、基础、构建时间与存储格式'")
        con.execute("comment on column meta.build_info.fingerprint is '构建指纹：文档、参考表与模型相同则相同'")
        con.execute("comment on column meta.build_info.basis is "
                    "'构建基础：抽取版本、参考表、模型与库版本；相同则下次构建可在本文件副本上增量进行'")
        con.execute("comment on column meta.build_info.built_at is '构建完成时间'")
        con.execute("comment on column meta.build_info.storage_version is "
                    "'文件的存储格式：DuckDB 读出的存储版本标签（v1.0.0+ 为 DuckDB 1.0.0 起各版本均可读的格式）'")
        con.execute("checkpoint")
