"""Pick up new, changed and removed files in the raw folder by themselves."""

import gc
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from pipeline.config import Settings, sensor_interval_seconds
from pipeline.defs.jobs import build_warehouse_job, extract_documents_job
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.ingest.file_index import FileIndex
from pipeline.run import survey

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
IGNORED = "ignored"  # the state of an entry that is listed but not read (see pipeline.run.survey)
# More separate stretches of changed files than this are extracted in one run from the first to the last:
# an unchanged file in between costs a lake lookup, a run costs seconds.
MAX_RANGES = 8
# Up to this many touched and removed names are looked up one by one rather than in the list of every partition.
FEW_LOOKUPS = 20


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """A tick over 100,000 files makes half a million objects that live until it ends: collecting cycles as
    they are made (there are none among them) would traverse the whole heap again and again, a third of the tick."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def folder_state(settings: Settings) -> dict[str, str]:
    """Entry name → content hash of every file to read, or ``IGNORED`` for the other entries.

    Hashes come from the file index: only files changed on disk are read.
    """
    files, ignored = survey(settings.raw_dir)
    state = {q.source_file: IGNORED for q in ignored}
    index = FileIndex(settings.cache_dir / "file_index.json")
    for path in files:
        try:
            state[path.name] = index.sha256(path)
        except OSError:
            pass  # vanished since it was listed: the next evaluation sees the folder as it is
    index.save()
    return state


class FolderStates:
    """The folder states the sensor has seen, as files named by their digest (the cursor holds the digest only:
    100,000 entries would not fit a cursor)."""

    def __init__(self, settings: Settings):
        self.root = settings.cache_dir / "sensor"

    def load(self, digest: str | None) -> dict[str, str]:
        try:
            return json.loads((self.root / f"{digest}.json").read_text(encoding="utf-8")) if digest else {}
        except (OSError, ValueError):
            return {}  # lost: every file is seen as new, which costs lake lookups, not extraction

    def save(self, state: dict[str, str]) -> str:
        data = json.dumps(state, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(data.encode()).hexdigest()[:16]
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{digest}.json"
        if path.exists():  # the same state as a tick before: named by its content, it is already there
            return digest
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(data, encoding="utf-8")
        tmp.replace(path)
        for old in self.root.glob("*.json"):
            if old != path and old.stat().st_mtime < path.stat().st_mtime - 86400:
                old.unlink(missing_ok=True)  # states older than a day are never a cursor again
        return digest


def ranges(keys_in_order: list[str], touched: set[str]) -> list[tuple[str, str]]:
    """The stretches of touched keys in partition order, as (first, last); one stretch when there are many."""
    stretches: list[list[str]] = []
    previous_touched = False
    for key in keys_in_order:
        if key in touched:
            if previous_touched:
                stretches[-1][1] = key
            else:
                stretches.append([key, key])
        previous_touched = key in touched
    if len(stretches) > MAX_RANGES:
        stretches = [[stretches[0][0], stretches[-1][1]]]
    return [(first, last) for first, last in stretches]


def known_partitions(instance: dg.DagsterInstance, touched: set[str], removed: list[str]) -> tuple[list[str], set[str]]:
    """The partition keys in order, and the set of them, or only of those among the touched and removed names.

    Listing 100,000 keys takes half a second; a few names are looked up one by
    one instead, and when none touched is a partition yet, the new keys alone
    make the stretches and the order of the others is not needed (an empty list).
    """
    names = touched.union(removed)
    if len(names) <= FEW_LOOKUPS:
        known = {name for name in names if instance.has_dynamic_partition(documents_partitions.name, name)}
        if not known & touched:
            return [], known
    keys = documents_partitions.get_partition_keys(dynamic_partitions_store=instance)
    return keys, set(keys)


# Every few minutes: files whose content is new become partitions and are
# extracted, each stretch of them in one run; the warehouse follows when an
# extraction run has succeeded (build_after_extraction), never at the same
# moment. A change that needs no extraction (a file removed, an entry
# ignored) requests the warehouse build directly. The cursor holds the digest
# of the folder's state and a count of the builds requested: the run keys have
# both, so a folder that returns to an earlier state is rebuilt again.
@dg.sensor(jobs=[extract_documents_job, build_warehouse_job], minimum_interval_seconds=sensor_interval_seconds(),
           default_status=dg.DefaultSensorStatus.RUNNING)
def raw_folder_sensor(context: dg.SensorEvaluationContext, pipeline_settings: PipelineSettings) -> dg.SensorResult:
    with cycles_uncollected():
        return _evaluate(context, pipeline_settings.settings())


def _evaluate(context: dg.SensorEvaluationContext, settings: Settings) -> dg.SensorResult:
    states = FolderStates(settings)
    cursor = json.loads(context.cursor) if context.cursor else {}
    builds: int = cursor.get("builds", 0)
    seen = states.load(cursor.get("state"))
    now = folder_state(settings)
    if now == seen:  # the last tick's state, saved then under the cursor's digest (none before a first tick)
        return dg.SensorResult(skip_reason="no new, changed or removed entries",
                               cursor=json.dumps({"state": cursor.get("state") or states.save(now), "builds": builds}))
    digest = states.save(now)
    changed = [name for name, sha in now.items() if seen.get(name) != sha] + [name for name in seen if name not in now]
    builds += 1
    touched = {name for name in changed if now.get(name, IGNORED) != IGNORED}
    removed = [name for name in changed if seen.get(name, IGNORED) != IGNORED and now.get(name, IGNORED) == IGNORED]
    known, known_set = known_partitions(context.instance, touched, removed)
    new_keys = sorted(name for name in touched if name not in known_set)
    gone = {name for name in removed if name in known_set}
    requests = [documents_partitions.build_add_request(new_keys)] if new_keys else []
    requests += [documents_partitions.build_delete_request(sorted(gone))] if gone else []
    if touched:  # a range follows partition order: known keys as added, then the new ones
        runs = [dg.RunRequest(run_key=f"extract-{digest}-{builds}-{n}", job_name=extract_documents_job.name,
                              tags={RANGE_START: first, RANGE_END: last})
                for n, (first, last) in enumerate(ranges([*(k for k in known if k not in gone), *new_keys], touched))]
    else:
        runs = [dg.RunRequest(run_key=f"warehouse-{digest}-{builds}", job_name=build_warehouse_job.name)]
    return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=requests,
                           cursor=json.dumps({"state": digest, "builds": builds}))


# The warehouse follows each successful extraction run: one build, after it.
@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, monitored_jobs=[extract_documents_job],
                      request_job=build_warehouse_job, default_status=dg.DefaultSensorStatus.RUNNING)
def build_after_extraction(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=f"warehouse-after-{context.dagster_run.run_id}")
