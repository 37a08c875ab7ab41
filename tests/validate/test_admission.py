"""The rules that admit a document, each on its own, and the reason code of every refusal."""
from __future__ import annotations

import json
import re

import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.extract.document import extract_document
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.reader import Quarantined, RawDocument
from pipeline.text.reasons import reason_zh, reasons
from pipeline.validate import admission
from pipeline.validate.admission import LoadedDocument, is_reissue, not_a_report, one_per_report, read_report
from pipeline.validate.schemas import SCHEMAS, check_reason
from tests.conftest import FIXTURES, REFERENCE_DIR, SAMPLES, sample_text

KEY = ("某区财政局", 2024, "上海市", "上海市", "某区")
OTHER_KEY = ("某区卫健委", 2024, "上海市", "上海市", "某区")


def _loaded(name: str, sha: str, text: str | None = None, key: tuple | None = KEY, reissue: bool = False):
    return LoadedDocument(name, sha, text or f"text of {sha}", key, reissue)


def _outcome(batch) -> dict[str, str]:
    return {**{d.source_file: "loaded" for d in batch.documents},
            **{q.source_file: q.reason_code for q in batch.quarantined}}


def test_a_file_with_the_same_bytes_or_the_same_text_is_a_duplicate_of_the_first():
    batch = one_per_report([_loaded("a.txt", "1", "t"), _loaded("b.txt", "1", "t"), _loaded("c.txt", "2", "t")])
    assert _outcome(batch) == {"a.txt": "loaded", "b.txt": "duplicate", "c.txt": "duplicate_text"}
    [b, c] = batch.quarantined
    assert b.reason == "b.txt: duplicate of a.txt (same content)"
    assert c.reason.startswith("c.txt: duplicate of a.txt (the same text in another encoding")


def test_a_file_with_the_bytes_of_a_quarantined_one_is_its_duplicate_and_both_stay_out():
    refused = Quarantined("a.txt", "1", "a.txt: file is empty", reason_code="empty")
    batch = one_per_report([refused, _loaded("b.txt", "1")])
    assert _outcome(batch) == {"a.txt": "empty", "b.txt": "duplicate"}


def test_a_second_different_report_for_the_same_department_and_year_is_a_conflict():
    batch = one_per_report([_loaded("a.txt", "1"), _loaded("b.txt", "2"), _loaded("c.txt", "3", key=OTHER_KEY),
                            _loaded("d.txt", "4", key=None), _loaded("e.txt", "5", key=None)])
    assert _outcome(batch) == {"a.txt": "loaded", "b.txt": "conflict", "c.txt": "loaded", "d.txt": "loaded",
                               "e.txt": "loaded"}
    [conflict] = batch.quarantined
    assert conflict.reason.startswith("b.txt: conflict, a second report for 某区财政局 2024 that differs from a.txt")


@pytest.mark.parametrize("reissue_first", [True, False])
def test_a_declared_reissue_replaces_the_original_whichever_file_sorts_first(reissue_first):
    original, reissue = _loaded("original.txt", "1"), _loaded("reissue.txt", "2", reissue=True)
    batch = one_per_report([reissue, original] if reissue_first else [original, reissue])
    assert _outcome(batch) == {"original.txt": "replaced_by_reissue", "reissue.txt": "loaded"}
    [replaced] = batch.quarantined
    assert replaced.reason == "original.txt: replaced by the re-issue reissue.txt (same department and year)"


def test_two_reissues_for_the_same_report_conflict():
    batch = one_per_report([_loaded("a.txt", "1", reissue=True), _loaded("b.txt", "2", reissue=True)])
    assert _outcome(batch) == {"a.txt": "loaded", "b.txt": "conflict"}


