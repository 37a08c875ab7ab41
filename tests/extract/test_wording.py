"""Sentences written the other ways the language allows, each with the code and value a reader takes.

The sentences are written for this test (not copied from a report): the
same statements as the reports make, with the qualifiers in another order,
figures listed, zeros said in words, units left out or changed.
"""
from decimal import Decimal

import pytest

from pipeline.extract.clauses import AmountOutOfRange
from pipeline.extract.metrics import extract_metrics
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.ingest.normalize import normalize
from pipeline.segment.sections import segment_sections

HEADINGS = {
    "overview": "一、收入支出决算总体情况说明",
    "income": "二、收入决算情况说明",
    "expense": "三、支出决算情况说明",
    "fiscal_overview": "四、财政拨款收入支出决算总体情况说明",
    "gpb": "五、一般公共预算财政拨款支出决算情况说明\n（一）一般公共预算财政拨款支出决算总体情况",
    "gpb_detail": "五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况",
    "gpb_basic": "六、一般公共预算财政拨款基本支出决算情况说明",
    "three_public": "七、财政拨款“三公”经费支出决算情况说明",
    "gov_fund": "八、政府性基金预算财政拨款收入支出决算情况说明",
    "soe_capital": "九、国有资本经营预算财政拨款收入支出决算情况说明",
    "procurement": "十、其他重要事项的情况说明\n（二）政府采购支出情况",
    "assets": "十、其他重要事项的情况说明\n（三）国有资产占有使用情况说明",
}


def read(kind: str, sentence: str) -> dict[str, Decimal]:
    text = normalize(f"第三部分 某某区某某局2024年度部门决算情况说明\n{HEADINGS[kind]}\n{sentence}\n").text
    got: dict[str, Decimal] = {}
    for fact in extract_metrics(text, segment_sections(text), load_vocabulary()).facts:
        got.setdefault(fact.metric_code, fact.value)
    return got


CASES = [
    # a rate after its change, the change after its subject
    ("overview", "与上年相比，收入支出总计增加90.09万元，增长1.94%。",
     {"yoy_grand_total_change": "90.09", "yoy_grand_total_pct": "1.94"}),
    ("overview", "2024年度收入支出总计减少12.5万元，下降3.2%。",
     {"yoy_grand_total_change": "-12.5", "yoy_grand_total_pct": "-3.2"}),
    ("fiscal_overview", "2024年度财政拨款收入支出总计880.00万元。",
     {"fiscal_income_grand_total": "880.00", "fiscal_expense_grand_total": "880.00"}),
    # 占 after the figure, the % sign left out after 增长
    ("gpb", "一般公共预算财政拨款支出1000.00万元，占本年支出合计的95.00%。与上年相比增加100.00万元，增长11.11。",
     {"gpb_expense": "1000.00", "gpb_expense_share_pct": "95.00", "yoy_gpb_expense_change": "100.00",
      "yoy_gpb_expense_pct": "11.11"}),
    # the subject carried from the sentence's start to 支出决算为 and 完成预算的
    ("three_public", "“三公”经费财政拨款支出年初预算为10.00万元，支出决算为8.00万元，完成预算的80.00%。",
     {"three_public_budget": "10.00", "three_public_total": "8.00", "three_public_completion_rate_pct": "80.00"}),
    # counts listed after one subject
    ("three_public", "国内公务接待支出0.39万元，共接待2批次、26人次。",
     {"reception_domestic_expense": "0.39", "reception_domestic_batches": "2", "reception_domestic_persons": "26"}),
    ("three_public", "公务用车运行维护支出1.20万元。",
     {"vehicle_operation_expense": "1.20"}),
    # a list of amounts under one total, worded 金额
    ("procurement", "本部门政府采购金额（以合同签订为准）为300.00万元，其中：货物采购金额100.00万元、工程采购金额50.00万元、服务采购金额150.00万元。",
     {"procurement_total": "300.00", "procurement_goods": "100.00", "procurement_works": "50.00",
      "procurement_services": "150.00"}),
    # zeros stated in words, a shared head (收入和支出) standing for two figures
    ("gov_fund", "本部门2024年度无政府性基金预算财政拨款收入和支出。",
     {"income_gov_fund": "0", "gov_fund_expense": "0"}),
    ("soe_capital", "本部门没有国有资本经营预算财政拨款支出。", {"soe_capital_expense": "0"}),
    ("three_public", "本部门2024年度未发生“三公”经费财政拨款支出。", {"three_public_total": "0"}),
    ("procurement", "本年度未发生政府采购支出。", {"procurement_total": "0"}),
    ("assets", "截至2024年12月31日，本单位共有车辆0辆。", {"vehicle_asset_count": "0"}),
    # 持平 / 无变化 as a change of 0; against the budget it is no change at all
    ("three_public", "公务接待费支出决算与上年持平。", {"yoy_reception_expense_change": "0"}),
    ("three_public", "公务用车购置及运行维护费支出较上年无变化。", {"yoy_vehicle_expense_change": "0"}),
    ("three_public", "公务接待费支出决算数与预算数持平。", {}),
    # amounts in 元, with a sign
    ("income", "本年收入合计7237012.34元。", {"income_total": "723.701234"}),
    ("expense", "本年支出合计−5.00万元。", {"expense_total": "-5.00"}),
    # scientific notation is not an amount: nothing is read rather than 30
    ("expense", "本年支出合计1e30万元。", {}),
]


@pytest.mark.parametrize(("kind", "sentence", "expected"), CASES, ids=[c[1][:16] for c in CASES])
def test_the_statement_is_read(kind, sentence, expected):
    assert read(kind, sentence) == {code: Decimal(v) for code, v in expected.items()}


def test_an_amount_too_large_for_the_warehouse_is_refused_naming_it():
    with pytest.raises(AmountOutOfRange, match="123456789012345678901"):
        read("expense", "本年支出合计123456789012345678901万元。")
