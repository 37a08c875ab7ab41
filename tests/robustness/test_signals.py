"""`python -m pipeline run` ends truthfully: a signal at any step, or a dashboard that cannot be written, leaves
what was published intact, says what it is, and exits with a code that tells it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.config import PROJECT_ROOT, Settings
from pipeline.dashboard.stamp import matches
from tests.conftest import RAW_DIR, REFERENCE_DIR, SAMPLES, build_warehouse
from tests.robustness.readers import snapshot
from tests.robustness.test_faults import _leftovers, _processes_of, _wait_for


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A warehouse of one report, published; a folder of every sample for the runs to build."""
    root = tmp_path_factory.mktemp("signals")
    old_raw, new_raw = root / "old_raw", root / "new_raw"
    for raw, names in ((old_raw, SAMPLES[:1]), (new_raw, SAMPLES)):
        raw.mkdir()
        for name in names:
            shutil.copy(RAW_DIR / name, raw / name)
    old = root / "old" / "budget.duckdb"
    build_warehouse(Settings(old_raw, old, REFERENCE_DIR, root / "cache"))
    return {"old": old, "old_state": snapshot(str(old)), "new_raw": new_raw, "cache": root / "cache"}


def _environment(published, tmp_path, dashboard: Path) -> tuple[Path, dict]:
    """A copy of the old warehouse to publish over, and the run command's environment for it."""
    target = tmp_path / "warehouse" / "budget.duckdb"
    target.parent.mkdir()
    shutil.copyfile(published["old"], target)
    return target, {**os.environ, "BUDGET_RAW_DIR": str(published["new_raw"]), "BUDGET_WAREHOUSE": str(target),
                    "BUDGET_CACHE_DIR": str(published["cache"]), "BUDGET_DASHBOARD_DIR": str(dashboard),
                    "DAGSTER_HOME": str(tmp_path / "dagster")}


def _start(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run"], cwd=PROJECT_ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)


def _run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "run"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_dbt_ends_the_run_with_128_plus_it_and_leaves_the_published_warehouse(
        published, tmp_path, signum):
    target, env = _environment(published, tmp_path, tmp_path / "site" / "dashboard")
    log = tmp_path / "run.log"
    run = _start(env, log)
    building = target.with_name(f"{target.name}.building")
    _wait_for(lambda: building.exists() or run.poll() is not None, timeout=300, what="dbt's building file")
    time.sleep(0.5)  # dbt is building models into it
    assert run.poll() is None, log.read_text()
    run.send_signal(signum)
    assert run.wait(timeout=60) == 128 + signum, log.read_text()
    output = log.read_text()
    assert f"the run was stopped by {signum.name}: nothing was published, {target} is unchanged" in output
    assert "exception not rethrown" not in output and "Traceback" not in output.split("stopped by")[1]
    assert snapshot(str(target)) == published["old_state"]
    assert _leftovers(target) == []
    _wait_for(lambda: not _processes_of(target), timeout=10, what="the run's processes to end")


def test_a_sigterm_during_the_dashboard_publishes_the_warehouse_says_so_and_the_next_run_makes_the_dashboard(
        published, tmp_path):
    dashboard = tmp_path / "site" / "dashboard"
    target, env = _environment(published, tmp_path, dashboard)
    log = tmp_path / "run.log"
    run = _start(env, log)
    lock = dashboard.with_name("dashboard.lock")  # taken when the dashboard step starts, after the swap
    _wait_for(lambda: lock.exists() or run.poll() is not None, timeout=300, what="the dashboard step")
    assert run.poll() is None, log.read_text()
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=60) == 143, log.read_text()
    assert (f"the run was stopped by SIGTERM: the warehouse {target} was published, its dashboard {dashboard} "
            f"was not") in log.read_text()
    assert snapshot(str(target)) != published["old_state"] and not matches(dashboard, target)
    assert _leftovers(target) == [] and not dashboard.with_name("dashboard.building").exists()

    published_file = os.stat(target).st_ino
    again = _run(env)
    assert again.returncode == 0, again.stderr
    assert matches(dashboard, target) and (dashboard / "index.html").exists()
    if os.stat(target).st_ino == published_file:  # the warehouse was up to date (no extraction code changed since)
        assert f"warehouse: {target} is up to date (its dashboard showed another: rebuilt alone)" in again.stdout


def test_a_dashboard_folder_that_cannot_be_written_publishes_the_warehouse_alone_with_exit_3(published, tmp_path):
    blocker = tmp_path / "site"
    blocker.write_text("a file where the dashboard's folder should be")
    target, env = _environment(published, tmp_path, blocker / "dashboard")
    done = _run(env)
    assert done.returncode == 3, done.stderr
    assert f"the run failed: dashboard: " in done.stderr
    assert f"the warehouse alone is published: the warehouse {target} was published, its dashboard" in done.stderr
    assert "nothing was published" not in done.stderr
    assert snapshot(str(target)) != published["old_state"] and f"warehouse: {target} (" in done.stdout
    published_file = os.stat(target).st_ino
    again = _run(env)  # the dashboard still cannot be made: still the warehouse alone
    assert again.returncode == 3, again.stderr
    if os.stat(target).st_ino == published_file:  # the warehouse was up to date (no extraction code changed since)
        assert "its dashboard showed another" in again.stdout
