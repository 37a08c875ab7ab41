import pytest

from pipeline.ingest import reader
from pipeline.ingest.reader import Quarantined, RawDocument, read_document
from tests.conftest import SAMPLES, sample_text

REPORT = "2020年度部门决算：本年收入合计723.70万元，本年支出合计723.70万元。"


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_reports_are_decoded_from_common_encodings(tmp_path, encoding):
    text = sample_text(SAMPLES[0])
    doc = read_document(_write(tmp_path, "a.txt", text.encode(encoding)))
    assert isinstance(doc, RawDocument)
    assert doc.text == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (bytes(range(256)) * 50, "binary"),
    (REPORT.encode("utf-8")[:-2], "truncated"),
    ("这是一份会议纪要，没有任何数字。".encode("utf-8"), "not a 部门决算 report"),
])
def test_unreadable_files_are_quarantined_with_a_reason_naming_the_file(tmp_path, data, reason):
    result = read_document(_write(tmp_path, "bad.txt", data))
    assert isinstance(result, Quarantined)
    assert result.reason.startswith("bad.txt:") and reason in result.reason


def test_huge_files_are_quarantined(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    result = read_document(_write(tmp_path, "huge.txt", REPORT.encode() * 100))
    assert isinstance(result, Quarantined) and "larger than" in result.reason


def test_identity_is_the_content_hash(tmp_path):
    a = read_document(_write(tmp_path, "a.txt", REPORT.encode()))
    b = read_document(_write(tmp_path, "b.txt", REPORT.encode()))
    assert a.sha256 == b.sha256 and a.doc_id == a.sha256[:16]
