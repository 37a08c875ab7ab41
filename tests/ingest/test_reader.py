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
    path = _write(tmp_path, "locked.txt", b"x")

    def denied(self):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(type(path), "read_bytes", denied)
    locked = read_document(path)
    assert isinstance(locked, Quarantined) and locked.reason == "locked.txt: cannot be read (Permission denied)"


def _destroyed(kind: str) -> bytes:
    text = sample_text(SAMPLES[0])
    if kind == "no_line_breaks":
        return text.replace("\n", "").encode()
    if kind == "html":
        return ("<html><body>" + "".join(f"<p class='x'>{line}</p>\n" for line in text.splitlines())
                + "</body></html>").encode()
    if kind == "json":
        import json
        return json.dumps({"title": "部门决算", "text": text}, ensure_ascii=False).encode()
    if kind == "json_lines":
        import json
        return json.dumps(text.splitlines(), ensure_ascii=False, indent=1).encode()
    if kind == "numbers_abc":
        import re
        return re.sub(r"[0-9]+(\.[0-9]+)?", "abc", text).encode()
    if kind == "several_reports":
        return "\n".join(sample_text(name) for name in SAMPLES).encode()
    if kind == "same_report_twice":
        return "\n".join([sample_text(SAMPLES[3])] * 2).encode()
    raise ValueError(kind)


@pytest.mark.parametrize("kind, reason", [
    ("no_line_breaks", "structure destroyed: 14063 characters on 1 line(s) (line breaks removed)"),
    ("html", "structure destroyed: HTML/XML markup"),
    ("json", "structure destroyed: the file is JSON data"),
    ("json_lines", "structure destroyed: the file is JSON data"),
    ("numbers_abc", "numbers unreadable: 0 figures with decimals"),
    ("several_reports", "holds 5 reports, not one (1 目录 and 6 第一部分 headings)"),
    ("same_report_twice", "holds 2 reports, not one (2 目录 and 4 第一部分 headings)"),
])
def test_a_file_whose_structure_is_destroyed_or_that_holds_several_reports_is_quarantined(tmp_path, kind, reason):
    result = read_document(_write(tmp_path, "bad.txt", _destroyed(kind)))
    assert isinstance(result, Quarantined), kind
    assert result.reason.startswith(f"bad.txt: {reason}"), result.reason


def test_every_sample_and_text_variant_is_one_readable_report():
    from tests.conftest import FIXTURES
    paths = [*FIXTURES.glob("dev/text/*.txt"), *FIXTURES.glob("dev/variants/*/*.txt"), FIXTURES / "other_template_2022.txt"]
    assert len(paths) >= 9
    for text in [*map(sample_text, SAMPLES), *(p.read_text(encoding="utf-8") for p in paths)]:
        assert reader.structure_problem(text) is None
