"""Where things are: one place that reads the environment (see the README)."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "budget.duckdb"


def sensor_interval_seconds() -> int:
    """How often the sensor looks at the raw folder: BUDGET_SENSOR_INTERVAL_SECONDS, default 2 minutes."""
    return int(os.environ.get("BUDGET_SENSOR_INTERVAL_SECONDS", "120"))


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit for the mirror and the build (it spills to disk beyond it):
    BUDGET_DUCKDB_MEMORY_LIMIT, default 1GB."""
    return os.environ.get("BUDGET_DUCKDB_MEMORY_LIMIT", "1GB")


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    reference_dir: Path
    cache_dir: Path
    allow_empty: bool = False  # publish even when the raw folder yields no report
    dashboard_dir: Path | None = None  # None: `dashboard` inside the warehouse's folder (data/dashboard by default)
    export_dir: Path = PROJECT_ROOT / "data" / "export"  # `python -m pipeline export` writes the marts here

    @property
    def dashboard(self) -> Path:
        """The dashboard site: BUDGET_DASHBOARD_DIR, else data/dashboard for the default warehouse, else
        ``dashboard`` inside the warehouse's own folder (two warehouses in sibling folders never share a site)."""
        if self.dashboard_dir:
            return self.dashboard_dir
        if self.warehouse.resolve() == DEFAULT_WAREHOUSE:
            return PROJECT_ROOT / "data" / "dashboard"
        return self.warehouse.parent / "dashboard"

    @property
    def lake_dir(self) -> Path:
        """Each document's extracted tables as Parquet (see pipeline.lake.store): the extraction cache."""
        return self.cache_dir / "lake"

    @property
    def mirror(self) -> Path:
        """The lake's rows of the documents this warehouse loads, in one DuckDB file (see pipeline.lake.mirror);
        one per warehouse, written only under that warehouse's lock."""
        key = hashlib.sha256(str(self.warehouse.absolute()).encode()).hexdigest()[:12]
        return self.cache_dir / "mirror" / f"{self.warehouse.stem}-{key}.duckdb"

    @classmethod
    def from_env(cls) -> "Settings":
        def path(var: str, default: str) -> Path:
            value = Path(os.environ.get(var, default))
            return value if value.is_absolute() else PROJECT_ROOT / value
        return cls(
            raw_dir=path("BUDGET_RAW_DIR", "data/raw"),
            warehouse=path("BUDGET_WAREHOUSE", str(DEFAULT_WAREHOUSE)),
            reference_dir=path("BUDGET_REFERENCE_DIR", "data/reference"),
            cache_dir=path("BUDGET_CACHE_DIR", "data/cache"),
            dashboard_dir=path("BUDGET_DASHBOARD_DIR", "") if os.environ.get("BUDGET_DASHBOARD_DIR") else None,
            allow_empty=os.environ.get("BUDGET_ALLOW_EMPTY", "") not in ("", "0"),
            export_dir=path("BUDGET_EXPORT_DIR", "data/export"),
        )
