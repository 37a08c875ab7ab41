"""Faults and concurrency never damage what is published: two runs, readers, kill -9, a full disk, vanishing files."""
from __future__ import annotations

import dataclasses
import errno
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.config import PROJECT_ROOT, Settings
from pipeline.defs import models
from pipeline.load import warehouse as load
from pipeline.run import extract_folder, stage_documents
from tests.conftest import RAW_DIR, REFERENCE_DIR, SAMPLES, build_warehouse
from tests.robustness.readers import read_until, snapshot

# A build in a process of its own, as the command line builds (pipeline.defs.build), without the dashboard.
BUILD = """
import sys
from pathlib import Path
import dagster as dg
from pipeline.config import Settings
from pipeline.defs.build import build
raw, warehouse, reference, cache = map(Path, sys.argv[1:5])
with dg.DagsterInstance.ephemeral() as instance:
    outcome = build(Settings(raw, warehouse, reference, cache), instance, dashboard=False)
sys.exit(0 if outcome.warehouse_published else "\\n".join(outcome.failures))
"""


def _build(settings: Settings):
    """The outcome of a build that may fail (build_warehouse asserts that it publishes)."""
    import dagster as dg

    from pipeline.defs.build import build
    with dg.DagsterInstance.ephemeral() as instance:
        return build(settings, instance, dashboard=False)


def _folder(root: Path, names: list[str]) -> Path:
    raw = root / f"raw{len(names)}"
    raw.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(RAW_DIR / name, raw / name)
    return raw


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """An old warehouse (one report) published; a folder of five for the new one; both states as readers see them."""
    root = tmp_path_factory.mktemp("faults")
    cache = root / "cache"
    old_raw, new_raw = _folder(root, SAMPLES[:1]), _folder(root, SAMPLES)
    old, new = root / "old" / "budget.duckdb", root / "new" / "budget.duckdb"
    build_warehouse(Settings(old_raw, old, REFERENCE_DIR, cache))
    build_warehouse(Settings(new_raw, new, REFERENCE_DIR, cache))
    return {"root": root, "cache": cache, "old_raw": old_raw, "new_raw": new_raw, "old": old,
            "old_state": snapshot(str(old)), "new_state": snapshot(str(new))}


def _published(setup, tmp_path) -> Path:
    """A fresh copy of the old warehouse, published at its own path."""
    target = tmp_path / "warehouse" / "budget.duckdb"
    target.parent.mkdir()
    shutil.copyfile(setup["old"], target)
    return target


def _start_build(setup, target: Path, stderr) -> subprocess.Popen:
    args = [sys.executable, "-c", BUILD, str(setup["new_raw"]), str(target), str(REFERENCE_DIR), str(setup["cache"])]
    return subprocess.Popen(args, cwd=PROJECT_ROOT, stderr=stderr, stdout=subprocess.DEVNULL)