@pytest.mark.parametrize("head, expected", [
    ("某区财政局2024年度部门决算（更正）\n目录\n第一部分", True),
    ("某区财政局\n2024年度部门决算修订版\n", True),
    ("某区财政局2024年度部门决算\n目录\n第一部分 部门概况\n本年更正了上年数据", False),
    ("\n" * admission.TITLE_LINES + "更正", False),
])
def test_a_reissue_says_so_in_its_title_block_only(head, expected):
    assert is_reissue(head) is expected


def _extracted(text: str):
    catalog = SubjectCatalog.load(REFERENCE_DIR)
    return extract_document(RawDocument("r.txt", "0" * 64, "utf-8", text), catalog)


HEAD = ("第二部分 2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n"
        "2024年度收入支出总计100.00万元。\n十一、其他重要事项的情况说明\n")


@pytest.mark.parametrize("text, code", [
    (HEAD + "机关运行经费支出10.00万元，比上年增加", "truncated"),
    ("第二部分 2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n本部门无收支。\n", "truncated"),
    ("会议纪要\n今天开会讨论了工作安排。\n", "not_a_report"),
])
def test_a_text_that_is_not_a_whole_report_is_refused_with_its_code(text, code):
    reason = not_a_report(_extracted(text))
    assert reason is not None and reason.code == code


def test_a_report_ending_on_a_table_row_or_a_full_stop_is_whole():
    assert not_a_report(_extracted(HEAD + "机关运行经费支出10.00万元。\n项目 决算数\n合计 10.00")) is None
    assert not_a_report(_extracted(sample_text(SAMPLES[0]))) is None


def _destroyed(kind: str) -> str:
    text = sample_text(SAMPLES[0])
    if kind == "no_line_breaks":
        return text.replace("\n", "")
    if kind == "html":
        return "<html><body>" + "".join(f"<p class='x'>{line}</p>\n" for line in text.splitlines()) + "</body></html>"
    if kind == "json":
        return json.dumps({"title": "部门决算", "text": text}, ensure_ascii=False)
    if kind == "json_lines":
        return json.dumps(text.splitlines(), ensure_ascii=False, indent=1)
    if kind == "numbers_abc":
        return re.sub(r"[0-9]+(\.[0-9]+)?", "abc", text)
    if kind == "several_reports":
        return "\n".join(sample_text(name) for name in SAMPLES)
    if kind == "same_report_twice":
        return "\n".join([sample_text(SAMPLES[3])] * 2)
    if kind == "minutes":
        return "这是一份会议纪要，没有任何数字。"
    raise ValueError(kind)


@pytest.mark.parametrize("kind, code, detail", [
    ("no_line_breaks", "structure_destroyed", "structure destroyed: 14063 characters on 1 line(s) (line breaks removed)"),
    ("html", "structure_destroyed", "structure destroyed: HTML/XML markup"),
    ("json", "structure_destroyed", "structure destroyed: the file is JSON data"),
    ("json_lines", "structure_destroyed", "structure destroyed: the file is JSON data"),
    ("numbers_abc", "numbers_unreadable", "numbers unreadable: 0 figures with decimals"),
    ("several_reports", "several_reports", "holds 5 reports, not one (1 目录 and 6 第一部分 headings)"),
    ("same_report_twice", "several_reports", "holds 2 reports, not one (2 目录 and 4 第一部分 headings)"),
    ("minutes", "not_a_report", "not a 部门决算 report (never mentions 决算、收入、支出、亿元/万元/千元/元)"),
])
def test_a_file_that_is_not_one_readable_report_is_quarantined_with_its_code(tmp_path, kind, code, detail):
    (tmp_path / "bad.txt").write_text(_destroyed(kind), encoding="utf-8")
    result = read_report(tmp_path / "bad.txt")
    assert isinstance(result, Quarantined), kind
    assert result.reason_code == code
    assert result.reason.startswith(f"bad.txt: {detail}"), result.reason


