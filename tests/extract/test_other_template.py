"""A report in another province's wording (tests/fixtures/other_template_2022.txt).

Written for this test: labels after a colon or 为, 收入总计/支出总计 stated
apart, amounts with thousands separators and in 元, a “三公” paragraph that
packs every component into one sentence. The expected values are the ones the
text states.
"""
from decimal import Decimal
from pathlib import Path

from pipeline.extract.identity import extract_identity
from pipeline.extract.metrics import extract_metrics
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.ingest.normalize import normalize
from pipeline.segment.sections import segment_sections

TEXT = normalize((Path(__file__).parents[1] / "fixtures" / "other_template_2022.txt").read_text(encoding="utf-8")).text

STATED = {
    "income_grand_total": "12345.67", "expense_grand_total": "12000.00", "yoy_grand_total_change": "1000.00",
    "yoy_grand_total_pct": "8.81", "income_total": "11000.00", "income_gpb": "10500.00", "income_business": "500.00",
    "expense_total": "11500.00", "expense_basic": "8000.00", "expense_project": "3500.00",
    "fiscal_income_grand_total": "10800.00", "fiscal_expense_grand_total": "10800.00",
    "three_public_budget": "20", "three_public_total": "15.5", "three_public_completion_rate_pct": "77.5",
    "outbound_expense": "0", "vehicle_expense": "10.5", "vehicle_purchase_expense": "0",
    "vehicle_operation_expense": "10.5", "reception_expense": "5", "reception_domestic_batches": "20",
    "reception_domestic_persons": "180", "official_vehicle_count": "3", "admin_operating_cost": "123.45",
    "procurement_total": "120", "procurement_goods": "100", "procurement_works": "0", "procurement_services": "20",
}


def test_every_stated_figure_and_nothing_else():
    got: dict[str, Decimal] = {}
    for fact in extract_metrics(TEXT, segment_sections(TEXT), load_vocabulary()).facts:
        got.setdefault(fact.metric_code, fact.value)
    assert got == {code: Decimal(v) for code, v in STATED.items()}


def test_identity_from_the_title_and_the_division_table():
    ident = extract_identity(TEXT)
    assert (ident.fiscal_year, ident.department_name, ident.province, ident.city) == (
        2022, "广州市某某区教育局", "广东省", "广州市")
