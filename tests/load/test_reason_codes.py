"""Every file not loaded reaches the marts with its reason code, the code's Chinese text and its detail."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.text.reasons import reasons
from tests.conftest import RAW_DIR, SAMPLES

GOOD = SAMPLES[:2]
EXPECTED = {  # file → (status, reason code)
    "a_duplicate.txt": ("quarantined", "duplicate"),
    "b_duplicate_text.txt": ("quarantined", "duplicate_text"),
    "c_empty.txt": ("quarantined", "empty"),
    "d_binary.txt": ("quarantined", "binary"),
    "e_minutes.txt": ("quarantined", "not_a_report"),
    "zz_conflict.txt": ("quarantined", "conflict"),
    ".hidden.txt": ("ignored", "hidden"),
    "folder": ("ignored", "subdirectory"),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("reasons")
    raw = root / "raw"
    raw.mkdir()
    for name in GOOD:
        shutil.copy(RAW_DIR / name, raw / name)
    first = (RAW_DIR / GOOD[0]).read_text(encoding="utf-8")
    (raw / "a_duplicate.txt").write_bytes((RAW_DIR / GOOD[0]).read_bytes())
    (raw / "b_duplicate_text.txt").write_bytes(first.encode("utf-16"))
    (raw / "c_empty.txt").write_bytes(b"")
    (raw / "d_binary.txt").write_bytes(bytes(range(256)) * 20)
    (raw / "e_minutes.txt").write_text("会议纪要：研究部署下一阶段工作。", encoding="utf-8")
    (raw / "zz_conflict.txt").write_text(first.replace("。", "。（注）", 1), encoding="utf-8")  # another text, same report
    (raw / ".hidden.txt").write_bytes((RAW_DIR / SAMPLES[2]).read_bytes())
    (raw / "folder").mkdir()
    target = root / "warehouse" / "budget.duckdb"
    env = {**os.environ, "BUDGET_RAW_DIR": str(raw), "BUDGET_WAREHOUSE": str(target),
           "BUDGET_CACHE_DIR": str(root / "cache"), "DAGSTER_HOME": str(root / "dagster")}
    done = subprocess.run([sys.executable, "-m", "pipeline", "run"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return target, done.stdout


def _rows(built, sql: str) -> list[tuple]:
    with duckdb.connect(str(built[0]), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_file_not_loaded_has_its_code_and_its_chinese_reason_in_marts_documents(warehouse):
    rows = {f: rest for f, *rest in _rows(warehouse, "select source_file, status, reason_code, reason_zh, "
                                                     "quarantine_reason from marts.documents")}
    assert {f: tuple(rows[f][:2]) for f in EXPECTED} == EXPECTED
    for name, (_, code) in EXPECTED.items():
        assert rows[name][2] == reasons()[code]
        assert rows[name][3].startswith(f"{name}: ")
    assert [tuple(rows[f]) for f in GOOD] == [("loaded", None, None, None)] * 2


def test_marts_quarantine_gives_each_quarantined_document_its_code_and_every_row_a_known_code(warehouse):
    documents = dict(_rows(warehouse, "select source_file, reason_code from marts.quarantine where kind = 'document'"))
    assert documents == {f: code for f, (status, code) in EXPECTED.items() if status == "quarantined"}
    unknown = _rows(warehouse, "select q.reason_code from marts.quarantine as q "
                               "left join staging.reason_definitions as r using (reason_code) "
                               "where r.reason_zh is null or q.reason_zh is distinct from r.reason_zh")
    assert unknown == []


def test_the_reason_definitions_are_the_vocabulary(warehouse):
    assert dict(_rows(warehouse, "select reason_code, reason_zh from staging.reason_definitions")) == reasons()


def test_the_run_summary_gives_each_file_not_loaded_its_code(warehouse):
    _, printed = warehouse
    for name, (status, code) in EXPECTED.items():
        assert f"  {status} [{code}] {name}: " in printed
