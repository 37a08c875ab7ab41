"""功能分类 and 经济分类 rows against the gold files, on the samples and their variants."""
from decimal import Decimal

import pytest

from pipeline.config import Settings
from pipeline.extract.classification import extract_economic_items, extract_gpb_items
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.normalize import normalize
from pipeline.segment.sections import segment_sections
from tests.conftest import SAMPLES, gold_for, sample_text
from tests.variants import VARIANTS

CATALOG = SubjectCatalog.load(Settings.from_env().reference_dir)


def rows(raw: str):
    text = normalize(raw).text
    gpb, eco = [], []
    for s in segment_sections(text):
        if s.part == "explanation" and s.kind == "gpb_detail":
            gpb += extract_gpb_items(text, s.start, s.end, CATALOG)
        if s.part == "explanation" and s.kind == "gpb_basic":
            eco += extract_economic_items(text, s.start, s.end, CATALOG)
    return gpb, eco


def _gpb_key(r) -> tuple:
    return (r.class_name, r.section_name, r.item_name, r.class_code, r.section_code, r.item_code, r.amount,
            r.completion_rate_pct)


def test_gpb_items_equal_the_gold_rows_with_names_and_printed_codes():
    for name in SAMPLES:
        gold = [(g["class_name"], g["section_name"], g["item_name"], g["class_code"], g["section_code"],
                 g["item_code"], Decimal(g["amount"]),
                 Decimal(g["completion_rate_pct"]) if g.get("completion_rate_pct") else None)
                for g in gold_for(name)["gpb_items"]]
        assert [_gpb_key(r) for r in rows(sample_text(name))[0]] == gold, name


def test_economic_items_equal_the_gold_rows():
    for name in SAMPLES:
        gold = [(g["group"], g["name"], Decimal(g["amount"])) for g in gold_for(name)["economic_items"]]
        assert [(r.group_name, r.item_name, r.amount) for r in rows(sample_text(name))[1]] == gold, name


def test_budget_is_read_where_printed():
    gpb, _ = rows(sample_text("004_7d44f8d8591ad9ea.txt"))
    assert [r.budget for r in gpb] == [r.amount for r in gpb]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variants_give_the_same_rows(variant):
    for name in SAMPLES:
        raw = sample_text(name)
        (gpb, eco), (vgpb, veco) = rows(raw), rows(VARIANTS[variant](raw))
        assert [_gpb_key(r) for r in vgpb] == [_gpb_key(r) for r in gpb], name
        assert [(r.group_name, r.item_name, r.amount) for r in veco] == [(r.group_name, r.item_name, r.amount) for r in eco], name


def test_subject_codes_come_from_printed_codes_or_the_reference_names():
    assert CATALOG.function_code("一般公共服务", "政府办公厅（室）及相关机构事务", "行政运行", ("201", "03", "01")) == "2010301"
    assert CATALOG.function_code("一般公共服务", "党委办公厅（室）及相关机构事务", "行政运行支出") == "2013101"
    assert CATALOG.function_code("社会保障和就业", "行政事业单位离退休", "机关事业单位基本养老保险缴费支出") == "2080505"
    assert CATALOG.function_code("一般公共服务", "没有这个款", "行政运行") is None
    assert CATALOG.economic_code("维修（护）费") == "30213" and CATALOG.economic_code("其他交通费") == "30239"
