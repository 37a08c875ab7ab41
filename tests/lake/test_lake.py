"""The lake: one entry per content, written whole or not at all; what does not match is extracted again;
the mirror holds exactly the rows of the documents a run loads."""
from __future__ import annotations

import dataclasses
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.config import Settings
from pipeline.extract.document import extract_document
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.extract.frames import build_frames
from pipeline.ingest.reader import read_document
from pipeline.lake import store as store_module
from pipeline.lake.mirror import DOCUMENT_TABLES, update_mirror
from pipeline.lake.store import Lake
from pipeline.run import LoadedDocument, extract_folder, extract_one, read_folder, stage_documents
from tests.conftest import RAW_DIR, REFERENCE_DIR, SAMPLES


@pytest.fixture(scope="module")
def catalog():
    return SubjectCatalog.load(REFERENCE_DIR)


def _settings(raw: Path, root: Path) -> Settings:
    return Settings(raw, root / "budget.duckdb", REFERENCE_DIR, root / "cache")


def _mirror(settings: Settings, table: str) -> pl.DataFrame:
    with duckdb.connect(str(settings.mirror), read_only=True) as con:
        return con.sql(f"select * from lake.{table} order by all").pl()


def test_an_entry_keeps_every_row_and_exact_decimal(tmp_path, catalog):
    lake = Lake(tmp_path, REFERENCE_DIR)
    result = extract_one(RAW_DIR / SAMPLES[0], catalog, lake)
    assert isinstance(result, LoadedDocument)
    expected = build_frames([extract_document(read_document(RAW_DIR / SAMPLES[0]), catalog)])
    summary = lake.summary(result.sha256)
    stored = pl.read_parquet(lake.table_file(summary, "metric_statements"))
    assert stored.equals(expected["metric_statements"])
    assert stored.schema["value"] == pl.Decimal(20, 6)
    assert all(isinstance(v, Decimal) for v in stored["value"])
    assert summary.tables["metric_statements"] == stored.height > 0


def test_a_damaged_or_foreign_summary_is_extracted_again(tmp_path, catalog):
    lake = Lake(tmp_path, REFERENCE_DIR)
    first = extract_one(RAW_DIR / SAMPLES[0], catalog, lake)
    written = lake.summary(first.sha256)
    summary = lake.entry(first.sha256) / "summary.json"
    for damage in (b"{not json", json.dumps({**json.loads(summary.read_text()), "sha256": "0" * 64}).encode(),
                   json.dumps({**json.loads(summary.read_text()), "version": "other"}).encode(),
                   json.dumps({**json.loads(summary.read_text()), "tables": ["metric_statements"]}).encode(),
                   json.dumps({**json.loads(summary.read_text()), "not_a_report": "x", "reason_code": "nope"}).encode()):
        summary.write_bytes(damage)
        assert lake.summary(first.sha256) is None
        again = extract_one(RAW_DIR / SAMPLES[0], catalog, lake)
        assert again == first and lake.summary(first.sha256) == written


