"""Command line: `python -m pipeline run` builds the warehouse and its dashboard through the Dagster jobs.

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
import signal
import socket
import sys
import threading
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


# Exit codes of `run` (README, "The two commands"): what was published.
BOTH_PUBLISHED, NOTHING_PUBLISHED, REFUSED, WAREHOUSE_ONLY = 0, 1, 2, 3


def run(allow_empty: bool = False) -> int:
    """One build under the warehouse's lock (a second run waits for the first); the exit code says what was
    published: 0 warehouse and dashboard, 3 the warehouse alone, 1 nothing, 2 input refused, 130/143 a signal."""
    if allow_empty:
        os.environ["BUDGET_ALLOW_EMPTY"] = "1"
    if sys.stderr.isatty():
        from pipeline.progress import BARS
        os.environ[BARS] = "1"  # the steps' output reaches this terminal through Dagster's capture
    _dagster_home()
    settings = Settings.from_env()
    _stop_on_signals(settings)
    from pipeline.dashboard.stamp import matches
    from pipeline.run import refusal, survey, up_to_date

    files, ignored = survey(settings.raw_dir)
    refused = refusal(settings, files, ignored, loaded=len(files))
    del files, ignored  # the run reads the folder itself: a list per file need not live through the build
    if refused:
        print(refused, file=sys.stderr)
        return REFUSED
    started = time.perf_counter()
    data_up_to_date = up_to_date(settings)
    if data_up_to_date and matches(settings.dashboard, settings.warehouse):
        print(f"warehouse: {settings.warehouse} is up to date (no file, reference table or model changed; "
              f"{time.perf_counter() - started:.1f} s)")
        return BOTH_PUBLISHED
    import dagster as dg

    from pipeline.defs.build import build
    with dg.DagsterInstance.get() as instance:
        _fail_killed_runs(instance)
        outcome = build(settings, instance, warehouse=not data_up_to_date,
                        tags={RUN_HOST_TAG: socket.gethostname(), RUN_PID_TAG: str(os.getpid())})
    for failure in outcome.failures:
        print(f"the run failed: {failure}", file=sys.stderr)
    if not outcome.warehouse_published and not data_up_to_date:
        print(f"nothing was published: {settings.warehouse} is unchanged", file=sys.stderr)
        return NOTHING_PUBLISHED
    if data_up_to_date:
        print(f"warehouse: {settings.warehouse} is up to date (its dashboard showed another: rebuilt alone)")
    else:
        from pipeline.summary import warehouse_summary
        print(f"warehouse: {settings.warehouse} ({time.perf_counter() - started:.1f} s)")
        print(warehouse_summary(settings.warehouse))
    if not outcome.dashboard_published:
        print(f"the warehouse alone is published: {_published(settings, True)}", file=sys.stderr)
        return WAREHOUSE_ONLY
    from pipeline.summary import where_to_look
    print(where_to_look(settings.warehouse, settings.dashboard))
    return BOTH_PUBLISHED


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _stop_on_signals(settings: Settings) -> None:
    """SIGINT and SIGTERM end the run at any step, at once and cleanly: the building folders are removed, what
    is published is said, and the process exits 128 + the signal's number (130, 143).

    A thread acts on them, told through the signal module's wakeup file
    (written whatever Python handler is installed, Dagster's during a run
    included), rather than an exception raised into whatever Dagster, dbt or
    DuckDB is doing (one raised into dbt while DuckDB ran left threads that
    aborted the interpreter's exit, 134). Exiting without Python's shutdown
    stops dbt's and DuckDB's threads where they are; the published warehouse
    is replaced only by an atomic rename, so it is the old one or the new one;
    pool workers die with this process (PR_SET_PDEATHSIG); a Dagster run left
    in progress is marked failed by the next run.
    """
    from pipeline.load.warehouse import building_path
    before = _file_identity(settings.warehouse)
    wakeup, signalled = os.pipe()
    os.set_blocking(signalled, False)
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda signum, frame: None)  # the process lives on until the thread below ends it
    signal.set_wakeup_fd(signalled, warn_on_full_buffer=False)

    def wait_and_stop() -> None:
        signum = 0
        while signum not in STOP_SIGNALS:
            signum = os.read(wakeup, 1)[0]
        after = _file_identity(settings.warehouse)
        sys.stdout.flush()
        print(f"the run was stopped by {signal.Signals(signum).name}: "
              f"{_published(settings, after is not None and after != before)}", file=sys.stderr, flush=True)
        # the run's last words are said: what dbt's or Dagster's threads print as their files vanish is not
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        for folder in (building_path(settings.warehouse), building_path(settings.dashboard)):
            shutil.rmtree(folder, ignore_errors=True)
        os._exit(128 + signum)

    threading.Thread(target=wait_and_stop, name="stop-on-signals", daemon=True).start()


def _file_identity(path) -> tuple[int, int] | None:
    """A published file's inode and modification time: publishing renames a new file over it, which changes
    both (read without opening it: DuckDB refuses a second connection of another configuration in a process)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _published(settings: Settings, warehouse: bool) -> str:
    """What a run that did not end as planned leaves published, in words."""
    if not warehouse:
        return f"nothing was published, {settings.warehouse} is unchanged"
    return (f"the warehouse {settings.warehouse} was published, its dashboard {settings.dashboard} was not "
            f"(it shows an older warehouse or none; the next run rebuilds it)")


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
