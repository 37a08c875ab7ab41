"""The settings resource: where the raw files, warehouse and caches are."""

from pathlib import Path

import dagster as dg

from pipeline.config import Settings


class PipelineSettings(dg.ConfigurableResource):
    """Folders and files of a run (defaults from the environment, see README)."""

    raw_dir: str
    warehouse: str
    reference_dir: str
    cache_dir: str
    allow_empty: bool = False
    dashboard_dir: str = ""  # empty: the Settings default (data/dashboard, or dashboard inside the warehouse's folder)

    @classmethod
    def from_env(cls) -> "PipelineSettings":
        return cls(**cls.config_of(Settings.from_env()))

    @staticmethod
    def config_of(s: Settings) -> dict:
        """The resource's config for these settings: a run's ``resources`` config sets it for that run alone."""
        return {"raw_dir": str(s.raw_dir), "warehouse": str(s.warehouse), "reference_dir": str(s.reference_dir),
                "cache_dir": str(s.cache_dir), "allow_empty": s.allow_empty, "dashboard_dir": str(s.dashboard)}

    def settings(self) -> Settings:
        return Settings(Path(self.raw_dir), Path(self.warehouse), Path(self.reference_dir), Path(self.cache_dir),
                        self.allow_empty, dashboard_dir=Path(self.dashboard_dir) if self.dashboard_dir else None)
