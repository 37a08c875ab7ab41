"""Publishing never leaves readers with a broken or half-built warehouse."""
import shutil

from pathlib import Path

import duckdb
import pytest

from pipeline.load import warehouse as load
from pipeline.load.models import PROJECT_DIR


def _tables() -> Path:
    """The lake's mirror of one sample: what a build reads."""
    from pipeline.config import Settings
    from pipeline.run import discover, extract_folder, stage_documents
    settings = Settings.from_env()
    batch = extract_folder(discover(settings.raw_dir)[:1], settings)
    stage_documents(batch, settings)
    return settings.mirror


def test_a_failed_build_leaves_the_published_warehouse_intact(tmp_path, monkeypatch):
    from pipeline.config import Settings
    target = tmp_path / "budget.duckdb"
    tables = _tables()
    load.publish_warehouse(tables, target, Settings.from_env().reference_dir)
    before = target.read_bytes()
    broken = tmp_path / "sql"  # the dbt project with one broken model
    shutil.copytree(PROJECT_DIR, broken, ignore=shutil.ignore_patterns("target", "logs"))
    (broken / "models" / "marts" / "broken.sql").write_text("select * from nowhere")
    with pytest.raises(RuntimeError, match="broken.sql"):
        load.publish_warehouse(tables, target, Settings.from_env().reference_dir, project_dir=broken)
    assert target.read_bytes() == before


def test_readers_can_open_the_published_file_while_a_new_one_is_built(tmp_path):
    from pipeline.config import Settings
    target = tmp_path / "budget.duckdb"
    tables = _tables()
    load.publish_warehouse(tables, target, Settings.from_env().reference_dir)
    with duckdb.connect(str(target), read_only=True) as reader:
        load.publish_warehouse(tables, target, Settings.from_env().reference_dir)
        assert reader.execute("select count(*) from marts.documents").fetchone() == (1,)
