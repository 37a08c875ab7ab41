"""Shared fixtures: the sample reports (a copy in tests/fixtures/samples) and their gold annotations.

Tests never read the project's data/raw: a user's own reports there must not
change what the tests see.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config import PROJECT_ROOT

FIXTURES = Path(__file__).parent / "fixtures"
RAW_DIR = FIXTURES / "samples"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
GOLD_DIR = Path(__file__).parent / "gold"
SAMPLES = sorted(p.name for p in RAW_DIR.glob("*.txt"))


def gold_for(source_file: str) -> dict:
    return json.loads((GOLD_DIR / source_file.replace(".txt", ".json")).read_text(encoding="utf-8"))


def sample_text(source_file: str) -> str:
    return (RAW_DIR / source_file).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Tests never write into the project's data/cache, nor read data/raw or the published warehouse."""
    monkeypatch.setenv("BUDGET_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("BUDGET_RAW_DIR", str(RAW_DIR))
    monkeypatch.setenv("BUDGET_WAREHOUSE", str(tmp_path_factory.getbasetemp() / "warehouse" / "budget.duckdb"))


def mirror_of(docs: list, root: Path) -> Path:
    """The mirror of documents made in memory (each through a lake entry, as a run stages them; made-up
    documents need not pass as whole reports)."""
    import dataclasses

    from pipeline.lake.mirror import definition_tables, update_mirror
    from pipeline.lake.store import Lake
    from pipeline.run import document_tables, lake_entries
    lake = Lake(root / "lake", REFERENCE_DIR)
    loaded = []
    for doc in docs:
        (summary, _), = lake_entries([doc])
        tables = document_tables([doc])
        summary = dataclasses.replace(summary, not_a_report=None, tables={n: t.height for n, t in tables.items()})
        loaded.append((doc.doc_id, doc.source_file, lake.write(summary, tables).sha256))
    update_mirror(root / "mirror.duckdb", lake, loaded, run_rows={}, whole_tables=definition_tables(), state="test")
    return root / "mirror.duckdb"


def build_warehouse(settings, dashboard: bool = False, instance=None):
    """Build as ``make run`` does, through the Dagster definitions (pipeline.defs.build), on an instance of its
    own unless given one; the outcome, after checking that the warehouse was published. Without the dashboard
    unless asked: most tests read the warehouse alone."""
    import dagster as dg

    from pipeline.defs.build import build
    if instance is None:
        with dg.DagsterInstance.ephemeral() as instance:
            return build_warehouse(settings, dashboard, instance)
    outcome = build(settings, instance, dashboard=dashboard)
    assert outcome.warehouse_published, outcome.failures
    return outcome


@pytest.fixture(scope="session")
def samples_warehouse(tmp_path_factory) -> Path:
    """A warehouse built from the samples, shared by the tests that only read it."""
    from pipeline.config import Settings
    root = tmp_path_factory.mktemp("samples_warehouse")
    settings = Settings(RAW_DIR, root / "warehouse" / "budget.duckdb", REFERENCE_DIR, root / "cache")
    build_warehouse(settings)
    return settings.warehouse


@pytest.fixture(scope="session")
def samples_site(samples_warehouse) -> Path:
    """The dashboard of the samples' warehouse."""
    from pipeline.dashboard import build_dashboard
    return build_dashboard(samples_warehouse, samples_warehouse.parent.parent / "dashboard").path


DEV_PDFS = ("putuo_caizheng_2024", "putuo_guihua_2024", "putuo_shehui_2024")


@pytest.fixture(scope="session")
def dev_pdf_documents() -> dict:
    """The three dev reports read from their PDFs (page text and tables), once per test session: reading a PDF's
    tables costs seconds."""
    from pipeline.ingest.reader import read_document
    return {name: read_document(FIXTURES / "dev" / "pdf" / f"{name}.pdf") for name in DEV_PDFS}
