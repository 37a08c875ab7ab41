from decimal import Decimal

from pipeline.extract.clauses import read_mentions
from pipeline.segment.sentences import Sentence


def _read(text: str):
    return [(m.label, m.value, m.kind, m.role) for m in read_mentions(Sentence(text, 0))]


def test_change_and_rate_qualify_the_label():
    assert _read("与2019年相比，收、支总计各增加45.97万元，增长6.78%") == [
        ("与2019年相比，收、支总计各增加", Decimal("45.97"), "wan_yuan", "change"),
        ("增长", Decimal("6.78"), "pct", "change_pct"),
    ]


def test_decrease_wording_gives_a_negative_change():
    roles = _read("公务接待费支出决算比2019年减少0.04万元，下降0.25%")
    assert [(v, r) for _, v, _, r in roles] == [(Decimal("-0.04"), "change"), (Decimal("-0.25"), "change_pct")]


def test_share_completion_and_budget():
    assert [r for *_, r in _read("支出预算为19.3万元，支出决算为11.57万元，完成预算的59.9%，占100%")] == [
        "budget", "value", "completion", "share"]


def test_dates_ordinals_and_previous_year_figures_are_not_amounts():
    mentions = _read("截至2020年12月31日，1.与2022年度952.74万元相比，共有车辆1辆")
    assert [(v, r) for _, v, _, r in mentions] == [(Decimal("952.74"), "previous"), (Decimal("1"), "value")]


def test_amounts_in_yuan_are_converted_to_wan_yuan_exactly():
    assert _read("基本工资1426200元")[0][1] == Decimal("142.62")


def test_numbers_after_an_explanation_are_marked_explanatory():
    mentions = read_mentions(Sentence("支出2.92万元，主要原因是车辆费用仅2.07万元", 0))
    assert [m.explanatory for m in mentions] == [False, True]
