"""The event log with open connections (pipeline/defs/event_log.py) keeps what Dagster's own promises."""
import shutil
import threading
import time

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.test_utils import create_run_for_test

from pipeline.config import PROJECT_ROOT
from pipeline.defs.event_log import RUNS_KEPT_OPEN, PooledSqliteEventLogStorage


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An instance configured as `make run` and `make dev` configure theirs (data/dagster.yaml)."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    shutil.copy(PROJECT_ROOT / "data" / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.get() as instance:
        yield instance


def test_the_instance_uses_it_on_dagsters_own_files(instance, tmp_path):
    assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
    run = create_run_for_test(instance, job_name="build_warehouse")
    instance.report_engine_event("built", run)
    instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=["marts", "documents"]))
    assert (tmp_path / "history" / "runs" / f"{run.run_id}.db").exists()
    # Dagster's own storage reads what it wrote: an instance can switch back.
    plain = SqliteEventLogStorage(str(tmp_path / "history" / "runs"))
    assert [r.event_log_entry.message for r in plain.get_records_for_run(run.run_id).records] == ["built"]
    assert plain.get_latest_materialization_events([dg.AssetKey(["marts", "documents"])])


def test_a_watcher_of_a_run_sees_each_event_as_it_is_written(instance):
    """The UI's live log of a run watches the run's file: each write must reach it, not only a close."""
    run = create_run_for_test(instance, job_name="build_warehouse")
    instance.report_engine_event("first", run)  # the run's engine is open from here on
    seen, arrived = [], threading.Event()

    def on_event(entry, cursor):
        seen.append(entry.message)
        if entry.message == "second":
            arrived.set()

    instance.event_log_storage.watch(run.run_id, None, on_event)
    try:
        time.sleep(0.5)  # the watchdog observer starting
        instance.report_engine_event("second", run)
        assert arrived.wait(10), f"the watcher saw {seen} only"
    finally:
        instance.event_log_storage.end_watch(run.run_id, on_event)


def test_engines_stay_open_for_the_latest_runs_only(instance):
    storage = instance.event_log_storage
    runs = [create_run_for_test(instance, job_name="build_warehouse") for _ in range(RUNS_KEPT_OPEN + 3)]
    for run in runs:
        instance.report_engine_event("built", run)
    open_runs = [shard for shard in storage._engines if shard != "index"]
    assert open_runs == [run.run_id for run in runs[-RUNS_KEPT_OPEN:]]
    for run in runs:  # a run whose engine was closed is read as before
        assert [r.event_log_entry.message for r in storage.get_records_for_run(run.run_id).records] == ["built"]
