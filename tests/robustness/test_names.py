"""Any name, any run: a raw file whose name cannot be a document's is ignored with its code, and the rest loads."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.ingest.survey import MAX_NAME_BYTES, name_problem, shown_name, survey
from tests.conftest import RAW_DIR, SAMPLES

GOOD = SAMPLES[:2]
# raw name (bytes, as the file system holds it) → (name as shown, reason code)
BAD = {
    b"report_\xff.txt": ("report_\\xff.txt", "name_unencodable"),
    b"report\nsecond line.txt": ("report\\nsecond line.txt", "name_control_characters"),
    b"report\x01.txt": ("report\\x01.txt", "name_control_characters"),
}
LONG = "报".encode() * 100  # 300 bytes: beyond the 255 most file systems allow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run of the README's command over two good samples and every bad name (each a good report's
    bytes, which would load under a good name)."""
    root = tmp_path_factory.mktemp("names")
    raw = root / "raw"
    raw.mkdir()
    for name in GOOD:
        shutil.copy(RAW_DIR / name, raw / name)
    content = (RAW_DIR / SAMPLES[2]).read_bytes()
    for name in BAD:
        with open(os.fsencode(raw) + b"/" + name, "wb") as file:
            file.write(content)
    try:
        with open(os.fsencode(raw) + b"/" + LONG, "wb") as file:
            file.write(content)
        long_refused = None
    except OSError as exc:
        long_refused = exc.errno
    warehouse = root / "warehouse" / "budget.duckdb"
    env = {**os.environ, "BUDGET_RAW_DIR": str(raw), "BUDGET_WAREHOUSE": str(warehouse),
           "BUDGET_CACHE_DIR": str(root / "cache"), "DAGSTER_HOME": str(root / "dagster")}
    done = subprocess.run([sys.executable, "-m", "pipeline", "run"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, timeout=900)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select source_file, status, reason_code, reason_zh, quarantine_reason "
                           "from marts.documents").fetchall()
    return done, {row[0]: row[1:] for row in rows}, long_refused


def test_the_run_exits_0_and_loads_the_good_files(run):
    done, documents, _ = run
    assert done.returncode == 0, done.stderr.decode(errors="backslashreplace")[-3000:]
    assert {name: documents[name][0] for name in GOOD} == dict.fromkeys(GOOD, "loaded")


@pytest.mark.parametrize("raw_name", BAD)
def test_a_bad_name_is_an_ignored_row_with_its_code_and_no_raw_bytes(run, raw_name):
    done, documents, _ = run
    shown, code = BAD[raw_name]
    status, reason_code, reason_zh, reason = documents[shown]
    assert (status, reason_code) == ("ignored", code)
    assert reason_zh and reason.startswith(f"{shown}: ignored, its name ")
    assert raw_name not in done.stdout + done.stderr  # nor printed as it is
    assert all(s.isprintable() for s in documents)


def test_a_name_longer_than_the_limit_is_ignored_where_the_file_system_holds_it(run):
    _, documents, long_refused = run
    name = os.fsdecode(LONG)
    assert name_problem(name).code == "name_too_long"
    if long_refused is None:
        assert documents[name][:2] == ("ignored", "name_too_long")
    else:  # the file system refuses it: no run ever sees such a name
        assert long_refused == errno.ENAMETOOLONG and name not in documents


def test_names_are_shown_with_their_bytes_escaped():
    assert shown_name(os.fsdecode(b"a\xffb.txt")) == "a\\xffb.txt"
    assert shown_name("a\tb\x7f.txt") == "a\\tb\\x7f.txt"
    assert shown_name("部门决算 2024.txt") == "部门决算 2024.txt"
    assert name_problem("部门决算 2024.txt") is None
    assert name_problem("部门决算\u30002024.txt") is None  # an ideographic space is a space
    assert name_problem("a\u2028b.txt").code == "name_control_characters"
    assert shown_name("a\u2028b.txt") == "a\\u2028b.txt"
    assert name_problem("报" * (MAX_NAME_BYTES // 3)) is None


def test_the_survey_lists_a_bad_name_as_ignored_under_its_shown_name(tmp_path):
    (tmp_path / "good.txt").write_text("x", encoding="utf-8")
    with open(os.fsencode(tmp_path) + b"/bad\xfe.txt", "wb"):
        pass
    files, ignored = survey(tmp_path)
    assert [f.name for f in files] == ["good.txt"]
    assert [(q.source_file, q.status, q.reason_code) for q in ignored] == [("bad\\xfe.txt", "ignored",
                                                                            "name_unencodable")]
