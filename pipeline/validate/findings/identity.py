"""单位信息: the report's year and the unit's name (单位称谓) on its headings and in its text.

Table titles and part headings (…2024年度部门决算表) with a placeholder (XX局) or
another year than the report's; the unit's name written otherwise than on the
cover (上海市普陀区规划与自然资源局 for …规划和自然资源局, 普陀区 left out); a
placeholder left in the 说明's sentences.
"""
from __future__ import annotations

import difflib
import re
from decimal import Decimal

from pipeline.extract.records import Span
from pipeline.ingest.reader import page_at
from pipeline.segment.lines import line_matches
from pipeline.validate.findings.outcomes import Figures, finding, findings_vocabulary

PLACEHOLDER = re.compile(r"[XxＸｘ×]{2,}|某某")
YEAR = re.compile(r"(20\d{2})\s*年")
# A part heading of the report on a line of its own: [第二部分] <department> 2024 年度部门决算[表|情况说明]
HEADING = re.compile(r"^[^\S\n]*+(?:第[一二三四五六七八九十]+部分)?[^\S\n]*+(?P<name>[^\n。，；：:（(]{0,40}?)[^\S\n]*"
                     r"(?P<year>20\d{2})[^\S\n]*年度?[^\S\n]*部门决算(?:表|情况说明|情况)?[^\S\n]*$", re.M)
# How alike a written name must be to the unit's to be a slip of it rather than another body's name.
SAME_NAME_RATIO = 0.85


def identity(d: Figures) -> list[dict]:
    return [*_headings(d), *_unit_names(d), *_placeholders(d)]


def _placeholders(d: Figures) -> list[dict]:
    """A template's placeholder (XX局, 某某) left in the 说明's sentences."""
    text = d.doc.normalized.text
    rows = []
    for section in d.doc.sections:
        if section.part != "explanation" or section.end <= section.start:
            continue
        for m in PLACEHOLDER.finditer(text, section.start, section.end):
            around = Span(max(m.start() - 15, section.start), min(m.end() + 15, section.end))
            rows.append(finding(d, "placeholder_text", f"文中含模板占位符“{m.group(0)}”", d.said(around)))
    return rows


def _headings(d: Figures) -> list[dict]:
    ident = d.doc.identity
    headings = [(t.table_title, _on_page(t.evidence or t.table_title, t.page), None) for t in d.doc.statement_tables]
    headings += [(m.group(0).strip(), _on_page(m.group(0).strip(), page_at(d.doc.page_starts, m.start())), m.group("name"))
                 for m in line_matches(HEADING, d.doc.normalized.original, ("部门决算",))]
    rows = []
    for heading, evidence, name in headings:
        if PLACEHOLDER.search(heading):
            rows.append(finding(d, "report_heading", f"标题含占位符：{heading}", evidence))
        for year in sorted({int(y) for y in YEAR.findall(heading)} - {ident.fiscal_year}) if ident.fiscal_year else ():
            rows.append(finding(d, "report_heading", f"标题年度{year}与决算年度{ident.fiscal_year}不符：{heading}",
                                evidence, severity="error", expected=Decimal(ident.fiscal_year), stated=Decimal(year)))
        name = re.sub(r"\s+", "", name or "")
        if name and ident.department_name and not PLACEHOLDER.search(name) and name != ident.department_name:
            rows.append(finding(d, "report_heading", f"标题单位名称与封面（{ident.department_name}）不符：{heading}",
                                evidence))
    return rows


def _on_page(evidence: str, page: int | None) -> str:
    return f"{evidence}（第{page}页）" if page else evidence


def _unit_names(d: Figures) -> list[dict]:
    """Names in the 说明 that begin and end as the unit's does and differ from it by a character or two."""
    unit = d.doc.identity.department_name
    if not unit or len(unit) < 5:
        return []
    text = re.sub(r"\s+", "", d.doc.normalized.text)
    written = set()
    for m in re.finditer(re.escape(unit[:2]), text):
        for length in range(len(unit) - 3, len(unit) + 3):
            candidate = text[m.start():m.start() + length]
            if candidate.endswith(unit[-1]) and candidate != unit and candidate not in unit \
                    and difflib.SequenceMatcher(None, candidate, unit).ratio() >= SAME_NAME_RATIO:
                written.add(candidate)
    return [finding(d, "unit_name", f"单位名称写作“{name}”，与封面“{unit}”不一致", _where(d, name),
                    severity="error" if _surely_a_slip(name, unit, text) else "warning")
            for name in sorted(written)]


def _surely_a_slip(name: str, unit: str, text: str) -> bool:
    """A name that titles the report (…2024年度部门决算), or differs from the unit's only in a joining
    word (与 for 和), is the unit's own; any other may be another body the 说明 mentions (a municipal
    bureau beside the district's): a warning."""
    if re.search(re.escape(name) + r"20\d{2}年度?部门决算", text):
        return True
    joiners = findings_vocabulary()["unit_name_joiners"]
    ops = difflib.SequenceMatcher(None, name, unit).get_opcodes()
    return all(tag == "equal" or tag == "replace" and name[i1:i2] in joiners and unit[j1:j2] in joiners
               for tag, i1, i2, j1, j2 in ops)


def _where(d: Figures, name: str) -> str:
    """The first sentence that writes the name (line breaks and spaces between its characters allowed)."""
    text = d.doc.normalized.text
    m = re.search(r"\s*".join(map(re.escape, name)), text)
    return d.said(Span(m.start(), min(m.end() + 30, len(text)))) if m else name
