"""The records extraction produces, one dataclass per warehouse fact kind.

Spans are offsets into the *normalised* text of the document; the document
assembler (extract.document) turns them into quotes of the original text, so
every fact can be traced to the sentence that states it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.text.reasons import known_reason


@dataclass(frozen=True)
class Span:
    """Half-open [start, end) range of normalised text that states a fact."""

    start: int
    end: int


@dataclass
class MetricFact:
    """One stated value of a metric code (metrics.yaml), with its sentence."""

    metric_code: str
    value: Decimal
    unit: str  # wan_yuan | pct | count
    span: Span
    section_kind: str = ""
    section_title: str = ""
    statement: int = 1  # 1 = first statement in the document; later ones are restatements


@dataclass
class StatedShare:
    """A share printed for a figure that has no share code of its own (…，占21.36%).

    Kept as stated so the findings can recompute it against its total.
    """

    of_code: str
    value: Decimal
    span: Span


@dataclass
class ClassTotal:
    """A 功能分类 类 total of the 支出决算结构 paragraph (一般公共服务（类）支出642.36万元)."""

    class_name: str
    amount: Decimal
    span: Span
    class_key: str = ""  # the 类 as SubjectCatalog.class_key names it, to match item rows
    share_pct: Decimal | None = None  # 占 x% printed after it


@dataclass
class GpbItem:
    """一般公共预算财政拨款支出决算具体情况: one 功能分类 项 row."""

    class_name: str | None
    section_name: str | None
    item_name: str
    amount: Decimal
    span: Span
    class_code: str | None = None
    section_code: str | None = None
    item_code: str | None = None
    completion_rate_pct: Decimal | None = None
    budget: Decimal | None = None
    subject_code: str | None = None  # 7-digit 功能分类 code from printed codes or the reference table
    class_key: str = ""  # the 类 as SubjectCatalog.class_key names it


@dataclass
class EconomicItem:
    """基本支出 by 经济分类 where an amount is printed (基本工资142.62万元)."""

    group_name: str  # 人员经费 | 公用经费 (as printed: 日常公用经费 → 公用经费 group)
    item_name: str
    amount: Decimal
    span: Span
    economic_code: str | None = None


@dataclass
class Indicator:
    """One row of a 绩效指标 table, text as printed (blank levels carried down)."""

    level1: str | None
    level2: str | None
    level3: str | None
    target_text: str | None
    actual_text: str | None
    span: Span
    # Parsed target/actual (extract.performance fills these; None = not parseable)
    target_op: str | None = None  # >= <= = > <
    target_value: Decimal | None = None
    target_unit: str | None = None
    target_category: str | None = None  # qualitative targets: 按时完成, 合格, 良好 …
    actual_value: Decimal | None = None
    actual_unit: str | None = None
    achieved: bool | None = None
    achieved_reason: str | None = None


@dataclass
class Project:
    """One 项目(支出)绩效目标完成情况表."""

    project_name: str
    span: Span
    budget_unit: str | None = None
    budget: Decimal | None = None
    actual: Decimal | None = None
    fiscal_budget: Decimal | None = None
    fiscal_actual: Decimal | None = None
    other_budget: Decimal | None = None
    other_actual: Decimal | None = None
    goal_expected: str | None = None
    goal_actual: str | None = None
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class PerformanceScore:
    """A reported self-evaluation score (绩效自评得分为97分) or narrative summary."""

    subject: str
    span: Span
    score: Decimal | None = None
    budget: Decimal | None = None
    actual: Decimal | None = None
    execution_rate_pct: Decimal | None = None


@dataclass(frozen=True)
class StatementCell:
    """One printed cell of a standard table (部门决算公开表), coded by vocabulary/tables.yaml.

    Tables are read from the page layout or from the original text's lines, so
    the evidence is quoted directly: the row as printed, with its offsets in the
    original text (or in the PDF's page text) where it can be located.
    """

    table_code: str  # tables.yaml code, or "other"
    table_title: str  # as printed
    row_code: str | None  # classification code as digits (2080505, 30101); None for 合计, 总计 …
    row_name: str  # as printed, without ordinal, （类）（款）（项） and line breaks
    column_code: str  # tables.yaml column code, or "other"
    column_title: str  # the header as printed (line breaks removed)
    value: Decimal  # in 万元, exact
    evidence: str  # the row as printed
    evidence_start: int | None = None  # offsets of ``evidence`` in the original text
    evidence_end: int | None = None
    page: int | None = None  # 1-based page of the PDF where known
    line: int | None = None  # 1-based line of the original text where known
    row_number: int = 0  # position of the row in its table, from 1
    how: str = "printed"  # printed | position | arithmetic | cross_table : how the column was determined


@dataclass(frozen=True)
class SetAsideCell:
    """Numbers of a table row whose column the reader could not determine (never guessed)."""

    table_code: str
    table_title: str
    row_code: str | None
    row_name: str
    numbers: str  # the row's undetermined numbers as printed
    reason: str
    evidence: str
    evidence_start: int | None = None
    evidence_end: int | None = None
    page: int | None = None
    line: int | None = None
    reason_code: str = field(kw_only=True)  # column_undetermined | column_no_fit | table_not_read (reasons.yaml)

    def __post_init__(self) -> None:
        known_reason(self.reason_code)


@dataclass(frozen=True)
class StatementTable:
    """A standard table found in the document: with data, printed empty (本表无数据), or listed but absent."""

    table_code: str
    table_title: str
    status: str  # data | empty (本表无数据, or no number printed)
    page: int | None = None
    unit: str = "万元"  # the unit the table prints (单位：元 tables are converted to 万元)
    evidence: str = ""
    start: int | None = None  # where the table stands in the original text (title to last row), where known
    end: int | None = None
