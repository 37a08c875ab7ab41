"""Command line: `python -m pipeline run` builds the warehouse in one Dagster run.

    python -m pipeline run        build or update the warehouse, print a summary
    python -m pipeline summary    print the summary of the published warehouse
    python -m pipeline evaluate GOLD_DIR [--show-misses]
                                  accuracy of the published warehouse against gold files
"""
from __future__ import annotations

import argparse
import os
import shutil
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


def run() -> int:
    _dagster_home()
    import dagster as dg

    from pipeline.definitions import defs
    from pipeline.defs.partitions import documents_partitions
    from pipeline.run import discover
    from pipeline.summary import warehouse_summary

    settings = Settings.from_env()
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        names = [p.name for p in discover(settings.raw_dir)]
        known = set(instance.get_dynamic_partitions(documents_partitions.name))
        instance.add_dynamic_partitions(documents_partitions.name, [n for n in names if n not in known])
        quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
        result = defs.resolve_job_def("build_warehouse").execute_in_process(
            instance=instance, run_config=quiet, raise_on_error=False)
    if not result.success:
        print("the run failed; the previously published warehouse is unchanged", file=sys.stderr)
        return 1
    print(f"warehouse: {settings.warehouse} ({time.perf_counter() - started:.1f} s)")
    print(warehouse_summary(settings.warehouse))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "summary", "evaluate"])
    parser.add_argument("gold_dir", nargs="?", help="folder of gold JSON files (evaluate)")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if args.command == "run":
        return run()
    warehouse = Settings.from_env().warehouse
    if args.command == "evaluate":
        from pathlib import Path

        from pipeline.evaluate import evaluate, report
        print(report(evaluate(warehouse, Path(args.gold_dir or "tests/gold")), args.show_misses))
        return 0
    from pipeline.summary import warehouse_summary
    print(warehouse_summary(warehouse))
    return 0


if __name__ == "__main__":
    sys.exit(main())