def _wait_for(condition, timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def _leftovers(target: Path) -> list[str]:
    """Building files beside the published warehouse: the warehouse's (``budget.duckdb.*`` but its lock) and
    a dashboard's."""
    return sorted(p.name for p in target.parent.iterdir() if p.name.endswith(".building") or (
        p.name.startswith(f"{target.name}.") and p.name != f"{target.name}.lock"))


def test_two_runs_at_once_wait_for_each_other_and_publish_a_complete_warehouse(setup, tmp_path):
    target = _published(setup, tmp_path)
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    with load.warehouse_lock(target):  # a run in progress
        runs = [_start_build(setup, target, log.open("w")) for log in logs]
        _wait_for(lambda: all("waiting for it to finish" in log.read_text() for log in logs), what="both runs waiting")
        assert snapshot(str(target)) == setup["old_state"]
        assert all(run.poll() is None for run in runs)
    assert [run.wait(timeout=180) for run in runs] == [0, 0], [log.read_text() for log in logs]
    assert snapshot(str(target)) == setup["new_state"]
    assert _leftovers(target) == []


# Readers at once: enough to overlap every publish on a shared 2-core machine (the README's figure is
# measured with BUDGET_TEST_READERS=100).
READERS = int(os.environ.get("BUDGET_TEST_READERS", "4"))


def _staged(settings: Settings, raw: Path) -> Path:
    """The mirror of the folder's documents (one per warehouse path: one per folder here)."""
    settings = dataclasses.replace(settings, warehouse=settings.warehouse.with_name(f"{raw.name}.duckdb"))
    stage_documents(extract_folder(sorted(raw.iterdir()), settings), settings)
    return settings.mirror


def test_concurrent_readers_during_5_republishes_see_a_complete_old_or_new_warehouse(setup, tmp_path):
    cache = setup["cache"]
    settings = Settings(setup["new_raw"], tmp_path / "unused.duckdb", REFERENCE_DIR, cache)
    old_tables, new_tables = (_staged(settings, setup[raw]) for raw in ("old_raw", "new_raw"))
    target = _published(setup, tmp_path)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["duckdb", "tests.robustness.readers"])
    stop, results = context.Event(), context.Queue()
    readers = [context.Process(target=read_until, args=(str(target), stop, results)) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    try:
        for n in range(5):
            load.publish_warehouse(new_tables if n % 2 == 0 else old_tables, target, REFERENCE_DIR)
    finally:
        stop.set()
        outcomes = [results.get(timeout=120) for _ in readers]
        for reader in readers:
            reader.join(timeout=30)
    errors = [e for _, _, errs in outcomes for e in errs]
    seen = {tuple(state) for _, states, _ in outcomes for state in states}
    assert errors == []
    assert seen <= {setup["old_state"], setup["new_state"]} and setup["new_state"] in seen
    assert sum(reads for reads, _, _ in outcomes) >= 100 and all(reads >= 2 for reads, _, _ in outcomes)
    print(f"{READERS} readers, {sum(r for r, _, _ in outcomes)} reads, states {sorted(seen)}, errors {len(errors)}")
    assert _leftovers(target) == []


def _lock_holder(target: Path) -> str:
    lock = target.with_name(target.name + ".lock")
    return lock.read_text() if lock.exists() else ""


@pytest.mark.parametrize("point", ["extracting", "building", "building_later"])
def test_a_kill_9_at_any_point_leaves_the_published_warehouse_and_the_next_run_cleans_up(setup, tmp_path, point):
    target = _published(setup, tmp_path)
    run = _start_build(setup, target, subprocess.DEVNULL)
    if point == "extracting":
        _wait_for(lambda: _lock_holder(target) == str(run.pid), what="the run to take the lock")
    else:
        _wait_for(lambda: _leftovers(target) or run.poll() is not None, what="a building file")
        if point == "building_later":
            time.sleep(0.3)
    assert run.poll() is None, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert snapshot(str(target)) == setup["old_state"]
    if point != "extracting":
        assert _leftovers(target)  # the killed run's building file is still there …
    build_warehouse(Settings(setup["new_raw"], target, REFERENCE_DIR, setup["cache"]))
    assert _leftovers(target) == []  # … until the next run, which publishes
    assert snapshot(str(target)) == setup["new_state"]


WORKERS = """
import sys
from pathlib import Path
from pipeline.config import Settings
from pipeline.run import extract_folder
raw, reference, cache = map(Path, sys.argv[1:4])
extract_folder(sorted(raw.iterdir()), Settings(raw, raw / "w.duckdb", reference, cache), workers=2)
"""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _processes_of(target: Path) -> list[int]:
    """Processes whose environment names ``target`` as their warehouse: a run and whatever it started."""
    needle = f"BUDGET_WAREHOUSE={target}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle in environ.read_bytes().split(b"\0") and _running(int(environ.parent.name)):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_pool_workers_die_with_the_run_that_started_them(tmp_path):
    from pipeline.run import PARALLEL_FROM
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (RAW_DIR / SAMPLES[0]).read_text(encoding="utf-8")
    for n in range(PARALLEL_FROM + 10):
        (raw / f"{n:03d}.txt").write_text(f"{text}\n附注{n}。\n", encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-c", WORKERS, str(raw), str(REFERENCE_DIR), str(tmp_path / "cache")],
                           cwd=PROJECT_ROOT)
    _wait_for(lambda: len(_children(run.pid)) >= 2 or run.poll() is not None, what="pool workers")
    workers = _children(run.pid)
    assert run.poll() is None and len(workers) >= 2
    run.send_signal(signal.SIGKILL)
    run.wait()
    _wait_for(lambda: not any(map(_running, workers)), timeout=10, what="the workers to die")


def test_a_full_disk_removes_the_partial_file_and_keeps_the_published_warehouse(setup, tmp_path):
    """On a small tmpfs (root only): the published file fits, a second, larger build does not."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the simulated full disk below runs everywhere)")
    old_size = setup["old"].stat().st_size
    new_size = (setup["old"].parent.parent / "new" / "budget.duckdb").stat().st_size
    disk = tmp_path / "disk"
    disk.mkdir()
    size = (old_size + new_size // 2) // 4096 * 4096
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here (the simulated full disk below runs everywhere)")
    try:
        target = disk / "budget.duckdb"
        build_warehouse(Settings(setup["old_raw"], target, REFERENCE_DIR, setup["cache"]))
        before, free = target.read_bytes(), _free(disk)
        outcome = _build(Settings(setup["new_raw"], target, REFERENCE_DIR, setup["cache"]))
        assert not outcome.warehouse_published
        assert re.search("(?i)no space left|not enough space|disk is full", "\n".join(outcome.failures)), outcome
        assert target.read_bytes() == before
        assert _leftovers(target) == []
        assert _free(disk) == free  # the partial file's space is given back
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def _free(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def test_a_simulated_full_disk_removes_the_partial_file(setup, tmp_path, monkeypatch):
    target = _published(setup, tmp_path)
    before = target.read_bytes()
    build = load.build_models

    def full_disk(building, *args, **kwargs):
        build(building, *args, **kwargs)
        assert building.stat().st_size > 0
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(models, "build_models", full_disk)
    outcome = _build(Settings(setup["new_raw"], target, REFERENCE_DIR, setup["cache"]))
    assert not outcome.warehouse_published and "No space left" in "\n".join(outcome.failures)
    assert target.read_bytes() == before and _leftovers(target) == []


def test_a_file_that_vanishes_or_cannot_be_read_mid_run_is_quarantined_and_the_run_publishes(setup, tmp_path, monkeypatch):
    import pipeline.run as run_module
    raw = _folder(tmp_path, SAMPLES[:2])
    shutil.copy(RAW_DIR / SAMPLES[2], raw / "locked.txt")
    listed = run_module.survey

    def survey_then_delete(folder):
        files, ignored = listed(folder)
        (raw / SAMPLES[1]).unlink()  # deleted between listing and reading
        return files, ignored
    read_bytes = Path.read_bytes

    def denied(path):
        if path.name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied")
        return read_bytes(path)
    monkeypatch.setattr(run_module, "survey", survey_then_delete)
    monkeypatch.setattr(Path, "read_bytes", denied)
    target = tmp_path / "w" / "budget.duckdb"
    build_warehouse(Settings(raw, target, REFERENCE_DIR, setup["cache"]))
    with duckdb.connect(str(target), read_only=True) as con:
        rows = dict(con.execute("select source_file, coalesce(quarantine_reason, status) from marts.documents").fetchall())
    assert rows == {SAMPLES[0]: "loaded", SAMPLES[1]: f"{SAMPLES[1]}: the file vanished during the run",
                    "locked.txt": "locked.txt: cannot be read (Permission denied)"}


@pytest.mark.parametrize("state", ["missing", "empty", "only_bad"])
def test_a_missing_or_empty_raw_folder_refuses_to_publish(setup, tmp_path, state):
    target = _published(setup, tmp_path)
    raw = tmp_path / "raw"
    if state != "missing":
        raw.mkdir()
    if state == "only_bad":
        (raw / "empty.txt").write_bytes(b"")
        (raw / "sub").mkdir()
    outcome = _build(Settings(raw, target, REFERENCE_DIR, setup["cache"]))
    assert not outcome.warehouse_published
    assert [f for f in outcome.failures if f"nothing published, {target} is unchanged" in f], outcome.failures
    assert snapshot(str(target)) == setup["old_state"]
    build_warehouse(Settings(raw, target, REFERENCE_DIR, setup["cache"], allow_empty=True))
    assert snapshot(str(target)) == (0, 0, "0.000000")


def test_the_run_command_says_why_it_refuses_and_exits_non_zero(setup, tmp_path):
    target = _published(setup, tmp_path)
    env = {**os.environ, "BUDGET_RAW_DIR": str(tmp_path / "mistyped"), "BUDGET_WAREHOUSE": str(target),
           "DAGSTER_HOME": str(tmp_path / "dagster")}
    done = subprocess.run([sys.executable, "-m", "pipeline", "run"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert f"raw folder {tmp_path / 'mistyped'} does not exist: nothing published" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(str(target)) == setup["old_state"]


def test_a_killed_run_command_is_marked_failed_in_dagster_and_the_next_run_publishes(setup, tmp_path, monkeypatch):
    import dagster as dg
    target = _published(setup, tmp_path)
    home = tmp_path / "dagster"
    env = {**os.environ, "BUDGET_RAW_DIR": str(setup["new_raw"]), "BUDGET_WAREHOUSE": str(target),
           "BUDGET_CACHE_DIR": str(setup["cache"]), "DAGSTER_HOME": str(home)}
    command = [sys.executable, "-m", "pipeline", "run"]
    killed = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(lambda: _leftovers(target) or killed.poll() is not None, what="a building file")
    assert killed.poll() is None
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert snapshot(str(target)) == setup["old_state"]
    # nothing of the killed run goes on (dbt runs in its process, the extraction workers die with it)
    _wait_for(lambda: not _processes_of(target), timeout=10, what="the killed run's processes to end")
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert snapshot(str(target)) == setup["new_state"] and _leftovers(target) == []
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
    assert sorted(r.status.value for r in runs if r.job_name == "build_warehouse") == ["FAILURE", "SUCCESS"]
    assert all(r.status.value == "SUCCESS" for r in runs if r.job_name != "build_warehouse")  # extraction runs
