"""`python -m pipeline sql` (`make sql`): DuckDB's own command line on the published warehouse, read-only.

The CLI is PyPI's duckdb-cli, a locked dependency; its DuckDB (1.5) reads the
warehouse because the warehouse is written in an older storage format
(pipeline.load.warehouse.STORAGE_VERSION). It opens the file read-only and in
safe mode, which turns external access off and locks the configuration: no
``COPY … TO``, ``ATTACH``, ``INSTALL``/``LOAD`` or reading of other files, and
no dot command that writes files, opens another database or runs a shell.
Everything else of the CLI stays: line editing, completion, ``.tables``,
``describe``, ``duckdb_columns()`` (the data dictionary, every column's Chinese
comment), and a script on standard input (``make sql < queries.sql``) exits
non-zero when a statement fails.
"""
from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path


def cli() -> Path:
    """The DuckDB CLI binary of the duckdb-cli package. Its own launcher is not used: it first sets an
    extension directory, which safe mode refuses."""
    return Path(str(files("duckdb_cli") / "duckdb"))


def command(warehouse: Path, *options: str) -> list[str]:
    """The command line of the read-only, safe CLI on the warehouse. No ~/.duckdbrc is read: every analyst
    gets the same prompt."""
    return [str(cli()), "-readonly", "-safe", "-no-init", *options, str(warehouse)]


def main(warehouse: Path) -> int:
    """Replace this process by the CLI (its exit code is the command's); 1 when there is no warehouse."""
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: build it first with `make run`", file=sys.stderr)
        return 1
    if sys.stdin.isatty():
        print(f"{warehouse} (read-only, safe mode: no files, extensions or other databases) — SQL ending with ;"
              f"  `select * from duckdb_columns() where schema_name = 'marts'` is the data dictionary,"
              f" .quit leaves", file=sys.stderr, flush=True)
    sys.stdout.flush()
    args = command(warehouse)
    os.execv(args[0], args)
