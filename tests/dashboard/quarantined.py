"""A warehouse with much held back: quarantined and ignored files, rows that failed their checks, and hundreds
of numbers set aside, added to a copy of the samples' warehouse where a build writes them (staging, core)."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

# Quarantined files, one reason each: with the ignored file, the rows and the two reasons of set-aside
# numbers, more reasons than the overview has lines for.
QUARANTINED = ("empty", "binary", "undecodable", "scanned_pdf", "encrypted_pdf", "truncated", "not_a_report",
               "duplicate", "conflict", "several_reports", "too_large", "damaged_pdf")
SET_ASIDE = {"column_undetermined": 200, "column_no_fit": 50}  # numbers set aside, by reason
FAILED_ROWS = 5


def with_quarantine(warehouse: Path, copy: Path) -> Path:
    """``copy``: the warehouse with the files, rows and numbers above held back."""
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        loaded = [r for r in con.execute("select doc_id, source_file from marts.documents where status = 'loaded' "
                                         "order by source_file").fetchall()]
        for n, code in enumerate(QUARANTINED):
            _document(con, f"q{n:02d}", f"broken_{n:02d}_{code}.pdf", "quarantined", code)
        _document(con, "hidden00", ".hidden_notes.txt", "ignored", "hidden")
        n = 0
        for code, numbers in SET_ASIDE.items():
            for _ in range(numbers):
                doc_id, source = loaded[n % 2]
                table = ("gpb_expense", "expense")[n % 3 % 2]
                con.execute("insert into staging.set_aside_cells by name select ? as doc_id, ? as source_file, "
                            "? as table_code, ? as row_code, ? as row_name, ? as numbers, ? as reason_code, "
                            "? as reason, ? as evidence, ? as page",
                            [doc_id, source, table, f"2010{n:03d}", f"行政运行{n}", f"{n}.50",
                             code, f"{source}: column not determined: 2 column arrangements fit",
                             f"2010{n:03d} 行政运行{n} {n}.50 {n + 1}.00", n // 40 + 1])
                n += 1
        doc_id, source = loaded[0]
        for i in range(FAILED_ROWS):
            con.execute("insert into staging.row_quarantine by name select 'projects' as table_name, ? as doc_id, "
                        "? as source_file, 'row_not_nullable' as reason_code, ? as reason, ? as evidence",
                        [doc_id, source, f"project_name is null in row {i}", f"项目{i}：预算数 {i}.00 万元"])
    return copy


def _document(con: duckdb.DuckDBPyConnection, doc_id: str, source: str, status: str, code: str) -> None:
    detail = f"{source}: {status} ({code})"
    for table in ("staging.documents", "core.dim_document"):
        columns = ", ".join(["doc_id", "source_file", "status", "quarantine_reason",
                             *(["reason_code"] if table == "staging.documents" else [])])
        values = [doc_id, source, status, detail, *([code] if table == "staging.documents" else [])]
        con.execute(f"insert into {table} ({columns}) values ({', '.join('?' * len(values))})", values)


@pytest.fixture(scope="module")
def quarantine_warehouse(samples_warehouse, tmp_path_factory) -> Path:
    return with_quarantine(samples_warehouse, tmp_path_factory.mktemp("quarantine") / "warehouse.duckdb")


@pytest.fixture(scope="module")
def quarantine_site(quarantine_warehouse) -> Path:
    """The dashboard of the warehouse with much held back."""
    from pipeline.dashboard import build_dashboard
    return build_dashboard(quarantine_warehouse, quarantine_warehouse.parent / "dashboard").path
