"""The dbt models load as Dagster assets, the dbt tests as asset checks."""
import dagster as dg

from pipeline.defs.models import warehouse_models
from pipeline.load.models import PROJECT_DIR


def test_every_model_is_an_asset_keyed_by_schema_and_relation():
    keys = {tuple(k.path) for k in warehouse_models.keys}
    assert {("marts", "three_public"), ("marts", "documents"), ("staging", "documents"),
            ("core", "dim_department"), ("core", "fact_metric")} <= keys
    assert all(key[0] in ("staging", "core", "marts") for key in keys)
    assert len(keys) == len(list((PROJECT_DIR / "models").rglob("*.sql")))  # one asset per model file


def test_sources_keep_their_lake_keys():
    deps = {tuple(k.path) for spec in warehouse_models.specs for k in (d.asset_key for d in spec.deps)}
    assert ("lake", "documents") in deps and ("lake", "metric_statements") in deps


def test_dbt_tests_are_asset_checks():
    checks = {(tuple(c.asset_key.path), c.name) for c in warehouse_models.check_specs}
    assert (("marts", "three_public"), "unique_three_public_source_file") in checks
    assert any(key == ("core", "dim_document") and name.startswith("relationships") for key, name in checks)
    assert len(checks) > 100


def test_the_lineage_runs_from_extraction_through_the_lake_to_every_model_and_the_dashboard():
    from pipeline.definitions import defs
    graph = defs.resolve_asset_graph()
    lake = dg.AssetKey(["lake", "metric_statements"])
    assert graph.get(lake).is_materializable  # produced by lake_tables, not an outside source
    assert dg.AssetKey("document_extractions") in graph.get(lake).parent_keys
    assert lake in graph.get(dg.AssetKey(["staging", "metric_statements"])).parent_keys
    assert dg.AssetKey(["marts", "three_public"]) in graph.get(dg.AssetKey("dashboard")).parent_keys


def test_dagster_validates_the_definitions(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path
    dagster = Path(sys.executable).with_name("dagster")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}  # an instance of its own, as on a fresh clone
    done = subprocess.run([str(dagster), "definitions", "validate", "-m", "pipeline.definitions"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
