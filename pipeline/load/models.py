"""Build the SQL models of sql/ (a dbt project) into one warehouse file.

The file already holds the pipeline's frames as tables of schema ``lake``
(the dbt sources); ``dbt build`` makes the staging, core and marts layers from
them in the order their ``ref()``s give, and runs every test and unit test on
the way. Any error or failing test fails the build.

dbt runs in-process, so it ends with the run that started it (a killed run
leaves no dbt writing anywhere). Its target and log folders live outside the
source tree, one per project folder, so partial parsing carries over from one
build to the next (≈ 1.5 s instead of ≈ 7 s of parsing) as long as the files
it builds and attaches keep their paths; builds that share them take turns (a
lock file), in this process and across processes.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2] / "sql"
DATABASE_VAR = "BUDGET_DBT_DATABASE"  # read by sql/profiles.yml: the file being built
MIRROR_VAR = "BUDGET_DBT_MIRROR"  # read by sql/profiles.yml: the lake's mirror, attached read-only as `mirror`

_in_process = threading.Lock()  # dbt's runner and os.environ are process-wide


def state_dir(project_dir: Path = PROJECT_DIR) -> Path:
    """dbt's target and log folders for this project folder (a writable temporary place)."""
    digest = hashlib.sha256(str(project_dir.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"budget-dbt-{os.getuid()}" / digest


def dbt_args(command: str, project_dir: Path = PROJECT_DIR, target: Path | None = None) -> list[str]:
    """The arguments of a dbt command on the project, with the log path of state_dir and its target path
    (or ``target``)."""
    state = state_dir(project_dir)
    return [command, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
            "--target-path", str(target or state / "target"), "--log-path", str(state / "logs"),
            "--no-version-check", "--no-send-anonymous-usage-stats"]


def build_args(reference_dir: Path, unit_tests: bool = False) -> list[str]:
    """The arguments of a warehouse build after ``build``: the reference folder, and unit tests only on request.

    dbt's unit tests check the models' logic on fixed rows: the test suite
    runs them (``make test``); a nightly build runs models and data tests.
    """
    exclude = [] if unit_tests else ["--exclude-resource-type", "unit_test"]
    return [*exclude, *project_vars(reference_dir)]


def project_vars(reference_dir: Path) -> list[str]:
    """dbt's ``--vars`` of every parse and build (the models read the reference folder): a parse with other
    vars is a full parse."""
    return ["--vars", json.dumps({"reference_dir": str(Path(reference_dir).resolve())})]


def build_target(database: Path, mirror: Path, project_dir: Path = PROJECT_DIR) -> Path:
    """dbt's target folder for the builds of this file from this mirror: dbt's partial parsing holds only
    while the profile's paths stay the same."""
    paths = f"{Path(database).resolve()}\0{Path(mirror).resolve()}".encode()
    return state_dir(project_dir) / "builds" / hashlib.sha256(paths).hexdigest()[:12]


@contextmanager
def dbt_environment(database: Path, mirror: Path) -> Iterator[None]:
    """The environment sql/profiles.yml reads: the file to build and the mirror to attach."""
    with _environment(DATABASE_VAR, str(Path(database).resolve())), _environment(MIRROR_VAR, str(Path(mirror).resolve())):
        yield


def build_models(database: Path, mirror: Path, reference_dir: Path, project_dir: Path = PROJECT_DIR,
                 unit_tests: bool = False, callbacks: Sequence[Callable] = ()) -> None:
    """``dbt build`` on the database file; RuntimeError naming each failing model or test otherwise.

    ``callbacks`` receive each of dbt's events (``EventMsg``), from dbt's threads.
    """
    from dbt.cli.main import dbtRunner

    # No JSON artifacts (the results come back in-process), no SQL in the log file.
    args = [*dbt_args("build", project_dir, build_target(database, mirror, project_dir)), "--quiet",
            "--no-write-json", "--log-level-file", "info",
            *build_args(reference_dir, unit_tests)]
    with _turn(state_dir(project_dir)), dbt_environment(database, mirror):
        try:
            result = dbtRunner(callbacks=list(callbacks)).invoke(args)
        finally:
            _close_database()
    for line in _warnings(result):
        print(line, file=sys.stderr, flush=True)
    if not result.success:
        raise RuntimeError("dbt build failed:\n" + "\n".join(_failures(result, project_dir)))


def parse_project(database: Path, mirror: Path, reference_dir: Path, project_dir: Path = PROJECT_DIR) -> Path:
    """``dbt parse`` as the builds of this file parse (no database is opened, no network), into their target
    folder, so the first build's parsing is partial: the manifest.json it writes."""
    from dbt.cli.main import dbtRunner

    target_path = build_target(database, mirror, project_dir)
    args = [*dbt_args("parse", project_dir, target_path), "--quiet", *project_vars(reference_dir)]
    with _turn(state_dir(project_dir)), dbt_environment(database, mirror):
        result = dbtRunner().invoke(args)
    if not result.success:
        raise RuntimeError("dbt parse failed:\n" + "\n".join(_failures(result, project_dir)))
    return target_path / "manifest.json"


def _close_database() -> None:
    """Close dbt-duckdb's connection, which it otherwise keeps open until the next build or exit.

    Left open, it would hold the published file (renamed from the building one)
    open for writing, and write to it when closed later.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager as manager
    with manager._LOCK:
        if manager._ENV is not None:
            try:
                manager._ENV.close()
            finally:
                manager._ENV = None


def _failures(result, project_dir: Path) -> list[str]:
    """One line per failed model or test: its file and dbt's message."""
    lines = [f"{_where(r.node)}: {r.status}: {(r.message or '').strip()}"
             for r in getattr(result.result, "results", None) or []
             if str(r.status) in ("error", "fail", "runtime error")]
    if result.exception is not None:
        lines.append(f"{project_dir.name}: {result.exception}")
    return lines or [f"{project_dir.name}: dbt reported a failure without details (see {state_dir(project_dir)}/logs)"]


def _warnings(result) -> list[str]:
    return [f"dbt warning: {_where(r.node)}: {(r.message or '').strip()}"
            for r in getattr(result.result, "results", None) or [] if str(r.status) == "warn"]


def _where(node) -> str:
    """A node's file, and its name when the file holds several (a test in a YAML file)."""
    path = getattr(node, "original_file_path", None) or ""
    return f"{path} ({node.name})" if path.endswith((".yml", ".yaml")) or not path else path


@contextmanager
def _turn(state: Path) -> Iterator[None]:
    state.mkdir(parents=True, exist_ok=True)
    with _in_process, open(state / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
