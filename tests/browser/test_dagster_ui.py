"""`make dev` in a real browser: the Dagster UI lists the project's assets, sensor and schedule with no
error, and a report dropped into the raw folder makes the sensor start a run that publishes it.

The UI runs on a free port with its own DAGSTER_HOME, raw folder, warehouse and dashboard, all temporary;
the whole process group is killed at the end, whatever happens.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from pipeline.config import PROJECT_ROOT
from tests.browser.conftest import screenshot
from tests.conftest import RAW_DIR, SAMPLES, gold_for

GROUPS = {"extract": "document_extractions", "lake": "metric_statements", "warehouse_models": "three_public",
          "publish": "dashboard"}
SCHEDULE = "build_warehouse_schedule"
ERROR_BANNERS = ("Could not load", "Error loading", "PythonError", "Something went wrong", "Unexpected error")
START_TIMEOUT, RUN_TIMEOUT = 180, 240  # seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str, server: subprocess.Popen, log: Path):
    """Poll ``check`` until it returns something truthy; fail with the server's log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make dev exited ({server.returncode}) while waiting for {what}:\n{log.read_text()[-3000:]}")
        result = check()
        if result:
            return result
        time.sleep(2)
    pytest.fail(f"timed out after {timeout} s waiting for {what}:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    """`make dev` on a free port with everything it writes in a temporary folder; an empty raw folder."""
    root = tmp_path_factory.mktemp("dagster_ui")
    (root / "home").mkdir()
    (root / "raw").mkdir()
    shutil.copy(PROJECT_ROOT / "data" / "dagster.yaml", root / "home" / "dagster.yaml")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(root / "home"), "DEV_PORT": str(port),
           "BUDGET_RAW_DIR": str(root / "raw"), "BUDGET_WAREHOUSE": str(root / "warehouse" / "budget.duckdb"),
           "BUDGET_CACHE_DIR": str(root / "cache"), "BUDGET_DASHBOARD_DIR": str(root / "dashboard"),
           "BUDGET_SENSOR_INTERVAL_SECONDS": "3"}
    log = root / "dev.log"
    with log.open("wb") as out:
        server = subprocess.Popen(["make", "-s", "dev"], cwd=PROJECT_ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/server_info", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        wait_for(up, START_TIMEOUT, "the Dagster UI", server, log)
        yield url, root, server, log
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """End the UI, its daemon and their runs: the process group this test started."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.wait(timeout=10)


def visit(page, url: str, expected: list[str], shot: str) -> str:
    """Open a UI page, dismiss the one-time community modal, wait for the expected texts; the page's text."""
    page.goto(url)
    skip = page.get_by_role("button", name="Skip")
    body = page.locator("body")
    deadline = time.monotonic() + 60
    while True:
        if skip.count():
            skip.first.click()
        text = body.inner_text()
        if all(word in text for word in expected) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(500)
    screenshot(page, "dagster", shot)
    missing = [word for word in expected if word not in text]
    assert not missing, (url, missing, text[:2000])
    banners = [banner for banner in ERROR_BANNERS if banner in text]
    assert not banners, (url, banners)
    return text


def test_the_ui_lists_assets_sensor_and_schedule_and_the_sensor_publishes_a_new_report(dev_server, page):
    url, root, server, log = dev_server
    visit(page, f"{url}/assets", ["warehouse_models", "Never materialized"], "assets")  # a long list: its top
    visit(page, f"{url}/asset-groups", list(GROUPS), "asset_graph")
    for group, asset in GROUPS.items():
        visit(page, f"{url}/locations/pipeline/asset-groups/{group}/lineage", [asset], f"asset_graph_{group}")
    visit(page, f"{url}/automation", ["raw_folder_sensor", SCHEDULE], "automation")
    visit(page, f"{url}/locations/pipeline/sensors/raw_folder_sensor",
          ["raw_folder_sensor", "Running", "build_warehouse", "extract_documents"], "sensor")
    visit(page, f"{url}/locations/pipeline/schedules/{SCHEDULE}",
          [SCHEDULE, "30 2 * * *", "Asia/Shanghai", "build_warehouse"], "schedule")

    name = SAMPLES[0]
    shutil.copy(RAW_DIR / name, root / "raw" / name)
    warehouse = root / "warehouse" / "budget.duckdb"

    def published() -> list[tuple] | None:
        if not warehouse.exists() or not (root / "dashboard" / "index.html").exists():
            return None
        try:
            with duckdb.connect(str(warehouse), read_only=True) as con:
                return con.execute("select source_file, department_name, status from marts.documents").fetchall()
        except duckdb.Error:
            return None  # being swapped in

    rows = wait_for(published, RUN_TIMEOUT, "the sensor's run to publish the new report", server, log)
    assert rows == [(name, gold_for(name)["department"], "loaded")]
    visit(page, f"{url}/runs", ["build_warehouse", "extract_documents", "raw_folder_sensor", "Success"], "runs")
