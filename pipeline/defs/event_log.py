"""Dagster's SQLite event log, with its database connections kept open between events.

A warehouse build records some 500 events (each dbt model's planned, output
and materialisation events, each data test's check evaluation). Dagster's
SQLite event log opens an engine and a connection for every event and closes
them after it, and the close of a WAL database checkpoints it: about 10–20 ms
an event here, 5–10 s a build. This storage keeps one engine per database
(the index and the few latest runs), so an event costs a statement and a
commit, and it checkpoints a run's database after each write, because the
UI's live log of a run watches that file for changes.

It reads and writes the same files as Dagster's own (``$DAGSTER_HOME/history/runs``),
so an instance can switch to it and back. ``data/dagster.yaml`` selects it.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import sqlalchemy as sa

from pipeline.load.internals import sqlite_event_log

SqliteEventLogStorage, INDEX_SHARD_NAME, SQLITE_BUSY_TIMEOUT_SECONDS, ConfigurableClassData = sqlite_event_log()

RUNS_KEPT_OPEN = 4  # the run databases with an open engine besides the index (a webserver reads many runs)


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose engines live as long as the storage (the index's and the latest runs')."""

    def __init__(self, base_dir: str | None = None, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, sa.Engine] = OrderedDict()
        self._engines_pid = os.getpid()
        self._tables_present: set[str] = set()
        super().__init__(base_dir or os.path.join(os.environ["DAGSTER_HOME"], "history", "runs"), inst_data)

    @classmethod
    def config_type(cls):
        return {"base_dir": dg.Field(dg.StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sa.Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn:
                with conn.begin():
                    yield conn
                if shard != INDEX_SHARD_NAME:  # the run's file changes now: its watchers see the event
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def _engine(self, shard: str) -> sa.Engine:
        """The shard's engine (under ``_db_lock``); a forked child makes its own, the parent's stay the parent's."""
        if self._engines_pid != os.getpid():
            self._engines, self._engines_pid = OrderedDict(), os.getpid()
        engine = self._engines.get(shard)
        if engine is None:
            engine = sa.create_engine(self.conn_string_for_shard(shard),
                                      connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
        self._engines.move_to_end(shard)
        runs = [name for name in self._engines if name != INDEX_SHARD_NAME]
        for name in runs[:-RUNS_KEPT_OPEN]:
            self._engines.pop(name).dispose()
        return engine

    def has_table(self, table_name: str) -> bool:
        """Dagster asks before every check event; a table, once there, stays (its answer is kept)."""
        if table_name not in self._tables_present:
            if not super().has_table(table_name):
                return False
            self._tables_present.add(table_name)
        return True

    def wipe(self) -> None:
        self._dispose_engines()
        super().wipe()

    def dispose(self) -> None:
        super().dispose()
        self._dispose_engines()

    def _dispose_engines(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()
