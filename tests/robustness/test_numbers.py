"""Hostile numbers: a number is read exactly as written or refused with a reason, and reading it is bounded."""
from __future__ import annotations

import time
from decimal import Decimal

import pytest

from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.ingest.normalize import normalize
from pipeline.ingest.reader import Quarantined
from pipeline.lake.store import Lake
from pipeline.run import extract_one
from pipeline.text.excerpt import excerpt
from pipeline.text.reasons import RefusedInput
from pipeline.validate.admission import structure_problem
from tests.conftest import REFERENCE_DIR, SAMPLES, sample_text
from tests.extract.test_wording import read

STATED = "本年收入合计723.70万元"  # a sentence of sample 0


def _seconds(call, *args) -> float:
    start = time.perf_counter()
    call(*args)
    return time.perf_counter() - start


@pytest.mark.parametrize("run", ["7" * 200_000, "1," * 100_000, "１" * 200_000, "12 " * 70_000])
def test_judging_a_report_with_one_long_run_of_digits_is_linear(run):
    """The figure count once rescanned the run from every digit: 50,000 digits took 14 s."""
    text = sample_text(SAMPLES[0]) + "\n" + run + "\n"
    assert structure_problem(text) is None
    assert _seconds(structure_problem, text) < 1.0


def _extracted(tmp_path, text: str) -> Quarantined:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = extract_one(path, SubjectCatalog.load(REFERENCE_DIR), Lake(tmp_path / "lake", REFERENCE_DIR))
    assert isinstance(result, Quarantined), result
    return result


@pytest.mark.parametrize("digits, script", [
    ("٧٢٣.٧٠", "ARABIC-INDIC DIGIT SEVEN"),
    ("۷۲۳.۷۰", "EXTENDED ARABIC-INDIC DIGIT SEVEN"),
    ("७२३.७०", "DEVANAGARI DIGIT SEVEN"),
    ("𝟕𝟐𝟑.𝟕𝟎", "MATHEMATICAL BOLD DIGIT SEVEN"),
    ("7٢3.70", "ARABIC-INDIC DIGIT TWO"),  # one digit of another script inside an ASCII number
])
def test_a_report_printed_in_another_digit_script_is_refused_naming_the_file_and_the_place(tmp_path, digits, script):
    assert STATED in sample_text(SAMPLES[0])
    refused = _extracted(tmp_path, sample_text(SAMPLES[0]).replace(STATED, f"本年收入合计{digits}万元"))
    assert refused.reason_code == "digits_unsupported"
    assert refused.reason.startswith("report.txt: ") and script in refused.reason
    assert f"本年收入合计{digits}万元" in refused.reason


@pytest.mark.parametrize("printed", ["1,2345.6", "7,23.70", "12.345.67", "723.70.5", "1234,567.8", "1,234,56.7",
                                     "12,3456,789", "1,234.5,6"])
@pytest.mark.parametrize("unit", ["万元", "元", "亿元", "%"])
def test_an_amount_with_misplaced_commas_or_two_points_is_refused_not_read_in_part(printed, unit):
    with pytest.raises(RefusedInput, match="malformed number") as refused:
        read("income", f"本年收入合计{printed}{unit}，比上年增加5.00万元。")
    assert refused.value.reason_code == "number_malformed"
    assert f"{printed}{unit}" in str(refused.value)


def test_a_refused_amount_quarantines_its_report_naming_it(tmp_path):
    refused = _extracted(tmp_path, sample_text(SAMPLES[0]).replace(STATED, "本年收入合计1,2345.6万元"))
    assert refused.reason_code == "number_malformed"
    assert "1,2345.6万元" in refused.reason and refused.reason.startswith("report.txt: ")


@pytest.mark.parametrize("printed, value", [
    ("1,234.56万元", "1234.56"), ("1,234,567.8元", "123.45678"), ("１，２３４．５万元", "1234.5"),
    ("12,345千元", "1234.5"), ("2.5亿元", "25000"), ("723.70 万元", "723.70"),
])
def test_a_well_formed_amount_is_read_exactly(printed, value):
    assert read("income", f"本年收入合计{printed}。") == {"income_total": Decimal(value)}


def test_a_number_that_is_a_date_or_a_code_is_not_read_in_part():
    """2020.12.31 has two points: no amount at all, neither 2020.12 nor 12.31."""
    assert read("income", "本年收入合计2020.12.31。") == {}


def test_well_formed_groups_are_joined_and_misplaced_ones_left_for_the_reader():
    assert normalize("合计1,234,567.89万元，另1，234万元").text == "合计1234567.89万元，另1234万元"
    assert normalize("合计1,2345.6").text == "合计1,2345.6"


def test_a_reason_quotes_a_long_number_by_an_excerpt():
    """An amount of 200,000 digits was quoted whole in marts.documents and the run summary."""
    digits = "9" * 200_000
    with pytest.raises(RefusedInput) as refused:
        read("income", f"本年收入合计{digits}.5万元。")
    assert refused.value.reason_code == "amount_out_of_range"
    assert len(str(refused.value)) < 300 and "200,00" in str(refused.value)


def test_a_report_with_an_amount_too_long_is_quarantined_with_a_short_reason(tmp_path):
    refused = _extracted(tmp_path, sample_text(SAMPLES[0]).replace(STATED, f"本年收入合计{'9' * 200_000}万元"))
    assert refused.reason_code == "amount_out_of_range"
    assert len(refused.reason) < 400, refused.reason[:500]


def test_an_excerpt_keeps_a_short_text_and_cuts_a_long_one():
    assert excerpt("723.70万元") == "723.70万元"
    cut = excerpt("1" * 10_000 + "2", limit=20)
    assert cut.startswith("1" * 10 + "…") and cut.endswith("12 (10,001 characters)")
    assert len(cut) < 50


def test_a_count_of_projects_is_not_read_from_after_a_misplaced_comma():
    """“1,2345个项目” once gave 2345 projects."""
    rule = next(r for r in load_vocabulary().phrases if r.code == "performance_project_count")
    sentence = "本部门公开{}个项目绩效目标。"
    assert [p.search(sentence.format("12")).group("n") for p in rule.patterns[:1]] == ["12"]
    assert all(p.search(sentence.format("1,2345")) is None for p in rule.patterns)
    assert all(p.search(normalize(sentence.format("1,234")).text).group("n") == "1234" for p in rule.patterns[:1])
