from pipeline.ingest.normalize import is_hard_wrapped, normalize
from tests.conftest import SAMPLES, sample_text
from tests.variants import full_width_digits, hard_wrap, page_furniture


def test_full_width_digits_and_percent_become_ascii():
    assert normalize("支出７２３．７０万元，占１００％").text == "支出723.70万元，占100%"


def test_chinese_punctuation_is_kept_as_printed():
    assert normalize("党委办公厅（室）：支出").text == "党委办公厅（室）：支出"


def test_thousands_separators_and_spaces_inside_numbers_are_removed():
    assert normalize("合计1,104.25万元、14 80.45 万元、723. 70万元").text == "合计1104.25万元、1480.45万元、723.70万元"


def test_evidence_quotes_the_original_characters():
    original = "收入合计１，１０４．２５万元。"
    n = normalize(original)
    start = n.text.index("1104.25")
    assert n.quote(start, start + len("1104.25万元")) == "１，１０４．２５万元"


def test_word_text_is_not_treated_as_wrapped():
    for name in SAMPLES:
        assert not is_hard_wrapped(sample_text(name).split("\n")), name


def test_hard_wrapped_lines_are_rejoined_inside_numbers_and_words():
    raw = sample_text(SAMPLES[0])
    wrapped = normalize(hard_wrap(raw)).text
    assert "2020年度收、支总计723.70万元" in wrapped
    assert "公务用车购置及运行维护费支出决算比2019年增加2.3万元" in wrapped


def test_page_numbers_and_running_headers_are_dropped():
    raw = sample_text(SAMPLES[0])
    text = normalize(page_furniture(raw)).text
    assert "- 3 -" not in text and "2020年度部门决算公开" not in text
    assert normalize(full_width_digits(raw)).text == normalize(raw).text
