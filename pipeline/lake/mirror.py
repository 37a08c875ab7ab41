"""The lake's rows of the documents a run loads, in one DuckDB file, kept up to date incrementally.

Reading 10,000 documents' Parquet files takes seconds per table; a nightly run
changes a handful. So the mirror (``mirror.duckdb`` in the cache folder) holds
the lake's tables for the documents of the last run, keyed by ``doc_id``, and
each run deletes the rows of documents no longer loaded and inserts those of
the new ones, in one transaction: a kill or a full disk rolls it back, and the
next run starts from the last complete state. The warehouse build reads it
(attached read-only) and never writes into it.

The rows of files that are not loaded (quarantined, ignored) are this run's
alone and are inserted each run; the definition tables are replaced whole.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import polars as pl

from pipeline.config import duckdb_memory_limit
from pipeline.extract.statement_figures import item_keys, statement_codes
from pipeline.extract.frames import QUARANTINE_SCHEMA, SCHEMAS
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.lake.store import Lake
from pipeline.text.reasons import reasons
from pipeline.validate.consistency import FINDING_SCHEMA

# Tables each lake entry may hold, with their columns (doc_id and source_file are the loading file's).
DOCUMENT_TABLES: dict[str, dict[str, pl.DataType]] = {
    **SCHEMAS,
    "row_quarantine": QUARANTINE_SCHEMA,
    "consistency_checks": FINDING_SCHEMA,
}


def update_mirror(path: Path, lake: Lake, loaded: Iterable[tuple[str, str, str]],
                  run_rows: dict[str, pl.DataFrame], whole_tables: dict[str, pl.DataFrame],
                  state: str = "") -> dict[str, int]:
    """Bring the mirror to exactly the ``loaded`` documents (doc_id, source_file, sha256 of the lake entry);
    return rows per table.

    ``run_rows`` are added to their tables for this run only (the files not
    loaded); ``whole_tables`` replace their previous versions. ``state``
    names what the mirror now holds (see ``pipeline.run.batch_state``), for
    the build to record. Only the entries of documents the mirror lacks are read.
    """
    manifest = pl.DataFrame(list(loaded), schema={"doc_id": pl.String, "source_file": pl.String, "sha256": pl.String},
                            orient="row")
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"memory_limit": duckdb_memory_limit()}
    try:
        con = duckdb.connect(str(path), config=config)
    except duckdb.Error:  # a damaged mirror is a cache: rebuilt from the lake
        _remove_database(path)
        con = duckdb.connect(str(path), config=config)
    with con:
        con.execute("begin")
        _create_tables(con, lake.version)
        con.register("manifest", manifest)
        con.execute("delete from lake.entries where doc_id not in (select doc_id from manifest)")
        new = con.execute("select doc_id, source_file, sha256 from manifest anti join lake.entries using (doc_id)")
        files = _entry_files(lake, new.fetchall())
        for table in DOCUMENT_TABLES:
            con.execute(f"delete from lake.{table} where doc_id not in (select doc_id from manifest)")
            if files[table]:
                _insert(con, table, files[table])
        con.execute("insert into lake.entries select doc_id from manifest anti join lake.entries using (doc_id)")
        for name, frame in run_rows.items():
            con.register("rows", frame)
            con.execute(f"insert into lake.{name} by name select * from rows")
            con.unregister("rows")
        for name, frame in whole_tables.items():
            con.register("whole", frame)
            con.execute(f"create or replace table lake.{name} as select * from whole")
            con.unregister("whole")
        con.unregister("manifest")
        con.execute("create or replace table lake.state as select ? as state", [state])
        counts = {t: con.execute(f"select count(*) from lake.{t}").fetchone()[0] for t in DOCUMENT_TABLES}
        con.execute("commit")
        con.execute("checkpoint")
    return counts


def mirror_state(path: Path) -> str | None:
    """What the mirror holds, as ``update_mirror`` was told."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select state from lake.state").fetchone()[0]


