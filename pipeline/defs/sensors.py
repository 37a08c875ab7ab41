"""Pick up new and changed files in the raw folder by themselves."""

import hashlib
import json
from pathlib import Path

import dagster as dg

from pipeline.config import sensor_interval_seconds
from pipeline.defs.jobs import build_warehouse_job, extract_documents_job
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.ingest.reader import file_sha256
from pipeline.run import survey

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


IGNORED = "ignored"  # the state of an entry that is listed but not read (see pipeline.run.survey)


def folder_state(raw_dir: Path) -> dict[str, str]:
    """Entry name → content hash of every file to read, or ``IGNORED`` for the other entries."""
    files, ignored = survey(raw_dir)
    state = {q.source_file: IGNORED for q in ignored}
    for path in files:
        try:
            state[path.name] = file_sha256(path)
        except OSError:
            pass  # vanished since it was listed: the next evaluation sees the folder as it is
    return state


# Every few minutes: files whose content is new become partitions and are
# extracted in one run; then the warehouse is rebuilt once. The cursor holds
# the state of every entry already seen and a count of the builds requested:
# the run key has both, so a folder that returns to an earlier state is
# rebuilt again instead of matching an old run key.
@dg.sensor(jobs=[extract_documents_job, build_warehouse_job], minimum_interval_seconds=sensor_interval_seconds(),
           default_status=dg.DefaultSensorStatus.RUNNING)
def raw_folder_sensor(context: dg.SensorEvaluationContext, pipeline_settings: PipelineSettings) -> dg.SensorResult:
    cursor = json.loads(context.cursor) if context.cursor else {}
    seen: dict[str, str] = cursor.get("entries", {})
    builds: int = cursor.get("builds", 0)
    now = folder_state(pipeline_settings.settings().raw_dir)
    changed = sorted(name for name in set(seen) | set(now) if seen.get(name) != now.get(name))
    touched = [name for name in changed if now.get(name, IGNORED) != IGNORED]
    removed = [name for name in changed if seen.get(name, IGNORED) != IGNORED and now.get(name, IGNORED) == IGNORED]
    if not changed:
        return dg.SensorResult(skip_reason="no new, changed or removed entries",
                               cursor=json.dumps({"entries": now, "builds": builds}, sort_keys=True))
    builds += 1
    known = documents_partitions.get_partition_keys(dynamic_partitions_store=context.instance)
    new_keys = [name for name in touched if name not in known]
    requests = [documents_partitions.build_add_request(new_keys)] if new_keys else []
    gone = [name for name in removed if name in known]
    requests += [documents_partitions.build_delete_request(gone)] if gone else []
    # A range follows partition order: known keys as added, then the new ones.
    in_order = [k for k in known if k in touched] + new_keys
    version = hashlib.sha256(json.dumps(now, sort_keys=True).encode()).hexdigest()[:16]
    runs = [dg.RunRequest(run_key=f"warehouse-{version}-{builds}", job_name=build_warehouse_job.name)]
    if touched:
        runs.insert(0, dg.RunRequest(run_key=f"extract-{version}-{builds}", job_name=extract_documents_job.name,
                                     tags={RANGE_START: in_order[0], RANGE_END: in_order[-1]}))
    return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=requests,
                           cursor=json.dumps({"entries": now, "builds": builds}, sort_keys=True))
