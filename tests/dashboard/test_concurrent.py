"""Two builds of one site at once (a Dagster run's dashboard asset and `make dashboard`) take turns."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.dashboard.test_incremental import files, from_scratch, warehouse  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]

# A build in its own process. With BUDGET_TEST_HOLD set it stops after its first page is written (marking it
# with BUDGET_TEST_STARTED) until the file BUDGET_TEST_HOLD exists: the other build then starts while it is
# midway.
BUILD = """
import os, sys, time
from pathlib import Path
from pipeline.dashboard import build_dashboard

def on_page(done, total):
    hold = os.environ.get("BUDGET_TEST_HOLD")
    if hold and not Path(os.environ["BUDGET_TEST_STARTED"]).exists():
        Path(os.environ["BUDGET_TEST_STARTED"]).touch()
        deadline = time.monotonic() + 120
        while not Path(hold).exists() and time.monotonic() < deadline:
            time.sleep(0.02)

build_dashboard(Path(sys.argv[1]), Path(sys.argv[2]), on_page=on_page)
"""


def _start(warehouse: Path, site: Path, log: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", BUILD, str(warehouse), str(site)], cwd=ROOT,
                            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def _wait_for(condition, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_two_builds_at_once_take_turns_and_publish_a_complete_site(warehouse, tmp_path):  # noqa: F811
    site = tmp_path / "site"
    started, hold = tmp_path / "started", tmp_path / "release"
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    first = _start(warehouse, site, logs[0], BUDGET_TEST_HOLD=str(hold), BUDGET_TEST_STARTED=str(started))
    _wait_for(lambda: started.exists() or first.poll() is not None, "the first build's first page")
    second = _start(warehouse, site, logs[1])
    # The second waits for the first's lock; without it, it would run through (and remove the first's folder).
    _wait_for(lambda: "waiting for it to finish" in logs[1].read_text() or second.poll() is not None,
              "the second build to wait or end")
    hold.touch()
    assert [first.wait(timeout=300), second.wait(timeout=300)] == [0, 0], [log.read_text() for log in logs]
    assert files(site) == from_scratch(warehouse, tmp_path / "fresh")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("site")) == [
        "site", "site.lock", "site.rows.sqlite"]
