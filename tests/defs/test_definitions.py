"""The code location loads; sensor and schedule behave as the README says."""
import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.definitions import defs
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.defs.schedules import nightly_warehouse_schedule
from pipeline.defs.sensors import raw_folder_sensor


def test_definitions_load_every_job():
    for name in ("build_warehouse", "extract_documents"):
        assert defs.resolve_job_def(name) is not None
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"document_extractions", "lake/metric_statements", "lake/documents", "dashboard"} <= keys


def test_schedule_runs_nightly_at_0230_beijing_time():
    assert nightly_warehouse_schedule.cron_schedule == "30 2 * * *"
    assert nightly_warehouse_schedule.execution_timezone == "Asia/Shanghai"
    assert nightly_warehouse_schedule.job_name == "build_warehouse"


def _evaluate(tmp_path, instance, cursor=None):
    outside = tmp_path.with_name(tmp_path.name + "_state")  # the sensor's own files are not entries of the folder
    settings = PipelineSettings(raw_dir=str(tmp_path), warehouse=str(outside / "w.duckdb"),
                                reference_dir=str(tmp_path), cache_dir=str(outside / "cache"))
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"pipeline_settings": settings})
    return raw_folder_sensor(context)


def test_sensor_adds_partitions_for_new_files_and_requests_their_extraction_alone(tmp_path):
    (tmp_path / "a.txt").write_text("一")
    (tmp_path / "b.txt").write_text("二")
    with dg.instance_for_test() as instance:
        result = _evaluate(tmp_path, instance)
        assert [r.job_name for r in result.run_requests] == ["extract_documents"]  # the build follows it
        assert result.run_requests[0].tags["dagster/asset_partition_range_start"] == "a.txt"
        assert result.run_requests[0].tags["dagster/asset_partition_range_end"] == "b.txt"
        assert list(result.dynamic_partitions_requests[0].partition_keys) == ["a.txt", "b.txt"]
        assert len(json.dumps(json.loads(result.cursor))) < 100  # the state itself is kept beside, not in the cursor


def test_sensor_skips_when_nothing_changed_and_sees_changed_content(tmp_path):
    (tmp_path / "a.txt").write_text("一")
    with dg.instance_for_test() as instance:
        first = _evaluate(tmp_path, instance)
        instance.add_dynamic_partitions(documents_partitions.name, ["a.txt"])
        assert not _evaluate(tmp_path, instance, first.cursor).run_requests
        (tmp_path / "a.txt").write_text("一二")
        changed = _evaluate(tmp_path, instance, first.cursor)
        assert [r.job_name for r in changed.run_requests] == ["extract_documents"]
        assert not changed.dynamic_partitions_requests  # a known partition is re-run, not re-added


def test_a_range_run_extracts_exactly_the_requested_documents(tmp_path):
    import shutil

    from tests.conftest import RAW_DIR, REFERENCE_DIR, SAMPLES
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "w.duckdb"),
                                reference_dir=str(REFERENCE_DIR), cache_dir=str(tmp_path / "cache"))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(documents_partitions.name, SAMPLES)
        result = defs.resolve_job_def("extract_documents").execute_in_process(
            instance=instance, resources={"pipeline_settings": settings},
            tags={"dagster/asset_partition_range_start": SAMPLES[1], "dagster/asset_partition_range_end": SAMPLES[3]})
        materialized = result.asset_materializations_for_node("document_extractions")
        assert sorted(m.partition for m in materialized) == SAMPLES[1:4]
        assert materialized[0].metadata["documents_extracted"].value == 3


def test_sensor_range_follows_partition_order_when_old_and_new_files_change(tmp_path):
    (tmp_path / "z.txt").write_text("一")
    with dg.instance_for_test() as instance:
        first = _evaluate(tmp_path, instance)
        instance.add_dynamic_partitions(documents_partitions.name, ["z.txt"])
        (tmp_path / "z.txt").write_text("二")
        (tmp_path / "a.txt").write_text("三")
        result = _evaluate(tmp_path, instance, first.cursor)
        tags = result.run_requests[0].tags
        assert (tags["dagster/asset_partition_range_start"], tags["dagster/asset_partition_range_end"]) == ("z.txt", "a.txt")


def test_a_folder_that_returns_to_an_earlier_state_is_rebuilt_again(tmp_path):
    (tmp_path / "a.txt").write_text("一")
    with dg.instance_for_test() as instance:
        first = _evaluate(tmp_path, instance)
        instance.add_dynamic_partitions(documents_partitions.name, ["a.txt"])
        (tmp_path / "b.txt").write_text("二")
        second = _evaluate(tmp_path, instance, first.cursor)
        instance.add_dynamic_partitions(documents_partitions.name, ["b.txt"])
        (tmp_path / "b.txt").unlink()
        third = _evaluate(tmp_path, instance, second.cursor)
        keys = [r.run_key for result in (first, second, third) for r in result.run_requests]
        assert len(keys) == len(set(keys)) == 3  # the third is the state of the first, with a new key
        assert third.run_requests[0].job_name == "build_warehouse"  # a removal needs no extraction
        assert list(third.dynamic_partitions_requests[0].partition_keys) == ["b.txt"]  # deleted partition


