"""The narrative reader on three real reports of another template (Shanghai 普陀区, 2024).

Each report comes in three text renderings (PDFium, pdfplumber, pdftotext
-layout: tests/fixtures/dev); the gold (tests/fixtures/dev/gold) was made
from the PDFs. Identity must be exact on every rendering, metrics F1 at
least 0.98. Figures the reports print only in their standard tables
(income_gpb: the 收入支出决算总表 row) are the table reader's, not the
narrative's, and are left out of the comparison.
"""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.extract.document import extract_document
from pipeline.extract.identity import extract_identity
from pipeline.extract.metrics import extract_metrics
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.ingest.normalize import normalize
from pipeline.ingest.reader import read_document
from pipeline.segment.sections import segment_sections

DEV = Path(__file__).parents[1] / "fixtures" / "dev"
RENDERINGS = ("text", "variants/plumber", "variants/layout")
TABLE_ONLY = {"income_gpb"}


def _gold(path: Path) -> dict:
    return json.loads((DEV / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))


def _reports(rendering: str) -> list[Path]:
    return sorted((DEV / rendering).glob("*.txt"))


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_identity_is_exact(rendering):
    for path in _reports(rendering):
        gold = _gold(path)
        ident = extract_identity(normalize(path.read_text(encoding="utf-8")).text)
        assert (ident.fiscal_year, ident.department_name) == (gold["fiscal_year"], gold["department"]), path.stem
        assert {"province": ident.province, "city": ident.city, "county": ident.county} == gold["region"], path.stem


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_metrics_match_the_gold(rendering):
    tp = fp = fn = 0
    misses = []
    for path in _reports(rendering):
        text = normalize(path.read_text(encoding="utf-8")).text
        got: dict[str, Decimal] = {}
        for fact in extract_metrics(text, segment_sections(text), load_vocabulary()).facts:
            got.setdefault(fact.metric_code, fact.value)
        gold = {c: Decimal(f["value"]) for c, f in _gold(path)["metrics"].items() if c not in TABLE_ONLY}
        for code, value in gold.items():
            if got.get(code) == value:
                tp += 1
            else:
                fn += 1
                misses.append(f"{path.stem} {code}: gold {value} got {got.get(code)}")
        extra = [c for c, v in got.items() if c not in TABLE_ONLY and gold.get(c) != v]
        fp += len(extra)
        misses += [f"{path.stem} extra {c}={got[c]}" for c in extra]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.98, "\n".join(misses)
    assert tp >= 100, "\n".join(misses)  # the three reports state 109 narrative figures


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_gpb_rows_of_the_explanation_match_the_gold(rendering):
    """The 具体情况 rows as the 说明 prints them: a 主要用于 description before the figures, names wrapped
    over lines (行政单位\n医疗（项）) — read from the narrative, not taken from the tables."""
    catalog = SubjectCatalog.load(Settings.from_env().reference_dir)
    for path in _reports(rendering):
        rows = extract_document(read_document(path), catalog).gpb_items
        got = sorted((r.section_name, r.item_name, r.amount, r.completion_rate_pct) for r in rows)
        gold = sorted((g["section_name"], g["item_name"], Decimal(g["amount"]),
                       Decimal(g["completion_rate_pct"]) if g.get("completion_rate_pct") else None)
                      for g in _gold(path)["gpb_items"])
        assert got == gold, path.stem


def test_a_figure_the_report_never_states_is_absent():
    """社会工作部 states no 三公 component: only the worded zero of the total."""
    text = normalize((DEV / "text" / "putuo_shehui_2024.txt").read_text(encoding="utf-8")).text
    codes = {f.metric_code for f in extract_metrics(text, segment_sections(text), load_vocabulary()).facts}
    assert "three_public_total" in codes
    assert not codes & {"outbound_expense", "vehicle_expense", "reception_expense", "official_vehicle_count"}