def test_every_sample_and_text_variant_is_one_readable_report():
    paths = [*FIXTURES.glob("dev/text/*.txt"), *FIXTURES.glob("dev/variants/*/*.txt"), FIXTURES / "other_template_2022.txt"]
    assert len(paths) >= 9
    for text in [*map(sample_text, SAMPLES), *(p.read_text(encoding="utf-8") for p in paths)]:
        assert admission.text_problem(text) is None


def test_every_code_is_snake_case_with_chinese_text_and_written_once():
    assert len(reasons()) >= 40
    lines = (PROJECT_ROOT / "pipeline" / "text" / "reasons.yaml").read_text(encoding="utf-8").splitlines()
    keys = [line.split(":", 1)[0] for line in lines if line and not line.startswith("#")]
    assert len(keys) == len(set(keys)) == len(reasons())  # YAML keeps the last of two equal keys, silently
    for code, text in reasons().items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code), code
        assert re.search(r"[\u4e00-\u9fff]", text), code
    assert reason_zh("duplicate") == reasons()["duplicate"]
    with pytest.raises(KeyError):
        reason_zh("no_such_reason")


def test_every_check_of_every_schema_has_a_reason_code():
    names = {"not_nullable", "field_uniqueness", "multiple_fields_uniqueness"}
    for model in SCHEMAS.values():
        schema = model.to_schema()
        names |= {check.name for check in schema.checks}
        names |= {check.name for column in schema.columns.values() for check in column.checks}
    assert {check_reason(name) for name in names} <= set(reasons())
    assert check_reason("isin(['loaded', 'quarantined'])") == "row_isin"


# A code written where a reason is made: Reason("code", …), RefusedInput("code", …), reason_code="code",
# code, reason = "code", …, refuse(doc, "code", …), super().__init__("code", …)
_WRITTEN_CODE = re.compile(r"""(?:Reason\(\s*|RefusedInput\(|reason_code=|code, reason = |refuse\(\w+, |"""
                           r"""super\(\)\.__init__\()["']([a-z_]+)["']""")


def test_every_code_the_pipeline_writes_is_in_the_vocabulary():
    written = {code for path in (PROJECT_ROOT / "pipeline").rglob("*.py")
               for code in _WRITTEN_CODE.findall(path.read_text(encoding="utf-8"))}
    assert {"duplicate", "conflict", "column_no_fit", "structure_destroyed", "hidden", "number_malformed"} <= written
    assert written - set(reasons()) == set()



def test_a_number_refused_in_extraction_quarantines_its_document_under_its_own_code(tmp_path, monkeypatch):
    from pipeline import run
    from pipeline.lake.store import Lake
    from pipeline.text.reasons import RefusedInput

    def refusing(raw, catalog):
        raise RefusedInput("number_malformed", "malformed number “1,2345.6万元”")
    monkeypatch.setattr(run, "extract_document", refusing)
    path = tmp_path / "report.txt"
    path.write_text(sample_text(SAMPLES[0]), encoding="utf-8")
    [result] = run.extract_files([(path, None)], SubjectCatalog.load(REFERENCE_DIR),
                                 Lake(tmp_path / "lake", REFERENCE_DIR))
    assert isinstance(result, Quarantined)
    assert (result.reason_code, result.reason) == ("number_malformed", "report.txt: malformed number “1,2345.6万元”")


def test_a_failed_extraction_quotes_a_short_excerpt_of_its_error(tmp_path, monkeypatch):
    from pipeline import run
    from pipeline.lake.store import Lake

    def failing(raw, catalog):
        raise ValueError("7" * 200_000)
    monkeypatch.setattr(run, "extract_document", failing)
    path = tmp_path / "report.txt"
    path.write_text(sample_text(SAMPLES[0]), encoding="utf-8")
    [result] = run.extract_files([(path, None)], SubjectCatalog.load(REFERENCE_DIR),
                                 Lake(tmp_path / "lake", REFERENCE_DIR))
    assert result.reason_code == "extraction_failed"
    assert result.reason.startswith("report.txt: extraction failed (ValueError: 777") and len(result.reason) < 400
