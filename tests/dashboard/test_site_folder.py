"""Where the dashboard is written when BUDGET_DASHBOARD_DIR is not set: inside its warehouse's folder."""
from __future__ import annotations

from pathlib import Path

from pipeline.config import PROJECT_ROOT, Settings


def settings(warehouse: Path, dashboard_dir: Path | None = None) -> Settings:
    return Settings(Path("raw"), warehouse, Path("reference"), Path("cache"), dashboard_dir=dashboard_dir)


def test_the_default_warehouse_has_its_site_in_data_dashboard(monkeypatch):
    monkeypatch.delenv("BUDGET_WAREHOUSE", raising=False)
    monkeypatch.delenv("BUDGET_DASHBOARD_DIR", raising=False)
    assert Settings.from_env().dashboard == PROJECT_ROOT / "data" / "dashboard"


def test_warehouses_in_sibling_folders_have_a_site_each_inside_their_folder(tmp_path):
    one, other = tmp_path / "one" / "budget.duckdb", tmp_path / "other" / "budget.duckdb"
    assert settings(one).dashboard == tmp_path / "one" / "dashboard"
    assert settings(other).dashboard == tmp_path / "other" / "dashboard"


def test_a_warehouse_named_by_environment_has_its_site_beside_it(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGET_DASHBOARD_DIR", raising=False)
    monkeypatch.setenv("BUDGET_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert Settings.from_env().dashboard == tmp_path / "dashboard"


def test_the_named_folder_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DASHBOARD_DIR", str(tmp_path / "site"))
    assert Settings.from_env().dashboard == tmp_path / "site"
    assert settings(PROJECT_ROOT / "data" / "warehouse" / "budget.duckdb", tmp_path / "x").dashboard == tmp_path / "x"