def test_a_damaged_parquet_file_is_extracted_again_before_it_reaches_the_mirror(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SAMPLES[0], raw)
    settings = _settings(raw, tmp_path)
    batch = read_folder(settings)
    lake = Lake(settings.lake_dir, REFERENCE_DIR)
    part = lake.table_file(lake.summary(batch.documents[0].sha256), "metric_statements")
    good = part.read_bytes()
    part.write_bytes(good[: len(good) // 2])  # a truncated file, as a full disk or a crash leaves it
    counts = stage_documents(read_folder(settings), settings)
    assert part.read_bytes() == good and counts["metric_statements"] == pl.read_parquet(part).height


def test_the_same_content_under_two_names_is_one_entry_and_two_files(tmp_path, catalog):
    lake = Lake(tmp_path, REFERENCE_DIR)
    shutil.copy(RAW_DIR / SAMPLES[0], tmp_path / "renamed.txt")
    first = extract_one(RAW_DIR / SAMPLES[0], catalog, lake)
    second = extract_one(tmp_path / "renamed.txt", catalog, lake)
    assert first.sha256 == second.sha256 and first.doc_id != second.doc_id
    assert second.source_file == "renamed.txt"


def test_entries_of_other_versions_and_leftovers_of_dead_writers_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "extraction_version", lambda reference_dir: "current")
    (tmp_path / "0123456789ab" / "ab").mkdir(parents=True)
    leftover = tmp_path / "current" / "ab" / ".abcd.999999999.tmp"
    leftover.mkdir(parents=True)
    Lake(tmp_path, REFERENCE_DIR)
    assert [p.name for p in tmp_path.iterdir()] == ["current"] and not leftover.exists()


def test_the_version_follows_the_configured_reference_folder_and_only_extraction_code(tmp_path, monkeypatch):
    root = tmp_path / "project"
    for name in ("pipeline/extract/reader.py", "pipeline/load/warehouse.py", "data/dicts/terms.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("v1")
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    monkeypatch.setattr(store_module, "PROJECT_ROOT", root)

    def version() -> str:
        store_module.extraction_version.cache_clear()
        return store_module.extraction_version(reference)
    base = version()
    (root / "pipeline/load/warehouse.py").write_text("v2")
    assert version() == base  # loading code does not decide extraction
    (root / "pipeline/extract/reader.py").write_text("v2")
    changed = version()
    assert changed != base
    (reference / "function_subjects.csv").write_text("code,name\n", encoding="utf-8")
    assert version() != changed
    store_module.extraction_version.cache_clear()


def test_the_mirror_follows_added_removed_renamed_and_changed_files(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SAMPLES[:3]:
        shutil.copy(RAW_DIR / name, raw)
    settings = _settings(raw, tmp_path)
    stage_documents(read_folder(settings), settings)
    (raw / SAMPLES[0]).unlink()  # removed
    (raw / SAMPLES[1]).rename(raw / "renamed.txt")  # renamed
    shutil.copy(RAW_DIR / SAMPLES[3], raw)  # added
    text = (raw / SAMPLES[2]).read_text(encoding="utf-8")
    (raw / SAMPLES[2]).write_text(text + "\n", encoding="utf-8")  # changed bytes
    batch = read_folder(settings)
    stage_documents(batch, settings)
    fresh = _settings(raw, tmp_path / "fresh")
    stage_documents(read_folder(fresh), fresh)
    for table in DOCUMENT_TABLES:
        assert _mirror(settings, table).equals(_mirror(fresh, table)), table
    files = set(_mirror(settings, "metric_statements")["source_file"])
    assert files == {"renamed.txt", SAMPLES[2], SAMPLES[3]}
    assert set(_mirror(settings, "documents")["doc_id"]) == {d.doc_id for d in batch.documents}


def test_the_mirror_reads_only_the_entries_of_the_documents_it_adds(tmp_path):
    """A run holds no entry's table lists: an update reads the summaries of the documents it adds alone, and
    one whose entry is gone fails it, leaving the mirror as it was."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SAMPLES[:3]:
        shutil.copy(RAW_DIR / name, raw)
    settings = _settings(raw, tmp_path)
    batch = read_folder(settings)
    *kept, added = batch.documents
    (raw / added.source_file).unlink()
    stage_documents(read_folder(settings), settings)
    before = {table: _mirror(settings, table) for table in DOCUMENT_TABLES}
    lake = Lake(settings.lake_dir, REFERENCE_DIR)
    (lake.entry(kept[0].sha256) / "summary.json").unlink()  # mirrored already: not read again
    loaded = [(d.doc_id, d.source_file, d.sha256) for d in kept]
    update_mirror(settings.mirror, lake, loaded, run_rows={}, whole_tables={}, state="same documents")
    lake.remove(added.sha256)
    with pytest.raises(RuntimeError, match=added.source_file):
        update_mirror(settings.mirror, lake, [*loaded, (added.doc_id, added.source_file, added.sha256)],
                      run_rows={}, whole_tables={}, state="one more")
    for table in DOCUMENT_TABLES:
        assert _mirror(settings, table).equals(before[table]), table


def test_many_files_go_through_worker_processes_that_write_the_lake(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(60):
        text = (RAW_DIR / SAMPLES[n % len(SAMPLES)]).read_text(encoding="utf-8")
        (raw / f"{n:03d}.txt").write_text(text + "\n" * (n // len(SAMPLES) + 1), encoding="utf-8")
    settings = _settings(raw, tmp_path)
    batch = extract_folder(sorted(raw.iterdir()), settings, workers=2)
    assert len(batch.documents) + len(batch.quarantined) == 60
    lake = Lake(settings.lake_dir, REFERENCE_DIR)
    assert all(lake.summary(d.sha256).text_sha256 == d.text_sha256 for d in batch.documents)
    assert [d.source_file for d in batch.documents] == sorted(d.source_file for d in batch.documents)
