"""Command line: `python -m pipeline run` builds the warehouse in one Dagster run.

    python -m pipeline run [--allow-empty]
                                  build or update the warehouse, print a summary
    python -m pipeline summary    print the summary of the published warehouse
    python -m pipeline evaluate GOLD_DIR [--show-misses]
                                  accuracy of the published warehouse against gold files
    python -m pipeline dashboard  rebuild the dashboard from the published warehouse
    python -m pipeline sql        DuckDB's command line on the published warehouse (read-only, safe mode)
    python -m pipeline export [--department NAME]
                                  every mart as Parquet and CSV, or one department's rows as .xlsx
"""
from __future__ import annotations

import argparse
import gc
import os
import shutil
import socket
import sys
import time

from pipeline.config import PROJECT_ROOT, Settings


def _dagster_home() -> None:
    """A persistent instance under data/ (dynamic partitions live there)."""
    home = PROJECT_ROOT / "data" / "dagster_home"
    os.environ.setdefault("DAGSTER_HOME", str(home))
    home = os.environ["DAGSTER_HOME"]
    os.makedirs(home, exist_ok=True)
    config = os.path.join(home, "dagster.yaml")
    if not os.path.exists(config):
        shutil.copyfile(PROJECT_ROOT / "data" / "dagster.yaml", config)


RUN_HOST_TAG, RUN_PID_TAG = "budget/host", "budget/pid"


def _fail_killed_runs(instance) -> None:
    """A killed `make run` leaves its Dagster run "in progress" forever: the next run marks it failed."""
    import dagster as dg

    from pipeline.lake.store import process_alive
    started = dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED],
                            tags={RUN_HOST_TAG: socket.gethostname()})
    for record in instance.get_runs(filters=started):
        pid = int(record.tags.get(RUN_PID_TAG, "0"))
        if pid and not process_alive(pid):
            instance.report_run_failed(record, f"the process of this run (pid {pid}) was killed")


def _add_partitions(instance, name: str, keys: list[str]) -> None:
    """Register the files as partitions of the extraction asset (the ones Dagster does not know yet)."""
    known = set(instance.get_dynamic_partitions(name))
    instance.add_dynamic_partitions(name, [key for key in keys if key not in known])


def run(allow_empty: bool = False) -> int:
    """One build under the warehouse's lock (a second run waits for the first); 0 when published."""
    if allow_empty:
        os.environ["BUDGET_ALLOW_EMPTY"] = "1"
    if sys.stderr.isatty():
        from pipeline.progress import BARS
        os.environ[BARS] = "1"  # the steps' output reaches this terminal through Dagster's capture
    _dagster_home()
    from pipeline.run import refusal, survey, up_to_date

    settings = Settings.from_env()
    files, ignored = survey(settings.raw_dir)
    refused = refusal(settings, files, ignored, loaded=len(files))
    if refused:
        print(refused, file=sys.stderr)
        return 2
    started = time.perf_counter()
    if up_to_date(settings):
        print(f"warehouse: {settings.warehouse} is up to date (no file, reference table or model changed; "
              f"{time.perf_counter() - started:.1f} s)")
        return 0
    import dagster as dg

    from pipeline.definitions import defs
    from pipeline.defs.partitions import documents_partitions
    from pipeline.load.warehouse import warehouse_lock
    from pipeline.summary import warehouse_summary, where_to_look

    with warehouse_lock(settings.warehouse), dg.DagsterInstance.get() as instance:
        _fail_killed_runs(instance)
        _add_partitions(instance, documents_partitions.name, [p.name for p in files])
        del files, ignored  # the run reads the folder itself: a list per file need not live through the build
        quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
        result = defs.resolve_job_def("build_warehouse").execute_in_process(
            instance=instance, run_config=quiet, raise_on_error=False,
            tags={RUN_HOST_TAG: socket.gethostname(), RUN_PID_TAG: str(os.getpid())})
    if not result.success:
        errors = [e.step_failure_data.error for e in result.all_events if e.is_step_failure]
        for error in errors:
            print(f"the run failed: {error.message.strip() if error else 'unknown error'}", file=sys.stderr)
        print(f"nothing was published: {settings.warehouse} is unchanged", file=sys.stderr)
        return 1
    print(f"warehouse: {settings.warehouse} ({time.perf_counter() - started:.1f} s)")
    print(warehouse_summary(settings.warehouse))
    print(where_to_look(settings.warehouse, settings.dashboard))
    return 0


def dashboard(settings: Settings) -> int:
    """Rebuild the dashboard from the published warehouse alone (nothing is extracted)."""
    from pipeline.dashboard import build_dashboard

    if not settings.warehouse.exists():
        print(f"no warehouse at {settings.warehouse}: build it first with `make run`", file=sys.stderr)
        return 1
    site = build_dashboard(settings.warehouse, settings.dashboard)
    print(f"dashboard: {site.pages} pages ({site.written} files written anew), {site.size_bytes / 1e6:.1f} MB, "
          f"in {site.seconds:.1f} s")
    print(f"open {site.index.as_uri()} in a browser (or serve {site.path} with any web server)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "summary", "evaluate", "dashboard", "sql", "export"])
    parser.add_argument("gold_dir", nargs="?", help="folder of gold JSON files (evaluate)")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--department", help="export: one .xlsx of this department's rows (its name as printed)")
    parser.add_argument("--allow-empty", action="store_true",
                        help="run: publish even when the raw folder yields no report (default: refuse)")
    args = parser.parse_args()
    if args.command == "run":
        return run(args.allow_empty)
    settings = Settings.from_env()
    if args.command == "dashboard":
        return dashboard(settings)
    warehouse = settings.warehouse
    if args.command == "sql":
        from pipeline.sql_shell import main as sql_shell
        return sql_shell(warehouse)
    if args.command == "export":
        from pipeline.export import main as export
        return export(warehouse, settings.export_dir, args.department)
    if args.command == "evaluate":
        from pathlib import Path

        from pipeline.evaluate import evaluate, report
        print(report(evaluate(warehouse, Path(args.gold_dir or "tests/gold")), args.show_misses))
        return 0
    from pipeline.summary import warehouse_summary
    print(warehouse_summary(warehouse))
    return 0


if __name__ == "__main__":
    code = main()
    # Everything is written and closed by now. Leave the objects of Dagster, dbt and the libraries out of the
    # interpreter's last garbage collection, which walks them all: 1.4 s of every run's exit, for nothing.
    gc.freeze()
    sys.exit(code)
