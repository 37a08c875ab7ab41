"""`python -m pipeline export` (`make export`): the marts out of the published warehouse, for other tools.

    python -m pipeline export                     every mart as <mart>.parquet and <mart>.csv
    python -m pipeline export --department NAME   <NAME>.xlsx: one sheet per mart, that department's rows

Both write into BUDGET_EXPORT_DIR (default data/export) and read the
warehouse read-only. Parquet keeps DuckDB's types (DECIMAL money stays
DECIMAL). The CSVs are UTF-8 with a byte-order mark, without which Excel
reads the Chinese as the machine's legacy code page; their amounts are the
exact decimals DuckDB prints, and a figure never stated is an empty field,
not 0. In a workbook amounts are numbers (shown to their stated decimals),
absent figures blank cells, and every header cell carries its column's
Chinese comment.

A whole export is written into a folder beside the target and renamed into
place when complete, so a reader sees the old export or the new one, never
half of either; department workbooks already in the folder are kept. Exports
of one folder take turns (its lock, as the builds'): a killed one leaves only
a building folder, which the next removes.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from decimal import Decimal
from difflib import get_close_matches
from pathlib import Path

import duckdb

from pipeline.load.warehouse import build_lock, building_path

UTF8_BOM = b"\xef\xbb\xbf"
MARTS = ("select table_name, comment from duckdb_tables() where schema_name = 'marts' union all "
         "select view_name, comment from duckdb_views() where schema_name = 'marts' order by 1")
COLUMNS = ("select column_name, data_type, comment from duckdb_columns() "
           "where schema_name = 'marts' and table_name = ? order by column_index")
# A department's rows of any mart: those of its documents (every mart has the document's file name).
OF_DEPARTMENT = "source_file in (select source_file from marts.documents where department_name = ?)"


class UnknownDepartment(LookupError):
    """The department asked for has no document in the warehouse."""


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: dict[str, int]  # mart → rows written


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The names of the marts (views or tables of schema ``marts``), as the warehouse holds them."""
    return [name for name, _ in con.execute(MARTS).fetchall()]


def export_marts(warehouse: Path, target: Path) -> Exported:
    """Every mart as ``<mart>.parquet`` and ``<mart>.csv`` (UTF-8 with BOM) in ``target``, swapped in whole."""
    with build_lock(target, "export"), duckdb.connect(str(warehouse), read_only=True) as con:
        building = building_path(target)
        building.mkdir()
        try:
            rows = _write_marts(con, building)
            kept = sorted(target.glob("*.xlsx")) if target.is_dir() else []
            for workbook in kept:
                os.link(workbook, building / workbook.name)
            retired = target.with_name(target.name + ".building.old")
            if target.exists():
                target.rename(retired)
            building.rename(target)
            shutil.rmtree(retired, ignore_errors=True)
        finally:
            shutil.rmtree(building, ignore_errors=True)  # a failure's partial export; gone when renamed
    return Exported(target, rows)


def _write_marts(con: duckdb.DuckDBPyConnection, building: Path) -> dict[str, int]:
    """Each mart's Parquet and CSV files in the folder; the number of rows of each."""
    rows = {}
    for mart in marts(con):
        relation = f'select * from marts."{mart}"'
        con.execute(f"copy ({relation}) to {_quoted(building / f'{mart}.parquet')} (format parquet)")
        plain = building / f"{mart}.plain.csv"
        con.execute(f"copy ({relation}) to {_quoted(plain)} (format csv, header)")
        with open(plain, "rb") as source, open(building / f"{mart}.csv", "wb") as csv:
            csv.write(UTF8_BOM)
            shutil.copyfileobj(source, csv, 1 << 20)
        plain.unlink()
        rows[mart] = con.execute(f'select count(*) from marts."{mart}"').fetchone()[0]
    return rows


def departments(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute("select distinct department_name from marts.documents "
                                            "where department_name is not null order by 1").fetchall()]


def workbook_name(department: str) -> str:
    """The workbook's file name: the department's name, with what a file name cannot hold replaced."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", department).strip(". ") + ".xlsx"


def export_department(warehouse: Path, target: Path, department: str) -> Exported:
    """``<department>.xlsx`` in ``target``: one sheet per mart with the rows of that department's documents
    (a sheet of headers alone where it has none). UnknownDepartment when no document is of that name."""
    import xlsxwriter

    with build_lock(target, "export"), duckdb.connect(str(warehouse), read_only=True) as con:
        known = departments(con)
        if department not in known:
            close = get_close_matches(department, known, n=5, cutoff=0.3)
            hint = f"; did you mean {', '.join(close)}?" if close else f" ({len(known)} departments)"
            raise UnknownDepartment(f"{warehouse}: no document of a department named {department!r}{hint}")
        building = building_path(target)
        building.mkdir()
        path = building / workbook_name(department)
        try:
            book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                                   "strings_to_urls": False})
            header = book.add_format({"bold": True})
            rows = {mart: _write_sheet(book, header, con, mart, department) for mart in marts(con)}
            book.close()
            target.mkdir(exist_ok=True)
            os.replace(path, target / path.name)
        finally:
            shutil.rmtree(building, ignore_errors=True)
    return Exported(target / path.name, rows)


def _write_sheet(book, header, con: duckdb.DuckDBPyConnection, mart: str, department: str) -> int:
    """One mart's rows of the department on a sheet of its name; the number of rows."""
    sheet = book.add_worksheet(mart[:31])
    columns = con.execute(COLUMNS, [mart]).fetchall()
    formats = [_number_format(book, data_type) for _, data_type, _ in columns]
    for col, (name, _, comment) in enumerate(columns):
        sheet.write_string(0, col, name, header)
        if comment:
            sheet.write_comment(0, col, comment)
        sheet.set_column(col, col, min(max(len(name) + 2, 12), 40))
    sheet.freeze_panes(1, 0)
    result = con.execute(f'select * from marts."{mart}" where {OF_DEPARTMENT}', [department])
    count = 0
    while batch := result.fetchmany(10_000):
        for row in batch:
            count += 1
            for col, value in enumerate(row):
                _write_cell(sheet, count, col, value, formats[col])
    return count


def _number_format(book, data_type: str):
    """An amount's cell format: its stated decimals (two shown at least, up to the column's scale)."""
    scale = re.fullmatch(r"DECIMAL\(\d+,(\d+)\)", data_type)
    if not scale or int(scale.group(1)) == 0:
        return None
    digits = int(scale.group(1))
    return book.add_format({"num_format": "0." + "0" * min(digits, 2) + "#" * max(digits - 2, 0)})


def _write_cell(sheet, row: int, col: int, value, number_format) -> None:
    """A value as its type: numbers as numbers, text as text (never read as a formula), absent as blank."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, Decimal, float)):
        sheet.write_number(row, col, float(value), number_format)
    else:
        sheet.write_string(row, col, str(value))


def main(warehouse: Path, target: Path, department: str | None = None) -> int:
    """The command: 0 when written, 1 without a warehouse, 2 for an unknown department."""
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: build it first with `make run`", file=sys.stderr)
        return 1
    if department is None:
        done = export_marts(warehouse, target)
        print(f"export: {len(done.rows)} marts, {sum(done.rows.values())} rows, as Parquet and CSV (UTF-8 with BOM) "
              f"in {done.path}")
        return 0
    try:
        done = export_department(warehouse, target, department)
    except UnknownDepartment as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"export: {done.path}, {len(done.rows)} sheets, {sum(done.rows.values())} rows of {department}")
    return 0
