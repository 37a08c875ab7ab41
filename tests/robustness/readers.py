"""Warehouse readers for the concurrency tests, importing nothing but DuckDB (cheap to start many)."""
from __future__ import annotations

import time

import duckdb

SNAPSHOT = ("select (select count(*) from marts.documents where status = 'loaded'), "
            "(select count(*) from marts.department_metrics), "
            "(select coalesce(sum(value), 0)::varchar from marts.department_metrics)")


def snapshot(path: str) -> tuple:
    """What a reader sees of one published warehouse, read in one connection."""
    with duckdb.connect(path, read_only=True, config={"threads": 1}) as con:
        return con.execute(SNAPSHOT).fetchone()


def read_until(path: str, stop, results) -> None:
    """Read the warehouse again and again until ``stop`` is set; report states seen and errors."""
    seen, errors, reads = set(), [], 0
    while True:
        done = stop.is_set()
        try:
            seen.add(snapshot(path))
        except Exception as exc:  # noqa: BLE001 — every failure of a reader is what the test looks for
            errors.append(f"{type(exc).__name__}: {exc}")
        reads += 1
        if done:
            break
        time.sleep(0.1)
    results.put((reads, sorted(seen), errors))