def mirror_version(path: Path) -> str | None:
    """The lake version whose rows the mirror holds (None when it names none)."""
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute("select version from lake.version").fetchone()
    return row[0] if row else None


def mirrored_documents(path: Path, version: str) -> set[str]:
    """doc_ids whose rows the mirror holds for this lake version (none when it is missing or damaged)."""
    if not path.exists():
        return set()
    try:
        if mirror_version(path) != version:
            return set()
        with duckdb.connect(str(path), read_only=True) as con:
            return {doc_id for (doc_id,) in con.execute("select doc_id from lake.entries").fetchall()}
    except duckdb.Error:
        return set()


def _entry_files(lake: Lake, new: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    """Each table's Parquet files of the documents entering the mirror, with their doc_id and source_file
    (each entry's summary read once). An entry gone since the run checked it fails the update: nothing of it
    is committed, and the next run extracts the document again."""
    files: dict[str, list[tuple[str, str, str]]] = {table: [] for table in DOCUMENT_TABLES}
    for doc_id, source_file, sha256 in new:
        summary = lake.summary(sha256)
        if summary is None:
            raise RuntimeError(f"{source_file}: its lake entry {lake.entry(sha256)} is gone or incomplete")
        for table in DOCUMENT_TABLES:
            if file := lake.table_file(summary, table):
                files[table].append((str(file), doc_id, source_file))
    return files


def _insert(con: duckdb.DuckDBPyConnection, table: str, files: list[tuple[str, str, str]]) -> None:
    """Append the rows of these entry files under the loading file's doc_id and source_file."""
    con.register("files", pl.DataFrame(files, schema=["file", "loading_doc_id", "loading_source_file"], orient="row"))
    con.execute(f"""insert into lake.{table} by name
        select * exclude (file, loading_doc_id, loading_source_file) replace (loading_doc_id as doc_id,
               loading_source_file as source_file)
        from read_parquet(?, filename = 'file') join files using (file)""", [[f for f, _, _ in files]])
    con.unregister("files")


def _create_tables(con: duckdb.DuckDBPyConnection, version: str) -> None:
    """The mirror's tables, empty; all of them anew when the lake's version changed (its rows are another code's)."""
    con.execute("create schema if not exists lake")
    con.execute("create table if not exists lake.version (version varchar)")
    if con.execute("select version from lake.version").fetchall() != [(version,)]:
        for table in (*DOCUMENT_TABLES, "entries"):
            con.execute(f"drop table if exists lake.{table}")
        con.execute("delete from lake.version")
        con.execute("insert into lake.version values (?)", [version])
    con.execute("create table if not exists lake.entries (doc_id varchar primary key)")
    for table, schema in DOCUMENT_TABLES.items():
        con.register("empty", pl.DataFrame(schema=schema))
        con.execute(f"create table if not exists lake.{table} as select * from empty")
        con.unregister("empty")


def _remove_database(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def definition_tables() -> dict[str, pl.DataFrame]:
    """The vocabularies' codes with their Chinese names: metrics.yaml, the table and column codes of tables.yaml,
    the items of the 三公 table with each wording's row key, and the reason codes of reasons.yaml."""
    vocab = load_vocabulary()
    tables, columns = statement_codes()
    return {
        "metric_definitions": pl.DataFrame([{"metric_code": m.code, "metric_name_zh": m.name_zh, "unit": m.unit,
                                             "metric_group": vocab.group_of(m.code)} for m in vocab.metrics.values()]),
        "statement_table_definitions": pl.DataFrame({"table_code": list(tables), "table_name_zh": list(tables.values())}),
        "statement_column_definitions": pl.DataFrame({"column_code": list(columns),
                                                      "column_name_zh": list(columns.values())}),
        "reason_definitions": pl.DataFrame({"reason_code": list(reasons()), "reason_zh": list(reasons().values())}),
        "statement_item_definitions": pl.DataFrame(item_keys()),
    }