def test_entries_that_are_not_read_still_change_the_folder_state(tmp_path):
    (tmp_path / "a.txt").write_text("一")
    with dg.instance_for_test() as instance:
        first = _evaluate(tmp_path, instance)
        instance.add_dynamic_partitions(documents_partitions.name, ["a.txt"])
        (tmp_path / "sub").mkdir()
        result = _evaluate(tmp_path, instance, first.cursor)
        assert [r.job_name for r in result.run_requests] == ["build_warehouse"]  # listed, nothing to extract


def test_changed_files_far_apart_are_extracted_as_separate_stretches():
    from pipeline.defs.sensors import MAX_RANGES, ranges
    keys = [f"{n:03d}.txt" for n in range(100)]
    assert ranges(keys, {"001.txt", "002.txt", "050.txt"}) == [("001.txt", "002.txt"), ("050.txt", "050.txt")]
    many = {keys[n] for n in range(0, 100, 5)}
    assert len(many) > MAX_RANGES and ranges(keys, many) == [("000.txt", "095.txt")]


def test_a_sensor_tick_reads_only_files_changed_on_disk(tmp_path, monkeypatch):
    import os
    import time

    from pipeline.ingest import file_index
    for n in range(50):
        (tmp_path / f"{n:02d}.txt").write_text(f"报告{n}")
    old = time.time() - 3600  # settled files: their recorded stamp is trusted
    for path in tmp_path.glob("*.txt"):
        os.utime(path, (old, old))
    with dg.instance_for_test() as instance:
        first = _evaluate(tmp_path, instance)
        hashed = []
        monkeypatch.setattr(file_index, "file_sha256", lambda path: hashed.append(path.name) or "x")
        (tmp_path / "07.txt").write_text("改过")
        result = _evaluate(tmp_path, instance, first.cursor)
        assert hashed == ["07.txt"]
        assert [(r.tags["dagster/asset_partition_range_start"], r.tags["dagster/asset_partition_range_end"])
                for r in result.run_requests] == [("07.txt", "07.txt")]


def test_a_few_changed_names_are_looked_up_and_request_what_listing_every_partition_would(tmp_path, monkeypatch):
    from pipeline.defs import sensors
    listed = []
    list_keys = dg.DynamicPartitionsDefinition.get_partition_keys
    monkeypatch.setattr(dg.DynamicPartitionsDefinition, "get_partition_keys",
                        lambda self, *args, **kwargs: listed.append(1) or list_keys(self, *args, **kwargs))

    def only_new_names(raw):
        (raw / "d.txt").write_text("d")
        (raw / "e.txt").write_text("e")

    def a_known_name_changed_too(raw):
        (raw / "b.txt").write_text("改")
        (raw / "f.txt").write_text("f")
        (raw / "a.txt").unlink()

    outcomes, default = {}, sensors.FEW_LOOKUPS
    for few in (default, 0):  # 0: every partition is listed at every tick
        monkeypatch.setattr(sensors, "FEW_LOOKUPS", few)
        raw = tmp_path / f"few{few}"
        raw.mkdir()
        for name in ("a.txt", "b.txt", "c.txt"):
            (raw / name).write_text(name)
        with dg.instance_for_test() as instance:
            result = _evaluate(raw, instance)
            outcomes[few] = []
            for change in (only_new_names, a_known_name_changed_too):
                for request in result.dynamic_partitions_requests:
                    if isinstance(request, dg.AddDynamicPartitionsRequest):
                        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
                    else:
                        for key in request.partition_keys:
                            instance.delete_dynamic_partition(request.partitions_def_name, key)
                change(raw)
                listed.clear()
                result = _evaluate(raw, instance, result.cursor)
                runs = [(r.run_key, r.job_name, r.tags) for r in result.run_requests]
                partitions = [(type(r).__name__, list(r.partition_keys)) for r in result.dynamic_partitions_requests]
                outcomes[few].append((runs, partitions, bool(listed)))
    assert [all_listed for *_, all_listed in outcomes[default]] == [False, True]  # b.txt's place among them is needed
    assert [requests for *requests, _ in outcomes[default]] == [requests for *requests, _ in outcomes[0]]
    assert outcomes[0][1][1] == [("AddDynamicPartitionsRequest", ["f.txt"]),
                                 ("DeleteDynamicPartitionsRequest", ["a.txt"])]


def test_a_tick_collects_no_cycles_and_leaves_the_collector_as_it_found_it(tmp_path, monkeypatch):
    import gc

    from pipeline.defs import sensors
    collecting = []
    survey = sensors.survey
    monkeypatch.setattr(sensors, "survey", lambda raw_dir: collecting.append(gc.isenabled()) or survey(raw_dir))
    (tmp_path / "a.txt").write_text("一")
    with dg.instance_for_test() as instance:
        first = _evaluate(tmp_path, instance)
        assert gc.isenabled()
        gc.disable()  # by someone else: it stays so
        try:
            _evaluate(tmp_path, instance, first.cursor)
            assert not gc.isenabled()
        finally:
            gc.enable()
    assert collecting == [False, False]


@pytest.mark.parametrize("target", [["-w", "workspace.yaml"], []], ids=["workspace.yaml", "pyproject.toml"])
def test_dagster_validates_the_code_location_as_make_dev_and_the_cli_load_it(tmp_path, target):
    """`dagster definitions validate` loads the code location in a fresh process, as `make dev` does."""
    done = subprocess.run([str(Path(sys.executable).with_name("dagster")), "definitions", "validate", *target],
                          cwd=PROJECT_ROOT, env={**os.environ, "DAGSTER_HOME": str(tmp_path)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All code locations passed validation" in done.stdout + done.stderr
