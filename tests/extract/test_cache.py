"""The extraction cache is data that cannot run code or lie: what does not match its key is re-extracted."""
from __future__ import annotations

import dataclasses
import gzip
import pickle
import shutil
from decimal import Decimal

import pytest

from pipeline.extract import cache as cache_module
from pipeline.extract.cache import ExtractionCache, decode, encode
from pipeline.extract.document import ExtractedDocument, extract_document
from pipeline.extract.records import SetAsideCell, StatementCell, StatementTable
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.reader import LayoutTable, RawDocument, read_document
from pipeline.run import extract_one
from tests.conftest import RAW_DIR, REFERENCE_DIR, SAMPLES


@pytest.fixture(scope="module")
def catalog():
    return SubjectCatalog.load(REFERENCE_DIR)


@pytest.fixture(scope="module")
def sample(catalog):
    raw = read_document(RAW_DIR / SAMPLES[0])
    return raw, extract_document(raw, catalog)


def _with_tables(doc: ExtractedDocument) -> ExtractedDocument:
    """The sample with standard-table records and pages, as the table reader and PDF input fill them."""
    cell = StatementCell("income_expense_total", "收入支出决算总表", None, "本年收入合计", "final", "决算数",
                         Decimal("723.700001"), "本年收入合计 723.70", 10, 30, page=2, line=7, row_number=3)
    return dataclasses.replace(
        doc, statement_tables=[StatementTable("income_expense_total", "收入支出决算总表", "data", page=2, unit="元")],
        cells=[cell, dataclasses.replace(cell, row_code="2010301", value=Decimal("-0.50"), how="position")],
        set_aside_cells=[SetAsideCell("other", "附表", None, "合计", "1.00 2.00", "two numbers, one column", "合计 1.00 2.00")],
        page_starts=(0, 1200, 2400))


def test_an_entry_round_trips_every_record_including_tables_and_pages(tmp_path, sample):
    raw, doc = sample
    doc = _with_tables(doc)
    store = ExtractionCache(tmp_path, REFERENCE_DIR)
    store.put(doc)
    again = store.get(raw)
    assert again == doc
    assert again.cells[1].value == Decimal("-0.50") and str(again.cells[0].value) == "723.700001"
    assert isinstance(again.page_starts, tuple) and isinstance(again.metrics[0].value, Decimal)
    assert again.normalized.origin.typecode == doc.normalized.origin.typecode


def test_a_raw_document_with_layout_tables_round_trips(sample):
    raw, _ = sample
    pdf = dataclasses.replace(raw, encoding="pdf", page_starts=(0, 5), layout_tables=(
        LayoutTable(1, (("项目", "决算数"), ("本年收入合计", "723.70"), ("", None)), "单位：万元"),))
    assert decode(RawDocument, encode(pdf)) == pdf


def _entry(store: ExtractionCache, sha256: str):
    return store.root / f"{sha256}.json.gz"


def test_a_pickle_in_the_cache_is_never_run(tmp_path, sample):
    raw, _ = sample
    store = ExtractionCache(tmp_path, REFERENCE_DIR)
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (shutil.copyfile, (str(RAW_DIR / SAMPLES[0]), str(marker)))
    store.root.mkdir(parents=True)
    for data in (pickle.dumps(Exploit()), gzip.compress(pickle.dumps(Exploit()))):
        _entry(store, raw.sha256).write_bytes(data)
        assert store.get(raw) is None
    assert not marker.exists()


def _rewrite(path, edit):
    header, payload = gzip.decompress(path.read_bytes()).split(b"\n", 1)
    header, payload = edit(header, payload)
    path.write_bytes(gzip.compress(header + b"\n" + payload))


def test_flipped_bytes_another_documents_entry_or_a_wrong_type_are_ignored(tmp_path, sample, catalog):
    raw, doc = sample
    store = ExtractionCache(tmp_path, REFERENCE_DIR)
    store.put(doc)
    path = _entry(store, raw.sha256)
    good = path.read_bytes()

    flipped = bytearray(good)
    flipped[len(flipped) // 2] ^= 0x01
    path.write_bytes(bytes(flipped))
    assert store.get(raw) is None  # the compressed stream is damaged

    path.write_bytes(good)
    _rewrite(path, lambda h, p: (h, p.replace(b'"723.70"', b'"823.70"', 1)))
    assert store.get(raw) is None  # a changed figure: the payload no longer matches its hash

    other = read_document(RAW_DIR / SAMPLES[1])
    store.put(extract_document(other, catalog))
    shutil.copyfile(_entry(store, other.sha256), path)
    assert store.get(raw) is None  # another document's entry under this document's key

    import hashlib
    import json

    def wrong_type(header, payload):
        data = json.loads(payload)
        data["metrics"][0]["value"] = 723.7  # a float where an exact decimal belongs
        payload = json.dumps(data, ensure_ascii=False).encode()
        meta = json.loads(header)
        meta["payload_sha256"] = hashlib.sha256(payload).hexdigest()
        return json.dumps(meta).encode(), payload
    path.write_bytes(good)
    _rewrite(path, wrong_type)
    assert store.get(raw) is None

    # and the run goes on: the document is extracted again and the entry rewritten
    result = extract_one(RAW_DIR / SAMPLES[0], catalog, store)
    assert isinstance(result, ExtractedDocument) and result.metrics == doc.metrics
    assert store.get(raw) == doc


def test_a_cached_document_under_another_name_is_that_file(tmp_path, sample, catalog):
    raw, doc = sample
    store = ExtractionCache(tmp_path, REFERENCE_DIR)
    store.put(doc)
    copy = tmp_path / "renamed.txt"
    shutil.copyfile(RAW_DIR / SAMPLES[0], copy)
    result = extract_one(copy, catalog, store)
    assert (result.source_file, result.doc_id) == ("renamed.txt", read_document(copy).doc_id)
    assert result.doc_id != doc.doc_id and result.metrics == doc.metrics


def test_entries_of_other_code_versions_are_pruned(tmp_path, monkeypatch):
    old = tmp_path / "extracted" / "0123456789ab"
    old.mkdir(parents=True)
    (old / "x.json.gz").write_bytes(b"old")
    (tmp_path / "extracted" / "current").mkdir()
    monkeypatch.setattr(cache_module, "code_version", lambda reference_dir: "current")
    ExtractionCache(tmp_path, REFERENCE_DIR)
    assert [p.name for p in (tmp_path / "extracted").iterdir()] == ["current"]


def test_the_code_version_follows_the_configured_reference_folder_and_only_extraction_code(tmp_path, monkeypatch):
    root = tmp_path / "project"
    for name in ("pipeline/extract/reader.py", "pipeline/load/warehouse.py", "data/dicts/terms.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("v1")
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    monkeypatch.setattr(cache_module, "PROJECT_ROOT", root)

    def version() -> str:
        cache_module.code_version.cache_clear()
        return cache_module.code_version(reference)
    first = version()
    (root / "pipeline/load/warehouse.py").write_text("v2")
    assert version() == first  # loading code does not decide what extraction produces
    (root / "pipeline/extract/reader.py").write_text("v2")
    second = version()
    assert second != first
    csv = next(reference.glob("*.csv"))
    csv.write_text(csv.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert version() != second
    cache_module.code_version.cache_clear()
