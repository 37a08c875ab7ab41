"""`python -m pipeline sql`: a SQL prompt on the published warehouse, read-only.

It runs on the project's own duckdb package, the version that writes the
warehouse, so it always opens the file (PyPI's duckdb-cli 1.5 cannot read a
file written by duckdb 2.0). Statements end with `;` and may span lines;
`.tables` lists the marts and their comments, `.quit` or Ctrl-D leaves. When
standard input is not a terminal it runs what it reads as a script
(`make sql < queries.sql`).
"""
from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

PROMPT, CONTINUE = "budget> ", "   ...> "
TABLES = ("select schema_name || '.' || view_name as name, comment from duckdb_views() "
          "where schema_name = 'marts' order by 1")


def show(result: duckdb.DuckDBPyRelation) -> None:
    """A result as DuckDB's box table, as wide as the terminal."""
    result.show(max_width=shutil.get_terminal_size((160, 40)).columns, max_rows=100, null_value="NULL")


def run_script(con: duckdb.DuckDBPyConnection, text: str,
               output: Callable[[duckdb.DuckDBPyRelation], None] = show) -> int:
    """Run every statement of ``text``, handing each result to ``output``; returns how many failed."""
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    failed = 0
    for statement in statements:
        try:
            result = con.sql(statement.query)
        except duckdb.Error as exc:
            print(f"Error: {exc}", file=sys.stderr)
            failed += 1
            continue
        if result is not None:
            output(result)
    return failed


def _command(con: duckdb.DuckDBPyConnection, line: str) -> bool:
    """A dot command; False when it asks to leave."""
    word = line.split()[0]
    if word in (".quit", ".exit", ".q"):
        return False
    if word == ".tables":
        run_script(con, TABLES)
    else:
        print("commands: .tables (the marts), .quit; anything else is SQL ending with ;")
    return True


def interactive(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """Read statements line by line until `;`, with history, until .quit or end of input."""
    try:
        import readline  # noqa: F401 — line editing and history for input()
    except ImportError:
        pass
    print(f"{warehouse} (read-only) — SQL ending with ;  .tables lists the marts, .quit leaves")
    buffer: list[str] = []
    while True:
        try:
            line = input(CONTINUE if buffer else PROMPT)
        except EOFError:
            print()
            return
        except KeyboardInterrupt:
            print()
            buffer.clear()
            continue
        if not buffer and line.strip().startswith("."):
            if not _command(con, line.strip()):
                return
            continue
        buffer.append(line)
        if line.rstrip().endswith(";"):
            run_script(con, "\n".join(buffer))
            buffer.clear()


def main(warehouse: Path) -> int:
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: build it first with `make run`", file=sys.stderr)
        return 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if sys.stdin.isatty():
            interactive(con, warehouse)
            return 0
        return 1 if run_script(con, sys.stdin.read()) else 0
