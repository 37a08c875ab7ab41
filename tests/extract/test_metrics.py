"""Metric accuracy against the gold files, on the samples and on their variants."""
from decimal import Decimal

import pytest

from pipeline.extract.identity import extract_identity
from pipeline.extract.metrics import extract_metrics
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.ingest.normalize import normalize
from pipeline.segment.sections import segment_sections
from tests.conftest import SAMPLES, gold_for, sample_text
from tests.variants import VARIANTS


def stated_metrics(raw: str) -> dict[str, Decimal]:
    text = normalize(raw).text
    values: dict[str, Decimal] = {}
    for fact in extract_metrics(text, segment_sections(text), load_vocabulary()).facts:
        values.setdefault(fact.metric_code, fact.value)
    return values


def _f1(raw_by_doc: dict[str, str]) -> tuple[float, list[str]]:
    tp = fp = fn = 0
    misses = []
    for name, raw in raw_by_doc.items():
        gold = {code: Decimal(f["value"]) for code, f in gold_for(name)["metrics"].items()}
        got = stated_metrics(raw)
        for code, value in gold.items():
            if got.get(code) == value:
                tp += 1
            else:
                fn += 1
                misses.append(f"{name} {code}: gold {value} got {got.get(code)}")
        extra = [c for c, v in got.items() if gold.get(c) != v]
        fp += len(extra)
        misses += [f"{name} extra {c}={got[c]}" for c in extra if c not in gold]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall), misses


def test_metrics_match_the_gold_on_the_samples():
    f1, misses = _f1({name: sample_text(name) for name in SAMPLES})
    assert f1 == 1.0, "\n".join(misses)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variants_give_the_same_figures(variant):
    for name in SAMPLES:
        raw = sample_text(name)
        assert stated_metrics(VARIANTS[variant](raw)) == stated_metrics(raw), name


def test_identity_is_exact_on_every_sample():
    for name in SAMPLES:
        gold = gold_for(name)
        ident = extract_identity(normalize(sample_text(name)).text)
        assert (ident.fiscal_year, ident.department_name) == (gold["fiscal_year"], gold["department"])
        assert {"province": ident.province, "city": ident.city, "county": ident.county} == gold["region"]


def test_a_figure_never_stated_is_absent_not_zero():
    got = stated_metrics(sample_text("004_7d44f8d8591ad9ea.txt"))
    assert "income_gov_fund" not in got and "expense_operating" not in got
    assert got["income_gpb"] == Decimal("1242.58")


def test_restated_figures_keep_the_first_statement():
    text = normalize(sample_text("004_7d44f8d8591ad9ea.txt")).text
    facts = [f for f in extract_metrics(text, segment_sections(text), load_vocabulary()).facts
             if f.metric_code == "reception_domestic_expense"]
    assert [(f.statement, f.value) for f in facts][:2] == [(1, Decimal("11.57")), (2, Decimal("6"))]


def test_shares_without_a_code_are_kept_as_stated():
    text = normalize(sample_text("001_cb2816d65bca7137.txt")).text
    shares = extract_metrics(text, segment_sections(text), load_vocabulary()).shares
    assert ("vehicle_expense", Decimal("34.5")) in [(s.of_code, s.value) for s in shares]
