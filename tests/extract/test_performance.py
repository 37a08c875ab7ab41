"""Project performance tables and scores against the hand-written gold and the documents."""
from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract.indicator_values import judge, parse_indicator_value
from pipeline.extract.performance import extract_performance
from pipeline.ingest.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
RAW = sorted(SAMPLES.glob("*.txt"))
GOLD = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "tests" / "gold").glob("*.json")}


def _extract(raw: str):
    return extract_performance(normalize(raw).text)


def _squeeze(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _f1(found: set, expected: set) -> float:
    if not found and not expected:
        return 1.0
    tp = len(found & expected)
    return 2 * tp / (len(found) + len(expected))


def _project_keys(projects) -> set:
    return {(_squeeze(p.project_name), p.budget, p.actual) for p in projects}


def _gold_project_keys(gold, found_projects) -> set:
    """Gold projects keyed like found ones; budget/actual only compared where gold has them."""
    found_by_name = {_squeeze(p.project_name): p for p in found_projects}
    keys = set()
    for g in gold.get("performance_projects", []):
        name = _squeeze(g["name"])
        match = found_by_name.get(name)
        budget = Decimal(g["budget"]) if "budget" in g else (match.budget if match else None)
        actual = Decimal(g["actual"]) if "actual" in g else (match.actual if match else None)
        keys.add((name, budget, actual))
    return keys


def _indicator_keys(projects) -> set:
    return {(_squeeze(p.project_name), _squeeze(i.level3), _squeeze(i.target_text), _squeeze(i.actual_text))
            for p in projects for i in p.indicators}


def _gold_indicator_keys(gold) -> set:
    return {(_squeeze(p["name"]), _squeeze(i["level3"]), _squeeze(i["target"]), _squeeze(i["actual"]))
            for p in gold.get("performance_projects", []) for i in p["indicators"]}


def _content(projects) -> list[dict]:
    """Projects and indicators without their spans (offsets differ between text variants)."""
    out = []
    for p in projects:
        row = {k: v for k, v in dataclasses.asdict(p).items() if k not in ("span", "indicators")}
        row["indicators"] = [{k: v for k, v in dataclasses.asdict(i).items() if k != "span"} for i in p.indicators]
        out.append(row)
    return out


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- gold


def test_projects_and_indicators_match_gold():
    totals = {"projects": [set(), set()], "indicators": [set(), set()]}
    misses = []
    for path in RAW:
        projects, _ = _extract(_read(path))
        gold = GOLD[path.stem]
        pairs = {
            "projects": (_project_keys(projects), _gold_project_keys(gold, projects)),
            "indicators": (_indicator_keys(projects), _gold_indicator_keys(gold)),
        }
        for kind, (found, expected) in pairs.items():
            totals[kind][0] |= {(path.stem, k) for k in found}
            totals[kind][1] |= {(path.stem, k) for k in expected}
            if found != expected:
                extra, missing = sorted(found - expected), sorted(expected - found)
                misses.append(f"{path.stem} {kind}: extra {extra} missing {missing}")
    project_f1 = _f1(*totals["projects"])
    indicator_f1 = _f1(*totals["indicators"])
    report = "\n".join(misses)
    assert project_f1 >= 0.98, f"projects F1 {project_f1:.3f}\n{report}"
    assert indicator_f1 >= 0.97, f"indicators F1 {indicator_f1:.3f}\n{report}"


def test_project_fields_match_gold():
    """Units, fund splits and goals as printed; empty cells (其它资金 执行数) stay None."""
    fields = ("budget_unit", "fiscal_budget", "fiscal_actual", "other_budget", "other_actual",
              "goal_expected", "goal_actual")
    amounts = {"fiscal_budget", "fiscal_actual", "other_budget", "other_actual"}
    wrong = []
    for path in RAW:
        projects, _ = _extract(_read(path))
        found = {_squeeze(p.project_name): p for p in projects}
        for g in GOLD[path.stem].get("performance_projects", []):
            p = found[_squeeze(g["name"])]
            for name in fields:
                expected = g.get(name)
                if name in amounts and expected is not None:
                    expected = Decimal(expected)
                if getattr(p, name) != expected:
                    wrong.append((path.stem, g["name"], name, getattr(p, name), expected))
    assert not wrong, wrong


def test_indicator_levels_match_gold():
    """Merged level cells are carried down and cells broken over lines are joined (效益\\n\\n指标)."""
    for path in RAW:
        projects, _ = _extract(_read(path))
        found = [(_squeeze(p.project_name), i.level1, i.level2, i.level3) for p in projects for i in p.indicators]
        expected = [(_squeeze(p["name"]), i["level1"], i["level2"], i["level3"])
                    for p in GOLD[path.stem].get("performance_projects", []) for i in p["indicators"]]
        assert found == expected, path.stem


def test_evaluation_report_fund_tables_are_not_projects():
    projects, _ = _extract(_read(SAMPLES / "001_cb2816d65bca7137.txt"))
    names = [p.project_name for p in projects]
    assert names == ["联系重点工作经费", "公务车运行维护", "电子政务内网光纤", "保密专项", "高清视频会议系统"]


def test_spans_cover_the_printed_rows():
    raw = _read(SAMPLES / "003_f799a21a4929daf1.txt")
    text = normalize(raw).text
    projects, _ = extract_performance(text)
    table = text[projects[0].span.start:projects[0].span.end]
    assert table.lstrip().startswith("项目绩效目标完成情况表") and "管委会运行经费" in table
    row = projects[0].indicators[0]
    quoted = text[row.span.start:row.span.end]
    assert "项目完成指标" in quoted and quoted.rstrip().endswith("80次")


# --------------------------------------------------------------------------- text variants


@pytest.mark.parametrize("path", RAW, ids=lambda p: p.stem)
def test_hard_wrapped_text_gives_the_same_tables(path):
    raw = _read(path)
    wrapped = "\n".join(line[i:i + 30] for line in raw.split("\n") for i in range(0, max(len(line), 1), 30))
    assert _content(_extract(wrapped)[0]) == _content(_extract(raw)[0])


@pytest.mark.parametrize("path", RAW, ids=lambda p: p.stem)
def test_full_width_digits_give_the_same_tables(path):
    raw = _read(path)
    wide = raw.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert _content(_extract(wide)[0]) == _content(_extract(raw)[0])


PDF_STYLE = """（五）项目绩效目标完成情况。
项目支出绩效目标完成情况表
（2020年度）
项目名称  精准扶贫专项经费
预算单位  党工委办公室
预算执行情况（万元）  预算数:  60.65万元  执行数:  60.65万元
其中-财政拨款:  60.65万元  其中-财政拨款:  60.65万元
其它资金:  0  其它资金:  0
年度目标完成情况  预期目标  实际完成目标
对口帮扶兴隆村  完成了年度帮扶
任务。  任务。
绩效指标完成情况\t一级指标\t二级指标\t三级指标\t预期指标值\t实际完成指标值
项目完成指标  数量指标  慰问农户户数  94户  94户
走访慰问次数  30次  30次
时效指标  资金支付进度  按市上要求  按市上要求
支付  支付
满意度指标  满意度指标  帮扶对象满意度  ≥90%  95%

2.部门绩效评价结果。
本部门按要求开展了自评。
"""


def test_pdf_style_rows_are_read_without_inventing_rows():
    """The table inside a real (unwrapped) document, so normalisation treats it as in production."""
    document = _read(SAMPLES / "004_7d44f8d8591ad9ea.txt") + "\n" + PDF_STYLE
    projects, _ = extract_performance(normalize(document).text)
    assert len(projects) == 1
    p = projects[0]
    assert (p.project_name, p.budget_unit, p.budget, p.actual) == ("精准扶贫专项经费", "党工委办公室",
                                                                   Decimal("60.65"), Decimal("60.65"))
    assert (p.other_budget, p.other_actual) == (Decimal(0), Decimal(0))
    assert (p.goal_expected, p.goal_actual) == ("对口帮扶兴隆村任务。", "完成了年度帮扶任务。")
    rows = [(i.level1, i.level2, i.level3, i.target_text, i.actual_text) for i in p.indicators]
    assert rows == [
        ("项目完成指标", "数量指标", "慰问农户户数", "94户", "94户"),
        ("项目完成指标", "数量指标", "走访慰问次数", "30次", "30次"),
        ("项目完成指标", "时效指标", "资金支付进度", "按市上要求支付", "按市上要求支付"),
        ("满意度指标", "满意度指标", "帮扶对象满意度", "≥90%", "95%"),
    ]


def test_text_without_tables_gives_no_projects():
    projects, _ = _extract(_read(SAMPLES / "004_7d44f8d8591ad9ea.txt"))
    assert projects == []


# --------------------------------------------------------------------------- value parsing


@pytest.mark.parametrize("text, op, value, unit", [
    ("≥95%", ">=", "95", "%"),
    ("100%", "=", "100", "%"),
    ("完成8个接口的建设", "=", "8", "个"),
    ("≤ 6万元", "<=", "6", "万元"),
    ("不低于90%", ">=", "90", "%"),
    ("95%以上工程顺利验收", ">=", "95", "%"),
    ("不超过6.5万元（由市政府办统一采购）", "<=", "6.5", "万元"),
    ("车辆燃油费控制在2万元", "<=", "2", "万元"),
    ("1200元/月", "=", "1200", "元/月"),
    ("每户1000元以上", ">=", "1000", "元"),
    ("138.6", "=", "138.6", None),
])
def test_parse_numeric_values(text, op, value, unit):
    parsed = parse_indicator_value(text)
    assert (parsed.op, parsed.value, parsed.unit, parsed.category) == (op, Decimal(value), unit, None)


@pytest.mark.parametrize("text, category", [
    ("按时完成", "按时完成"),
    ("合格", "合格"),
    ("持续有效运转", "持续有效运转"),
    ("网络畅通", "网络畅通"),  # the phrase as printed is the category
    ("按月支付", "按月支付"),
    ("不合格", None),
    ("2020年12月完成", None),  # a deadline, not the quantity 2020年
    ("会议系统1套、显示和音响设备1套、非涉密设备1批", None),  # several quantities: no single value
    ("全年“0”事故", None),  # a number without a unit inside text
])
def test_parse_non_numeric_values(text, category):
    parsed = parse_indicator_value(text)
    assert (parsed.op, parsed.value, parsed.unit, parsed.category) == (None, None, None, category)


@pytest.mark.parametrize("target, actual, achieved", [
    ("≥50次", "80次", True),
    ("≥50次", "27次", False),
    ("≥90%", "95%", True),
    ("不超过30万元", "8.42万元", True),
    ("每户1000元以上", "0.12万元", True),  # money compared across units
    ("完成8个接口的建设", "完成8个", True),
    ("维修费、洗车、过路费3.4万元", "维修费、洗车、过路费0.67万元", False),  # a bare number means '='
    ("100%", "完成预期目标", None),  # numeric target, qualitative actual
    ("90%", "9次", None),  # units differ
    ("合格", "合格", True),
    ("合格", "优秀", True),
    ("良好", "合格", False),
    ("按时完成", "未按时完成", False),
    ("按时完成", "已完成", True),
    ("持续有效运转", "良好", None),
    ("减少人力、物力等", "减少人力、物力等", True),  # the actual restates the target
    ("保障重点工作如期完成", "高质量完成疫情防控等重大活动", None),
    ("≥40次", None, None),
])
def test_judge(target, actual, achieved):
    result, reason = judge(target, actual)
    assert result is achieved and reason


# --------------------------------------------------------------------------- scores


def test_self_evaluation_scores_of_004():
    _, scores = _extract(_read(SAMPLES / "004_7d44f8d8591ad9ea.txt"))
    found = [(s.subject, s.score) for s in scores if s.score is not None]
    gold = GOLD["004_7d44f8d8591ad9ea"]["performance_scores"]
    assert found == [(g["subject"], Decimal(g["score"])) for g in gold]
    assert [score for _, score in found] == [Decimal(97), Decimal(100), Decimal(100)]


def test_score_spans_quote_the_sentence():
    text = normalize(_read(SAMPLES / "004_7d44f8d8591ad9ea.txt")).text
    _, scores = extract_performance(text)
    assert text[scores[0].span.start:scores[0].span.end] == "广元市昭化区人民政府办公室部门整体（含部门预算项目）绩效自评得分为97分"


def test_narrative_summaries():
    _, scores = _extract(_read(SAMPLES / "001_cb2816d65bca7137.txt"))
    found = [(s.subject, s.budget, s.actual, s.execution_rate_pct) for s in scores]
    assert found == [
        ("联系重点工作经费", Decimal(5), Decimal(5), Decimal(100)),
        ("公务车运行维护", Decimal(6), Decimal("2.07"), Decimal("34.5")),
        ("电子政务内网光纤", Decimal("1.92"), Decimal("1.92"), Decimal(100)),
        ("保密专项", Decimal(5), Decimal(5), Decimal(100)),
        ("高清视频会议系统", Decimal("57.55"), Decimal("55.6"), Decimal("99.73")),
    ]
    _, scores = _extract(_read(SAMPLES / "000_b3be23262271cd19.txt"))
    assert [(s.subject, s.budget) for s in scores] == [
        ("党政网租赁", Decimal(7)), ("全区重点工作项目推进工作经费", Decimal("35.80"))]


def test_a_bare_amount_of_a_cost_indicator_is_a_ceiling():
    assert parse_indicator_value("维修费3.4万元", ceiling=True).op == "<="
    assert judge("维修费、洗车、过路费3.4万元", "维修费、洗车、过路费0.67万元", ceiling=True)[0] is True
    assert judge("维修费、洗车、过路费3.4万元", "维修费、洗车、过路费0.67万元")[0] is False
    assert judge("3.4万元", "4万元", ceiling=True)[0] is False
