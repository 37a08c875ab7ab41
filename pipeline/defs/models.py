"""The dbt models of sql/ as Dagster assets: every model an asset, every dbt test an asset check.

Models are keyed ``[schema, relation]`` as in the warehouse (``["marts", "three_public"]``,
``["staging", "documents"]``); the dbt sources keep their default keys ``["lake", <frame>]``.
The manifest is parsed here when missing or older than the project's files (``dbt parse``:
no database, no network), and by ``prepare_if_dev`` under ``dagster dev``.
"""

import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject, dbt_assets
from dbt_common.events.functions import msg_to_dict

from pipeline.config import Settings
from pipeline.defs.resources import PipelineSettings
from pipeline.load.internals import dbt_assets_manifest, dbt_result_events
from pipeline.load.models import PROJECT_DIR, build_models, dbt_environment, parse_project, project_vars, target_path
from pipeline.load.warehouse import building_warehouse
from pipeline.progress import stage

_SETTINGS = Settings.from_env()

# The builds' own target folder: the manifest is parsed there as they parse, so the first build's parse is
# partial. Under `dagster dev` dagster-dbt parses the project on loading; with the builds' vars.
dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target_path=target_path(),
                         prepare_project_cli_args=["parse", "--quiet", *project_vars(_SETTINGS.reference_dir)])


def _project_files() -> list[Path]:
    return [p for p in PROJECT_DIR.rglob("*") if p.suffix in (".sql", ".yml") and "target" not in p.parts]


def _manifest() -> Path:
    """The project's manifest, parsed (no database opened) with the files this code location builds."""
    with dbt_environment():  # what sql/profiles.yml reads, under dagster dev
        dbt_project.prepare_if_dev()
    manifest = dbt_project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < max(p.stat().st_mtime for p in _project_files()):
        parse_project(_SETTINGS.reference_dir)
    return manifest


class WarehouseTranslator(DagsterDbtTranslator):
    """A model's key is its schema and relation name (a staging model stg_x is ["staging", "x"])."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["alias"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "warehouse_models"


RESULT_EVENTS = {"LogModelResult", "LogTestResult"}  # a model built, a data test run: one per asset and check


# The warehouse: every model built by dbt into a new file beside the published
# one, from the lake's mirror; published atomically when models and data tests
# pass (a failing test fails the run and nothing is published; the checks of
# the tests that ran are still recorded, the failing ones failed, and no model
# is materialised). dbt runs in
# this process (pipeline.load.models): no `dbt --version` and no second
# interpreter per build, partial parsing holds, and a killed run leaves no dbt
# behind. The whole project is built even when a subset is selected: the
# published file must hold every model.
@dbt_assets(manifest=_manifest(), project=dbt_project, dagster_dbt_translator=WarehouseTranslator())
def warehouse_models(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> Iterator:
    """``dbt build`` (models and data tests) into the building file, the swap, then each model's
    materialisation and each test's check result, as dagster-dbt makes them from dbt's events."""
    settings = pipeline_settings.settings()
    manifest, translator, project = dbt_assets_manifest([context.assets_def])
    results: list[dict] = []
    nodes = sum(node["resource_type"] in ("model", "test") for node in manifest["nodes"].values())
    failure: Exception | None = None
    try:
        with stage("models", unit="node", total=nodes) as built:
            built_lock = threading.Lock()

            def on_event(message) -> None:  # from dbt's threads
                if message.info.name in RESULT_EVENTS and \
                        message.data.node_info.unique_id.startswith(("model.", "test.")):
                    with built_lock:
                        results.append(msg_to_dict(message))
                        built.advance()

            with building_warehouse(settings.warehouse, settings.mirror, settings.reference_dir) as building:
                build_models(building, settings.mirror, settings.reference_dir, callbacks=[on_event])
    except Exception as error:  # a failing test or model: nothing was published
        failure = error
    selected_outputs, selected_checks = context.selected_output_names, context.selected_asset_check_keys
    for raw_event in results:
        for event in dbt_result_events(raw_event, manifest=manifest, dagster_dbt_translator=translator,
                                       context=context, project=project):
            if isinstance(event, dg.AssetCheckResult):
                if dg.AssetCheckKey(event.asset_key, event.check_name) not in selected_checks:
                    continue
            elif failure is not None:  # a failed build materialises nothing: the published warehouse is as it was
                continue
            elif isinstance(event, dg.Output) and event.output_name not in selected_outputs:
                continue
            yield event
    if failure is not None:  # after the check results of the tests that ran, the failing ones among them
        raise failure
