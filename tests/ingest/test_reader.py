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


@pytest.mark.parametrize("data, code, reason", [
    (b"", "empty", "empty"),
    (b"   \n\n", "empty", "empty"),
    (bytes(range(256)) * 50, "binary", "binary"),
    (REPORT.encode("utf-8")[:-2], "truncated", "truncated"),
    ("第一\x00部分".encode("utf-8"), "damaged_text", "1 NUL bytes"),
])
def test_unreadable_files_are_quarantined_with_a_code_and_a_reason_naming_the_file(tmp_path, data, code, reason):
    result = read_document(_write(tmp_path, "bad.txt", data))
    assert isinstance(result, Quarantined)
    assert result.reason_code == code
    assert result.reason.startswith("bad.txt:") and reason in result.reason


def test_a_reason_code_outside_the_vocabulary_is_refused():
    with pytest.raises(KeyError, match="reasons.yaml"):
        Quarantined("a.txt", "", "a.txt: why", reason_code="no_such_reason")


def test_huge_files_are_quarantined(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    result = read_document(_write(tmp_path, "huge.txt", REPORT.encode() * 100))
    assert isinstance(result, Quarantined) and "larger than" in result.reason and result.reason_code == "too_large"


def test_a_document_is_its_content_and_its_file(tmp_path):
    text = sample_text(SAMPLES[0])
    a = read_document(_write(tmp_path, "a.txt", text.encode()))
    b = read_document(_write(tmp_path, "b.txt", text.encode()))
    assert a.sha256 == b.sha256 and a.doc_id != b.doc_id


def test_the_same_text_in_another_encoding_or_line_ending_has_the_same_text_hash(tmp_path):
    text = sample_text(SAMPLES[0])
    hashes = {reader.text_sha256(read_document(_write(tmp_path, f"{n}.txt", data)).text) for n, data in enumerate([
        text.encode(), text.encode("gb18030"), text.encode("utf-16"), text.replace("\n", "\r\n").encode()])}
    assert len(hashes) == 1
    assert reader.text_sha256(text.replace("723.70", "723.71")) not in hashes


def test_a_file_that_vanishes_or_cannot_be_read_is_quarantined(tmp_path, monkeypatch):
    gone = read_document(tmp_path / "gone.txt")
    assert isinstance(gone, Quarantined) and gone.reason == "gone.txt: the file vanished during the run"
    assert gone.reason_code == "vanished"
    path = _write(tmp_path, "locked.txt", b"x")

    def denied(self):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(type(path), "read_bytes", denied)
    locked = read_document(path)
    assert isinstance(locked, Quarantined) and locked.reason == "locked.txt: cannot be read (Permission denied)"
    assert locked.reason_code == "unreadable"
