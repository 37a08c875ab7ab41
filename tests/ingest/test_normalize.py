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


def test_numbers_lifted_onto_their_own_line_go_back_into_their_gaps():
    original = "第三部分\n本年收入合计 万元，其中：财政拨款收入 万元，占 ；\n2946.25 2940.05 99.79%\n"
    n = normalize(original)
    assert "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；" in n.text
    start = n.text.index("2940.05")
    assert n.quote(start, start + len("2940.05")) == "2940.05"  # each character keeps its origin


def test_a_numbers_line_that_fits_no_gap_is_left_alone():
    assert "合计\n2946.25 2940.05" in normalize("合计\n2946.25 2940.05\n").text


def test_bare_page_numbers_are_those_that_count_pages():
    lines = ["第一部分 概况"] + [f"这是第{i}页的一句话，内容完整。\n{i}" for i in range(1, 5)] + ["合计\n7"]
    text = normalize("\n".join(lines)).text
    assert "\n2\n" not in text and "\n3\n" not in text and "合计\n7" in text


_PARAGRAPH = "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出603.14万元，占20.51%。"


def _wrapped(width: int) -> str:
    """One paragraph written as a PDF prints it at ``width`` characters, between two headings."""
    words = _PARAGRAPH * 12
    return "三、支出决算情况说明\n" + "\n".join(words[i:i + width] for i in range(0, len(words), width)) + "\n四、财政拨款"


def test_wraps_of_any_width_are_rejoined():
    for width in (24, 37, 52):
        text = normalize(_wrapped(width)).text
        assert text.split("\n")[1] == _PARAGRAPH * 12, width
