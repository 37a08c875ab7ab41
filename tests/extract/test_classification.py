"""功能分类 and 经济分类 rows: against the gold files, on text variants, and on printed edge cases."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from pipeline.config import Settings
from pipeline.extract.classification import extract_economic_items, extract_gpb_items
from pipeline.extract.subject_codes import Subject, SubjectCatalog
from pipeline.ingest.normalize import normalize
from tests.conftest import SAMPLES, gold_for, sample_text
from tests.variants import VARIANTS

CATALOG = SubjectCatalog.load(Settings.from_env().reference_dir)

GPB_HEADING = "一般公共预算财政拨款支出决算具体情况"
BASIC_HEADING = "一般公共预算财政拨款基本支出决算情况说明"
THREE_PUBLIC_HEADING = re.compile(r"^.*三公.*$", re.M)


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def section_ranges(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """[start, end) of the 具体情况 body and of the 基本支出 body, found by their headings.

    Searching from the 具体情况 heading onwards skips the table of contents,
    which prints the later headings first.
    """
    gpb_heading = text.index(GPB_HEADING)
    basic_heading = text.index(BASIC_HEADING, gpb_heading)
    basic_start = _line_end(text, basic_heading)
    three_public = THREE_PUBLIC_HEADING.search(text, basic_start)
    return ((_line_end(text, gpb_heading), _line_start(text, basic_heading)),
            (basic_start, three_public.start() if three_public else len(text)))


def rows(raw: str):
    text = normalize(raw).text
    (gpb_start, gpb_end), (basic_start, basic_end) = section_ranges(text)
    return (extract_gpb_items(text, gpb_start, gpb_end, CATALOG),
            extract_economic_items(text, basic_start, basic_end, CATALOG))


# --- gold comparison, as the official scorer matches rows ---------------------------------------

_LEVEL_SUFFIX = re.compile(r"[（(](类|款|项|项\d+)[）)]")


def _same_name(a: str | None, b: str | None) -> bool:
    x, y = (_LEVEL_SUFFIX.sub("", re.sub(r"\s+", "", s or "")) for s in (a, b))
    return bool(x) and bool(y) and (x == y or x in y or y in x)


def _match(gold: list[dict], got: list, gold_name: str, got_name: str):
    """(matched (gold, row) pairs, missed gold rows, extra rows)."""
    free, pairs, missed = list(got), [], []
    for g in gold:
        hit = next((r for r in free if Decimal(g["amount"]) == r.amount
                    and _same_name(g[gold_name], getattr(r, got_name))), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, free


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _score(kind: str, gold_name: str, got_name: str, which: int):
    tp = fp = fn = 0
    misses, pairs = [], []
    for name in SAMPLES:
        got = rows(sample_text(name))[which]
        matched, missed, extra = _match(gold_for(name)[kind], got, gold_name, got_name)
        tp, fp, fn = tp + len(matched), fp + len(extra), fn + len(missed)
        misses += [f"{name} missing {g[gold_name]}={g['amount']}" for g in missed]
        misses += [f"{name} extra {getattr(r, got_name)}={r.amount}" for r in extra]
        pairs += [(name, g, r) for g, r in matched]
    return _f1(tp, fp, fn), misses, pairs


def test_gpb_items_reach_f1_098_against_gold():
    f1, misses, _ = _score("gpb_items", "item_name", "item_name", 0)
    assert f1 >= 0.98, f"F1 {f1:.3f}: " + "; ".join(misses)


def test_economic_items_reach_f1_098_against_gold():
    f1, misses, _ = _score("economic_items", "name", "item_name", 1)
    assert f1 >= 0.98, f"F1 {f1:.3f}: " + "; ".join(misses)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def test_matched_gpb_rows_carry_the_gold_names_codes_and_figures():
    _, _, pairs = _score("gpb_items", "item_name", "item_name", 0)
    wrong = []
    for doc, g, r in pairs:
        want = (g["class_name"], g["section_name"], g["item_name"], g["class_code"], g["section_code"],
                g["item_code"], _decimal(g.get("completion_rate_pct")), _decimal(g.get("budget")))
        got = (r.class_name, r.section_name, r.item_name, r.class_code, r.section_code, r.item_code,
               r.completion_rate_pct, r.budget)
        if got != want:
            wrong.append(f"{doc}: want {want} got {got}")
    assert not wrong, "\n".join(wrong)


def test_matched_economic_rows_carry_the_gold_group():
    _, _, pairs = _score("economic_items", "name", "item_name", 1)
    wrong = [f"{doc} {g['name']}: want {g['group']} got {r.group_name}" for doc, g, r in pairs
             if r.group_name != g["group"]]
    assert not wrong, "\n".join(wrong)


def test_spans_quote_the_row_from_its_first_name_to_its_last_figure():
    for name in SAMPLES:
        text = normalize(sample_text(name)).text
        gpb, eco = rows(sample_text(name))
        for r in [*gpb, *eco]:
            quote = text[r.span.start:r.span.end]
            assert re.match(r"[\u4e00-\u9fff]", quote) and quote.endswith(("万元", "%")), (name, quote)
            assert r.item_name in quote and str(r.amount) in quote, (name, quote)


# --- the same rows from other printings of the same reports --------------------------------------

def _gpb_key(r) -> tuple:
    return (r.class_name, r.section_name, r.item_name, r.class_code, r.section_code, r.item_code,
            r.amount, r.completion_rate_pct, r.budget, r.subject_code)


def _economic_key(r) -> tuple:
    return (r.group_name, r.item_name, r.amount, r.economic_code)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", SAMPLES)
def test_variants_give_the_same_rows(variant, name):
    raw = sample_text(name)
    (gpb, eco), (vgpb, veco) = rows(raw), rows(VARIANTS[variant](raw))
    assert [_gpb_key(r) for r in vgpb] == [_gpb_key(r) for r in gpb]
    assert [_economic_key(r) for r in veco] == [_economic_key(r) for r in eco]


# --- printed forms the samples show once or not at all -----------------------------------------

def _gpb(body: str) -> list[tuple]:
    return [(r.class_name, r.section_name, r.item_name, r.class_code, r.section_code, r.item_code, r.amount)
            for r in extract_gpb_items(body, 0, len(body), CATALOG)]


def test_levels_separated_by_punctuation_form_one_row():
    body = "1.一般公共服务（类）、党委办公厅（室）及相关机构事务（款）、行政运行（项）支出决算为10万元。"
    assert _gpb(body) == [("一般公共服务", "党委办公厅（室）及相关机构事务", "行政运行", None, None, None, Decimal(10))]


def test_a_row_of_codes_without_its_class_continues_the_row_above():
    body = ("一般公共服务支出（201）政府办公厅（室）及相关机构事务（03）行政运行（01）:支出决算为5万元；"
            "一般行政管理事务（02）:支出决算为6万元。")
    assert _gpb(body)[1] == ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "一般行政管理事务",
                             "201", "03", "02", Decimal(6))


def test_a_row_in_yuan_is_read_in_wan_yuan():
    body = "住房保障支出（类）住房改革支出（款）住房公积金（项）:支出决算为295400元，完成预算100%。"
    assert _gpb(body)[0][-1] == Decimal("29.54")


def test_names_without_figures_give_no_row():
    assert _gpb("主要用于一般公共服务（类）党委办公厅（室）及相关机构事务（款）行政运行（项）的支出。") == []


def test_economic_items_skip_comparisons_and_unpriced_lists():
    body = ("人员经费425.87万元，比上年增加12.5万元，主要为基本工资142.62万元、维修(护)费2.81万元。"
            "日常公用经费57.93万元，主要包括：办公费、印刷费。")
    got = [(r.group_name, r.item_name, r.amount, r.economic_code)
           for r in extract_economic_items(body, 0, len(body), CATALOG)]
    assert got == [("人员经费", "基本工资", Decimal("142.62"), "30101"),
                   ("人员经费", "维修(护)费", Decimal("2.81"), "30213")]


# --- subject codes -------------------------------------------------------------------------------

def test_subject_codes_come_from_printed_codes_or_the_reference_names():
    assert CATALOG.function_code("一般公共服务", "政府办公厅（室）及相关机构事务", "行政运行", ("201", "03", "01")) == "2010301"
    assert CATALOG.function_code("一般公共服务", "党委办公厅（室）及相关机构事务", "行政运行支出") == "2013101"
    assert CATALOG.function_code("社会保障和就业", "行政事业单位离退休", "机关事业单位基本养老保险缴费支出") == "2080505"
    assert CATALOG.function_code("社会保障和就业", None, "其他社会保障和就业支出") == "2089999"
    assert CATALOG.economic_code("维修（护）费") == "30213" and CATALOG.economic_code("其他交通费") == "30239"


def test_unknown_names_get_no_code():
    assert CATALOG.function_code("一般公共服务", "没有这个款", "行政运行") is None
    assert CATALOG.function_code("一般公共服务", "党委办公厅（室）及相关机构事务", "没有这个项") is None
    assert CATALOG.function_code(None, None, "行政运行") is None  # one name in many 款: ambiguous
    assert CATALOG.economic_code("没有这个科目") is None


def test_names_resolve_through_aliases_and_parentheses():
    catalog = SubjectCatalog(
        [Subject("201", "一般公共服务支出", 1, None), Subject("20103", "政府办公厅（室）及相关机构事务", 2, "201"),
         Subject("2010301", "行政运行", 3, "20103")],
        [], {"行政运行支出": "行政运行", "一般公共服务": "一般公共服务支出"}, {})
    assert catalog.function_code("一般公共服务", "政府办公厅(室)及相关机构事务", "行政运行支出") == "2010301"
    assert catalog.function_code("一般公共服务", "政府办公厅（室）及相关机构事务", "行政运行（项）") == "2010301"


def test_catalog_exposes_the_dimension_rows():
    assert {s.level for s in CATALOG.functions} == {1, 2, 3} and {s.level for s in CATALOG.economics} == {1, 2}
    codes = {s.code for s in CATALOG.functions}
    assert all(s.parent_code in codes for s in CATALOG.functions if s.parent_code)


# --- rows as a PDF converter prints them -------------------------------------------------------

def test_a_description_before_the_figures_is_passed_over():
    body = ("1、社会保障和就业支出（类）行政事业单位养老支出（款）\n行政单位离退休（项）。主要用于：行政单位退休人员支出。年\n"
            "初预算为 54.53万元，支出决算为 54.53万元。\n完成年初预算的 100.00%。决算数同预算数持平。\n"
            "2、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。主要用于：医疗保险。支出决算为 40.35万元，"
            "完成年初预算的 94.43%。决算数小于预算数的主要原因：基数变更，减少 2.38万元，完成 5.00%。")
    rows = extract_gpb_items(body, 0, len(body), CATALOG)
    assert [(r.item_name, r.budget, r.amount, r.completion_rate_pct) for r in rows] == [
        ("行政单位离退休", Decimal("54.53"), Decimal("54.53"), Decimal("100.00")),
        ("行政单位医疗", None, Decimal("40.35"), Decimal("94.43"))]


def test_a_name_wrapped_over_two_lines_is_one_name():
    body = ("6、卫生健康支出（类）行政事业单位医疗（款）行政单位\n医疗（项）。支出决算为 40.35万元。\n"
            "9、城乡社区支出（类）城乡社\n区规划与管理（款）城乡社区规划与管理（项）。支出决算为 2739.56万元。\n"
            "11、自然资源海洋气象等支出（类）自然资源事务（款）其\n他国土资源事务支出（项）。支出决算为 45.00万元。")
    assert [(r.section_name, r.item_name, r.subject_code) for r in extract_gpb_items(body, 0, len(body), CATALOG)] == [
        ("行政事业单位医疗", "行政单位医疗", "2101101"), ("城乡社区规划与管理", "城乡社区规划与管理", "2120201"),
        ("自然资源事务", "其他国土资源事务支出", "2200199")]


def test_a_line_of_other_words_before_a_row_stays_out_of_its_name():
    body = "各项支出如下\n一般公共服务（类）财政事务（款）行政运行（项）支出决算为5万元。"
    assert _gpb(body) == [("一般公共服务", "财政事务", "行政运行", None, None, None, Decimal(5))]
