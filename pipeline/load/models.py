"""Build the SQL models of sql/ (a dbt project) into one warehouse file.

The file already holds the pipeline's frames as tables of schema ``lake``
(the dbt sources); ``dbt build`` makes the staging, core and marts layers from
them in the order their ``ref()``s give, and runs every test and unit test on
the way. Any error or failing test fails the build.

dbt runs in-process, so it ends with the run that started it (a killed run
leaves no dbt writing anywhere). Its target and log folders live outside the
source tree, one per project folder. dbt parses the whole project again
(≈ 8 s instead of ≈ 1 s) whenever the profile changes, and the profile holds
the paths of the file it builds and of the mirror it attaches; so the profile
names two fixed links of that folder, pointed at this build's files when its
turn comes. Every warehouse path, test folder and run then shares one partial
parse. Builds take turns (a lock file), in this process and across processes.
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

from pipeline.load.internals import close_dbt_duckdb_environment

PROJECT_DIR = Path(__file__).resolve().parents[2] / "sql"
DATABASE_VAR = "BUDGET_DBT_DATABASE"  # read by sql/profiles.yml: the file being built
MIRROR_VAR = "BUDGET_DBT_MIRROR"  # read by sql/profiles.yml: the lake's mirror, attached read-only as `mirror`

_in_process = threading.Lock()  # dbt's runner and os.environ are process-wide


def state_dir(project_dir: Path = PROJECT_DIR) -> Path:
    """dbt's target and log folders for this project folder (a writable temporary place)."""
    digest = hashlib.sha256(str(project_dir.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"budget-dbt-{os.getuid()}" / digest


def dbt_args(command: str, project_dir: Path = PROJECT_DIR) -> list[str]:
    """The arguments of a dbt command on the project, with the target and log paths of state_dir."""
    return [command, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
            "--target-path", str(target_path(project_dir)), "--log-path", str(state_dir(project_dir) / "logs"),
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


def target_path(project_dir: Path = PROJECT_DIR) -> Path:
    """dbt's target folder (manifest, partial parse) of every parse and build of the project."""
    return state_dir(project_dir) / "target"


# The name of every file dbt builds: DuckDB names a file's catalog after it, and dbt after the profile's link.
DATABASE_FILE = "warehouse.duckdb"


def profile_links(project_dir: Path = PROJECT_DIR) -> tuple[Path, Path]:
    """The paths sql/profiles.yml names: links to the file being built and to the mirror it attaches."""
    links = state_dir(project_dir) / "links"
    return links / DATABASE_FILE, links / "mirror.duckdb"


@contextmanager
def dbt_environment(project_dir: Path = PROJECT_DIR) -> Iterator[None]:
    """The environment sql/profiles.yml reads: the two links, the same for every build."""
    database, mirror = profile_links(project_dir)
    with _environment(DATABASE_VAR, str(database)), _environment(MIRROR_VAR, str(mirror)):
        yield


def _point_links(database: Path, mirror: Path, project_dir: Path) -> None:
    """Point the profile's links at this build's files, in its turn. DuckDB follows a link: it names the
    catalog after the file linked to and keeps its write-ahead log and spill folder beside it."""
    for link, path in zip(profile_links(project_dir), (database, mirror)):
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        link.symlink_to(Path(path).absolute())


def build_models(database: Path, mirror: Path, reference_dir: Path, project_dir: Path = PROJECT_DIR,
                 unit_tests: bool = False, callbacks: Sequence[Callable] = ()) -> None:
    """``dbt build`` on the database file (named ``DATABASE_FILE``); RuntimeError naming each failing model or
    test otherwise.

    ``callbacks`` receive each of dbt's events (``EventMsg``), from dbt's threads.
    """
    from dbt.cli.main import dbtRunner

    if Path(database).name != DATABASE_FILE:  # dbt would name the catalog after the link, DuckDB after the file
        raise ValueError(f"{database}: dbt builds files named {DATABASE_FILE}")
    # No JSON artifacts (the results come back in-process), no SQL in the log file.
    args = [*dbt_args("build", project_dir), "--quiet", "--no-write-json", "--log-level-file", "info",
            *build_args(reference_dir, unit_tests)]
    with _turn(state_dir(project_dir)), dbt_environment(project_dir):
        _point_links(database, mirror, project_dir)
        try:
            result = dbtRunner(callbacks=list(callbacks)).invoke(args)
        finally:
            _close_database()
    for line in _warnings(result):
        print(line, file=sys.stderr, flush=True)
    if not result.success:
        raise RuntimeError("dbt build failed:\n" + "\n".join(_failures(result, project_dir)))


def parse_project(reference_dir: Path, project_dir: Path = PROJECT_DIR) -> Path:
    """``dbt parse`` as the builds parse (no database is opened, no network), into their target folder, so
    the next build's parsing is partial: the manifest.json it writes."""
    from dbt.cli.main import dbtRunner

    args = [*dbt_args("parse", project_dir), "--quiet", *project_vars(reference_dir)]
    with _turn(state_dir(project_dir)), dbt_environment(project_dir):
        result = dbtRunner().invoke(args)
    if not result.success:
        raise RuntimeError("dbt parse failed:\n" + "\n".join(_failures(result, project_dir)))
    return target_path(project_dir) / "manifest.json"


def _close_database() -> None:
    """Close dbt-duckdb's connection, which it otherwise keeps open until the next build or exit.

    Left open, it would hold the published file (renamed from the building one)
    open for writing, and write to it when closed later.
    """
    close_dbt_duckdb_environment()


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
