"""The dbt models of sql/ as Dagster assets: every model an asset, every dbt test an asset check.

Models are keyed ``[schema, relation]`` as in the warehouse (``["marts", "three_public"]``,
``["staging", "documents"]``); the dbt sources keep their default keys ``["lake", <frame>]``.
The manifest is parsed here when missing or older than the project's files (``dbt parse``:
no database, no network), and by ``prepare_if_dev`` under ``dagster dev``.
"""

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pipeline.config import Settings
from pipeline.defs.resources import PipelineSettings
from pipeline.load.models import PROJECT_DIR, build_args, dbt_environment, parse_project, state_dir
from pipeline.load.warehouse import building_warehouse

TARGET_PATH = state_dir(PROJECT_DIR) / "dagster"  # apart from the builds', so their partial parsing holds

dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target_path=TARGET_PATH)


def _project_files() -> list[Path]:
    return [p for p in PROJECT_DIR.rglob("*") if p.suffix in (".sql", ".yml") and "target" not in p.parts]


def _manifest() -> Path:
    """The project's manifest, parsed (no database opened) with the files this code location builds."""
    settings = Settings.from_env()
    with dbt_environment(settings.warehouse, settings.mirror):  # what sql/profiles.yml reads, under dagster dev
        dbt_project.prepare_if_dev()
    manifest = dbt_project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < max(p.stat().st_mtime for p in _project_files()):
        parse_project(TARGET_PATH, settings.warehouse, settings.mirror)
    return manifest


class WarehouseTranslator(DagsterDbtTranslator):
    """A model's key is its schema and relation name (a staging model stg_x is ["staging", "x"])."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["alias"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "warehouse_models"


# The warehouse: every model built by dbt into a new file beside the published
# one, from the lake's mirror; published atomically when models and data tests
# pass (a failing test fails the run and nothing is published).
@dbt_assets(manifest=_manifest(), project=dbt_project, dagster_dbt_translator=WarehouseTranslator())
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, pipeline_settings: PipelineSettings):
    """``dbt build`` (models and data tests) into the building file, then the swap."""
    settings = pipeline_settings.settings()
    with building_warehouse(settings.warehouse, settings.mirror, settings.reference_dir):
        yield from dbt.cli(["build", *build_args(settings.reference_dir)], context=context).stream()


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource for the project (the files it builds and attaches come from ``building_warehouse``)."""
    executable = Path(sys.executable).with_name("dbt")  # the environment's own dbt, on PATH or not
    return DbtCliResource(project_dir=dbt_project, profiles_dir=str(PROJECT_DIR),
                          dbt_executable=str(executable) if executable.exists() else "dbt")
