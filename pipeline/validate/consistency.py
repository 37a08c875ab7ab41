"""Consistency findings (勾稽): do the figures and words a document states agree with each other?

Every rule of every family (pipeline/validate/findings) on every document: a
pass, a finding (fail) or ``insufficient_data`` where a figure is not stated.
Each outcome carries its rule family (findings.yaml), so an auditor can take
the findings by kind: 表内勾稽, 表间勾稽, 说明与表, 文字表述, 完整性, 单位信息.
"""
from __future__ import annotations

import polars as pl

from pipeline.extract.document import ExtractedDocument
from pipeline.validate.findings.across_tables import between_tables
from pipeline.validate.findings.arithmetic import narrative_arithmetic, table_arithmetic
from pipeline.validate.findings.completeness import completeness
from pipeline.validate.findings.identity import identity
from pipeline.validate.findings.narrative import narrative_vs_tables
from pipeline.validate.findings.outcomes import Figures, findings_vocabulary
from pipeline.validate.findings.wording import wording

FINDING_SCHEMA = {"doc_id": pl.String, "source_file": pl.String, "rule_id": pl.String, "rule_family": pl.String,
                  "rule_family_zh": pl.String, "description": pl.String, "status": pl.String, "severity": pl.String,
                  "expected": pl.Decimal(20, 6), "stated": pl.Decimal(20, 6), "difference": pl.Decimal(20, 6),
                  "evidence": pl.String}
FAMILIES = (narrative_arithmetic, table_arithmetic, between_tables, narrative_vs_tables, wording, completeness,
            identity)


def consistency_findings(docs: list[ExtractedDocument]) -> pl.DataFrame:
    """Every rule on every document: pass, fail or insufficient_data, with its family."""
    vocab = findings_vocabulary()
    rows: list[dict] = []
    for doc in docs:
        figures = Figures.of(doc)
        for family in FAMILIES:
            for row in family(figures):
                code = vocab["rules"][row["rule_id"]]  # a rule without a family is a mistake, not a silent row
                rows.append({**row, "rule_family": code, "rule_family_zh": vocab["families"][code]})
    return pl.DataFrame(rows, schema=FINDING_SCHEMA, orient="row")
