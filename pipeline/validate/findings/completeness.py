"""完整性: the standard tables a 决算 report publishes, and a 空表说明 for each one printed empty.

A table printed empty must say why (本表无数据, or the 说明 says there is none);
a table that says 本表无数据 must print no number.
"""
from __future__ import annotations

import re
from functools import cache

from pipeline.extract.statement_figures import statement_codes
from pipeline.validate.findings.outcomes import Figures, finding, findings_vocabulary

STANDARD_TABLES = ("summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic", "three_public",
                   "gov_fund", "soe_capital")
# The tables that may be printed empty, each with the 说明 section that would say so.
MAY_BE_EMPTY = ("three_public", "gov_fund", "soe_capital")


@cache
def _empty_statement() -> re.Pattern:
    return re.compile(findings_vocabulary()["empty_table_statement"])


def completeness(d: Figures) -> list[dict]:
    return [*_table_presence(d), *_empty_table_statements(d), *_sections_present(d)]


def _sections_present(d: Figures) -> list[dict]:
    """The 说明 sections a 决算 report has (三公, 机关运行经费, 绩效), in a report whose 说明 was found."""
    kinds = {s.kind for s in d.doc.sections if s.part == "explanation"}
    if "overview" not in kinds:
        return []
    return [finding(d, "explanation_section_missing", f"未见“{title}”", "")
            for kind, title in findings_vocabulary()["required_sections"].items() if kind not in kinds]


def _table_presence(d: Figures) -> list[dict]:
    """A standard table listed but absent, or missing beside the others."""
    tables = d.doc.statement_tables
    if not tables:
        return []
    rows = []
    found = {t.table_code for t in tables if t.status != "listed_missing"}
    names, _ = statement_codes()
    for code in STANDARD_TABLES:
        if code not in found:
            listed = any(t.table_code == code for t in tables)
            rows.append(finding(d, "statement_table_missing",
                                f"{names[code]}：{'目录列出但正文未见' if listed else '未见此标准表'}",
                                next((t.evidence for t in tables if t.table_code == code), "")))
    return rows


def _empty_table_statements(d: Figures) -> list[dict]:
    """An empty table without its 空表说明 (under it or in its 说明 section), and a 本表无数据 over numbers."""
    original, text = d.doc.normalized.original, d.doc.normalized.text
    rows = []
    for table in d.doc.statement_tables:
        printed = original[table.start:table.end] if table.start is not None and table.end is not None else ""
        says_empty = "本表无数据" in re.sub(r"\s+", "", printed + table.evidence)
        if table.status == "empty" and table.table_code in MAY_BE_EMPTY and not says_empty \
                and not any(s.kind == table.table_code and s.part == "explanation"
                            and _empty_statement().search(re.sub(r"\s+", "", text[s.start:s.end])) for s in d.doc.sections):
            rows.append(finding(d, "empty_table_statement", f"{table.table_title}为空表，未见空表说明（如“本表无数据”）",
                                table.evidence or table.table_title))
        if table.status == "data" and says_empty and d.tables.cells.get(table.table_code):
            rows.append(finding(d, "empty_table_statement", f"{table.table_title}注明“本表无数据”，表中却印有数字",
                                table.evidence or table.table_title, severity="error"))
    return rows
