"""Pick up new and changed files in the raw folder by themselves."""

import hashlib
import json
from pathlib import Path

import dagster as dg

from pipeline.defs.jobs import build_warehouse_job, extract_documents_job
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.ingest.reader import file_sha256
from pipeline.run import discover

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def folder_state(raw_dir: Path) -> dict[str, str]:
    """File name → content hash of every document in the folder."""
    return {p.name: file_sha256(p) for p in discover(raw_dir)} if raw_dir.exists() else {}


# Every few minutes: files whose content is new become partitions and are
# extracted in one run; then the warehouse is rebuilt once. The cursor holds
# the content hash of every file already seen.
@dg.sensor(jobs=[extract_documents_job, build_warehouse_job], minimum_interval_seconds=120,
           default_status=dg.DefaultSensorStatus.RUNNING)
def raw_folder_sensor(context: dg.SensorEvaluationContext, pipeline_settings: PipelineSettings) -> dg.SensorResult:
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    now = folder_state(pipeline_settings.settings().raw_dir)
    touched = sorted(name for name, sha in now.items() if seen.get(name) != sha)
    removed = sorted(set(seen) - set(now))
    if not touched and not removed:
        return dg.SensorResult(skip_reason="no new or changed files", cursor=json.dumps(now, sort_keys=True))
    known = documents_partitions.get_partition_keys(dynamic_partitions_store=context.instance)
    new_keys = [name for name in touched if name not in known]
    requests = [documents_partitions.build_add_request(new_keys)] if new_keys else []
    requests += [documents_partitions.build_delete_request([n for n in removed if n in known])] if removed else []
    # A range follows partition order: known keys as added, then the new ones.
    in_order = [k for k in known if k in touched] + new_keys
    version = hashlib.sha256(json.dumps(now, sort_keys=True).encode()).hexdigest()[:16]
    runs = [dg.RunRequest(run_key=f"warehouse-{version}", job_name=build_warehouse_job.name)]
    if touched:
        runs.insert(0, dg.RunRequest(run_key=f"extract-{version}", job_name=extract_documents_job.name,
                                     tags={RANGE_START: in_order[0], RANGE_END: in_order[-1]}))
    return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=requests,
                           cursor=json.dumps(now, sort_keys=True))
