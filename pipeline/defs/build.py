"""The one way to build: Dagster runs of the definitions' jobs, in this process.

``make run`` and the tests call ``build``: an extraction run over the files
whose content the lake lacks (the extraction asset is the only place that
extracts), then the ``build_warehouse`` job (lake → dbt models → dashboard).
The sensor and the schedule start the same jobs through the daemon. What was
published is read from what is on disk afterwards (the warehouse's build
record, the dashboard's stamp), never assumed from the run's success.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import dagster as dg

from pipeline.config import Settings
from pipeline.dashboard import stamp
from pipeline.defs.assets import dashboard as dashboard_asset, lake_tables
from pipeline.defs.models import warehouse_models
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.defs.sensors import RANGE_END, RANGE_START, ranges
from pipeline.ingest.survey import survey
from pipeline.load.warehouse import published_build, warehouse_lock
from pipeline.run import files_to_extract

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class BuildOutcome:
    """What a build published, and why a step failed (one line a failure, naming the step)."""

    warehouse_published: bool = False
    dashboard_published: bool = False
    failures: list[str] = field(default_factory=list)
    runs: list[dg.ExecuteInProcessResult] = field(default_factory=list)  # extraction runs, then the build's

    @property
    def result(self) -> dg.ExecuteInProcessResult:
        """The warehouse job's run."""
        return self.runs[-1]


def build(settings: Settings, instance: dg.DagsterInstance, *, warehouse: bool = True, dashboard: bool = True,
          tags: Mapping[str, str] | None = None) -> BuildOutcome:
    """Extract what the lake lacks, then build the warehouse and/or the dashboard, under the warehouse's lock.

    ``warehouse=False`` rebuilds the dashboard alone from the published
    warehouse. Failures are reported in the outcome, not raised.
    """
    from pipeline.definitions import defs

    config = {**QUIET, "resources": {"pipeline_settings": {"config": PipelineSettings.config_of(settings)}}}
    outcome = BuildOutcome()
    job = defs.resolve_job_def("build_warehouse")
    selection = [*(lake_tables.keys | warehouse_models.keys if warehouse else ()),
                 *([dashboard_asset.key] if dashboard else [])]
    with warehouse_lock(settings.warehouse):
        before = published_build(settings.warehouse)
        for first, last in _extraction_ranges(settings, instance) if warehouse else ():
            _execute(defs.resolve_job_def("extract_documents"), outcome, instance=instance, run_config=config,
                     tags={**(tags or {}), RANGE_START: first, RANGE_END: last})
        _execute(job, outcome, instance=instance, run_config=config, tags=tags, asset_selection=selection)
        after = published_build(settings.warehouse)
    outcome.warehouse_published = bool(after) and after != before
    outcome.dashboard_published = dashboard and bool(after) and stamp.matches(settings.dashboard, settings.warehouse)
    return outcome


def _execute(job: dg.JobDefinition, outcome: BuildOutcome, **options) -> None:
    result = job.execute_in_process(raise_on_error=False, **options)
    outcome.runs.append(result)
    for event in result.all_events:
        if event.is_step_failure:
            outcome.failures.append(f"{event.step_key}: {_message(event.step_failure_data.error)}")


def _message(error) -> str:
    """The user code's error, not Dagster's wrapper around it."""
    while error is not None and error.cls_name and error.cls_name.startswith("Dagster") and error.cause:
        error = error.cause
    return error.message.strip() if error else "unknown error"


def _extraction_ranges(settings: Settings, instance: dg.DagsterInstance) -> list[tuple[str, str]]:
    """The raw folder's files as the documents partitions (new ones added, removed ones deleted), and the
    stretches of those to extract."""
    names = [path.name for path in survey(settings.raw_dir)[0]]
    present = set(names)
    known = instance.get_dynamic_partitions(documents_partitions.name)
    gone = [key for key in known if key not in present]
    for key in gone:
        instance.delete_dynamic_partition(documents_partitions.name, key)
    known_set = set(known)
    instance.add_dynamic_partitions(documents_partitions.name, [name for name in names if name not in known_set])
    pending = {path.name for path in files_to_extract([settings.raw_dir / name for name in names], settings)}
    if not pending:
        return []
    return ranges(instance.get_dynamic_partitions(documents_partitions.name), pending)
