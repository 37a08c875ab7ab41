"""A report is cut short when its last prose sentence is left open, not when it ends on a table row."""
from pipeline.config import PROJECT_ROOT
from pipeline.extract.document import extract_document
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.reader import RawDocument
from pipeline.validate.admission import not_a_report

HEAD = ("第二部分 2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n"
        "2024年度收入支出总计100.00万元。\n十一、其他重要事项的情况说明\n")


def _problem(text: str) -> str | None:
    catalog = SubjectCatalog.load(PROJECT_ROOT / "data" / "reference")
    reason = not_a_report(extract_document(RawDocument("r.txt", "0" * 64, "utf-8", text), catalog))
    return reason and reason.detail


def test_a_sentence_left_open_is_truncated():
    assert "truncated" in (_problem(HEAD + "机关运行经费支出10.00万元，比上年增加") or "")


def test_a_report_ending_on_a_table_row_is_not():
    assert _problem(HEAD + "机关运行经费支出10.00万元。\n项目 决算数\n合计 10.00") is None
