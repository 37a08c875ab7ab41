from pipeline.ingest.normalize import normalize
from pipeline.segment.sections import segment_sections
from pipeline.segment.sentences import split_sentences
from pipeline.segment.tokenizer import word_boundaries
from tests.conftest import SAMPLES, sample_text
from tests.variants import renumbered_headings, unnumbered_headings

EXPLANATION_KINDS = {"overview", "income", "expense", "fiscal_overview", "gpb_overview", "gpb_structure",
                     "gpb_detail", "gpb_basic", "three_public", "gov_fund", "soe_capital", "admin_cost",
                     "procurement", "assets"}


def _kinds(raw: str) -> set[str]:
    text = normalize(raw).text
    return {s.kind for s in segment_sections(text) if s.part == "explanation" and s.end > s.start}


def test_every_sample_has_every_standard_section():
    for name in SAMPLES:
        assert EXPLANATION_KINDS <= _kinds(sample_text(name)), name


def test_sections_are_found_by_their_words_without_or_with_other_numbers():
    for name in SAMPLES:
        raw = sample_text(name)
        assert EXPLANATION_KINDS <= _kinds(unnumbered_headings(raw)), name
        assert EXPLANATION_KINDS <= _kinds(renumbered_headings(raw)), name


def test_figure_captions_are_not_headings():
    text = "五、一般公共预算财政拨款支出决算情况说明\n（一）一般公共预算财政拨款支出决算总体情况\n正文。\n图5：一般公共预算财政拨款支出决算变动情况\n（二）一般公共预算财政拨款支出决算结构情况\n"
    titles = [s.title for s in segment_sections(text)]
    assert not any(t.startswith("图5") for t in titles)


def test_sentences_split_at_chinese_terminators():
    sentences = split_sentences("收入合计1万元。支出合计2万元；其中：基本支出1万元\n结束")
    assert [s.text for s in sentences] == ["收入合计1万元", "支出合计2万元", "其中：基本支出1万元", "结束"]


def test_domain_dictionary_keeps_budget_terms_whole():
    label = "2020年一般公共预算财政拨款基本支出"
    bounds = word_boundaries(label)
    start = label.index("一般公共预算财政拨款基本支出")
    assert start in bounds and len(label) in bounds
    assert label.index("基本支出") not in bounds
