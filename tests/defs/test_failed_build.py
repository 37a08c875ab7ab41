"""A dbt data test that fails in a Dagster run shows as a failed asset check; no model is materialised."""
from __future__ import annotations

import shutil
from functools import partial

import dagster as dg

from pipeline.config import Settings
from pipeline.defs import models
from pipeline.defs.resources import PipelineSettings
from pipeline.load.models import PROJECT_DIR
from tests.conftest import RAW_DIR, REFERENCE_DIR, SAMPLES

FAILING = "marts_have_no_floating_point"  # a singular data test, made to find a DOUBLE column in the marts


def test_a_failing_data_test_is_a_failed_check_and_nothing_is_materialised(tmp_path, monkeypatch):
    from pipeline.run import read_folder, stage_documents
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SAMPLES[:2]:
        shutil.copy(RAW_DIR / name, raw / name)
    settings = Settings(raw, tmp_path / "warehouse" / "budget.duckdb", REFERENCE_DIR, tmp_path / "cache")
    stage_documents(read_folder(settings), settings)
    broken = tmp_path / "sql"  # the dbt project with one data test that fails (same name, same unique id)
    shutil.copytree(PROJECT_DIR, broken, ignore=shutil.ignore_patterns("target", "logs"))
    test_sql = broken / "tests" / f"{FAILING}.sql"
    test_sql.write_text(test_sql.read_text(encoding="utf-8") + "\nunion all select 'documents', 'made_up', 'DOUBLE'\n",
                        encoding="utf-8")
    monkeypatch.setattr(models, "build_models", partial(models.build_models, project_dir=broken))
    resources = {"pipeline_settings": PipelineSettings(raw_dir=str(raw), warehouse=str(settings.warehouse),
                                                       reference_dir=str(REFERENCE_DIR),
                                                       cache_dir=str(settings.cache_dir))}

    with dg.instance_for_test() as instance:
        result = dg.materialize([models.warehouse_models], resources=resources, instance=instance,
                                raise_on_error=False)
        assert not result.success
        errors = [e.step_failure_data.error for e in result.all_events if e.is_step_failure]
        assert len(errors) == 1
        causes = [errors[0], *(c for c in (errors[0].cause,) if c)]
        assert any("RuntimeError" in c.cls_name and "dbt build failed" in c.message and FAILING in c.message
                   for c in causes), errors[0].to_string()

        run = result.run_id
        records = instance.get_records_for_run(run, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
        evaluations = {(tuple(e.asset_key.path), e.check_name): e.passed
                       for e in (r.event_log_entry.dagster_event.event_specific_data for r in records)}
        assert evaluations[("marts", "documents"), FAILING] is False
        assert sum(evaluations.values()) > 100  # the other tests ran and passed: their checks are recorded
        assert [k for k, passed in evaluations.items() if not passed] == [(("marts", "documents"), FAILING)]
        check = dg.AssetCheckKey(dg.AssetKey(["marts", "documents"]), FAILING)
        latest = instance.event_log_storage.get_latest_asset_check_execution_by_key([check])[check]
        assert latest.run_id == run and latest.status.value == "FAILED"

        assert instance.get_records_for_run(run, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records == []
        assert all(instance.get_latest_materialization_event(key) is None for key in models.warehouse_models.keys)
    assert not settings.warehouse.exists()  # nothing was published
    assert [p.name for p in settings.warehouse.parent.iterdir()] == ["budget.duckdb.lock"]
