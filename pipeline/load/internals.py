"""The few library internals this project relies on, in one place, each for a measured gain.

Every other module uses public APIs only. An upgrade of one of these libraries starts here:
``tests/load/test_internals.py`` fails on a version these were not written for.

- Dagster's SQLite event-log storage (``pipeline/defs/event_log.py`` subclasses it to keep its engines
  open): Dagster opens and closes an engine per event, about 500 events a build; keeping them open saved
  1.4–2 s a build on the samples (13.0 / 13.2 s against 14.4 / 15.3 s, paired builds).
- dagster-dbt's conversion of dbt's result events into materialisations and check results, and the
  manifest of a ``@dbt_assets`` definition: they let dbt run in this process (``pipeline/load/models.py``)
  instead of a ``dbt`` subprocess per build, so partial parsing holds and a killed run leaves no dbt behind.
- dbt-duckdb's shared environment: closed after a build, or it keeps the published file open for writing.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from importlib.metadata import version

# The versions the code below was written and measured for (pinned in pyproject.toml).
WRITTEN_FOR = {"dagster": "1.13.27", "dagster-dbt": "0.29.27", "dbt-duckdb": "1.11.1"}


def installed_versions() -> dict[str, str]:
    return {name: version(name) for name in WRITTEN_FOR}


def sqlite_event_log():
    """(SqliteEventLogStorage, its index shard's name, SQLite's busy timeout, ConfigurableClassData)."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
    from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
    from dagster._serdes import ConfigurableClassData
    return SqliteEventLogStorage, INDEX_SHARD_NAME, SQLITE_BUSY_TIMEOUT_SECONDS, ConfigurableClassData


def dbt_assets_manifest(assets_defs: Sequence) -> tuple:
    """(manifest, translator, project) of ``@dbt_assets`` definitions."""
    from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets
    return get_manifest_and_translator_from_dbt_assets(list(assets_defs))


def dbt_result_events(raw_event: dict, **context) -> Iterator:
    """The materialisations and check results dagster-dbt makes of one of dbt's result events."""
    from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
    return DbtCoreCliEventMessage(raw_event=raw_event, event_history_metadata={}).to_default_asset_events(**context)


def close_dbt_duckdb_environment() -> None:
    """Close dbt-duckdb's shared DuckDB environment (its public ``close_all_connections`` drops it unclosed)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager as manager
    with manager._LOCK:
        if manager._ENV is not None:
            try:
                manager._ENV.close()
            finally:
                manager._ENV = None
