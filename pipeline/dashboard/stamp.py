"""The warehouse a dashboard site was built from, recorded inside the site.

A run can publish the warehouse and fail to publish the dashboard (a signal,
an unwritable folder): the site then shows an older warehouse. The site
carries the build record of the warehouse it read (meta.build_info), so the
next run sees that the two differ and rebuilds the dashboard alone.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from pipeline.load.warehouse import published_build

STAMP = "warehouse.json"  # in the site folder, beside index.html


def _identity(build: dict) -> dict[str, str]:
    """What tells one published warehouse from another: its fingerprint and the moment it was built."""
    return {"fingerprint": str(build.get("fingerprint")), "built_at": str(build.get("built_at"))}


def record_warehouse(site: Path, con: duckdb.DuckDBPyConnection) -> None:
    """Write into the site the build record of the warehouse open on ``con`` (nothing when it has none)."""
    try:
        info = con.execute("select * from meta.build_info")
        build = dict(zip((d[0] for d in info.description), info.fetchone() or ()))
    except duckdb.CatalogException:
        return
    (site / STAMP).write_text(json.dumps(_identity(build)), encoding="utf-8")


def matches(site: Path, warehouse: Path) -> bool:
    """Whether the site was built from the warehouse published now."""
    build = published_build(warehouse)
    try:
        recorded = json.loads((site / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(build) and recorded == _identity(build)
