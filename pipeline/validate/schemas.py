"""Pandera schemas for every staging table, and the split into valid rows and quarantine.

A row that breaks its schema is not dropped silently: it moves to the
``row_quarantine`` table with the check it failed and its evidence.
"""
from __future__ import annotations

from typing import Annotated

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.engines import polars_engine as pe

from pipeline.extract.frames import MONEY, QUARANTINE_SCHEMA
from pipeline.extract.statement_figures import statement_codes
from pipeline.extract.vocabulary import load_vocabulary
from pipeline.text.reasons import known_reason, reasons

Money = Annotated[pe.Decimal, MONEY.precision, MONEY.scale]
_TABLE_CODES, _COLUMN_CODES = (sorted(codes) for codes in statement_codes())
_VOCAB = load_vocabulary()
_UNITS = {code: m.unit for code, m in _VOCAB.metrics.items()}
_SIGNED = {code for code in _UNITS if code.startswith("yoy_")}
_DOC_COLUMNS = {"doc_id", "source_file"}
_REASON_CODES = list(reasons())


def _ordered_span(data: PolarsData) -> pl.LazyFrame:
    """Evidence offsets, where known, span at least one character."""
    return data.lazyframe.select(pl.col("evidence_start").is_null() | (pl.col("evidence_end") > pl.col("evidence_start")))


class _Provenance(pa.DataFrameModel):
    doc_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    source_file: str
    section_path: str = pa.Field(nullable=True)
    evidence: str = pa.Field(str_length={"min_value": 1})
    evidence_start: int = pa.Field(ge=0)
    evidence_end: int = pa.Field(ge=0)
    page: pl.Int32 = pa.Field(nullable=True, ge=1)

    @pa.dataframe_check
    def evidence_span_is_ordered(cls, data: PolarsData) -> pl.LazyFrame:
        return _ordered_span(data)


class DocumentSchema(pa.DataFrameModel):
    doc_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    source_file: str = pa.Field(unique=True)
    status: str = pa.Field(isin=["loaded", "quarantined", "ignored"])
    reason_code: str = pa.Field(nullable=True, isin=_REASON_CODES)
    quarantine_reason: str = pa.Field(nullable=True)
    fiscal_year: pl.Int32 = pa.Field(nullable=True, in_range={"min_value": 2000, "max_value": 2100})

    @pa.dataframe_check
    def quarantined_rows_say_why(cls, data: PolarsData) -> pl.LazyFrame:
        said = pl.col("quarantine_reason").is_not_null() & pl.col("reason_code").is_not_null()
        return data.lazyframe.select((pl.col("status") == "loaded") | said)


class MetricStatementSchema(_Provenance):
    metric_code: str = pa.Field(isin=sorted(_UNITS))
    value: Money
    unit: str = pa.Field(isin=["wan_yuan", "pct", "count"])
    statement: pl.Int32 = pa.Field(ge=1)
    source: str = pa.Field(isin=["narrative", "table"])
    evidence_start: int = pa.Field(nullable=True, ge=0)  # a cell read from a PDF page has no text offsets
    evidence_end: int = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check
    def narrative_statements_have_offsets(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("source") == "table") | pl.col("evidence_start").is_not_null())

    class Config:
        unique = ["doc_id", "metric_code", "statement"]

    @pa.dataframe_check
    def unit_is_the_codes_unit(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("unit") == pl.col("metric_code").replace_strict(_UNITS, default=""))

    @pa.dataframe_check
    def only_changes_are_negative(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("value") >= 0) | pl.col("metric_code").is_in(sorted(_SIGNED)))

    @pa.dataframe_check
    def counts_are_whole(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("unit") != "count") | (pl.col("value").round(0) == pl.col("value")))


class GpbItemSchema(_Provenance):
    item_name: str = pa.Field(str_length={"min_value": 1})
    amount_wan_yuan: Money = pa.Field(ge=0)
    completion_rate_pct: Money = pa.Field(nullable=True, ge=0)
    budget_wan_yuan: Money = pa.Field(nullable=True, ge=0)
    class_code: str = pa.Field(nullable=True, str_matches=r"^\d{3}$")
    section_code: str = pa.Field(nullable=True, str_matches=r"^\d{2}$")
    item_code: str = pa.Field(nullable=True, str_matches=r"^\d{2}$")


class EconomicItemSchema(_Provenance):
    group_name: str = pa.Field(isin=["人员经费", "公用经费"])
    item_name: str = pa.Field(str_length={"min_value": 1})
    amount_wan_yuan: Money = pa.Field(ge=0)


class ProjectSchema(_Provenance):
    project_name: str = pa.Field(str_length={"min_value": 1})
    budget_wan_yuan: Money = pa.Field(nullable=True, ge=0)
    actual_wan_yuan: Money = pa.Field(nullable=True, ge=0)

    class Config:
        unique = ["doc_id", "project_seq"]


class IndicatorSchema(_Provenance):
    project_name: str
    target_op: str = pa.Field(nullable=True, isin=[">=", "<=", "=", ">", "<"])
    achieved: bool = pa.Field(nullable=True)


class PerformanceScoreSchema(_Provenance):
    subject: str = pa.Field(str_length={"min_value": 1})
    score: Money = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100})


class _CellProvenance(pa.DataFrameModel):
    doc_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    source_file: str
    table_code: str = pa.Field(isin=_TABLE_CODES)
    table_title: str = pa.Field(str_length={"min_value": 1})
    row_code: str = pa.Field(nullable=True, str_matches=r"^\d{3,7}$")
    row_name: str
    page: pl.Int32 = pa.Field(nullable=True, ge=1)
    line: pl.Int32 = pa.Field(nullable=True, ge=1)
    evidence: str = pa.Field(str_length={"min_value": 1})
    evidence_start: int = pa.Field(nullable=True, ge=0)
    evidence_end: int = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check
    def evidence_span_is_ordered(cls, data: PolarsData) -> pl.LazyFrame:
        return _ordered_span(data)


class StatementCellSchema(_CellProvenance):
    column_code: str = pa.Field(isin=_COLUMN_CODES)
    column_title: str
    value: Money
    how: str = pa.Field(isin=["printed", "position", "arithmetic", "cross_table"])
    economic_group: str = pa.Field(nullable=True, isin=["人员经费", "公用经费"])

    @pa.dataframe_check
    def a_cell_has_a_row_code_or_name(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("row_code").is_not_null() | (pl.col("row_name").str.len_chars() > 0))


class SetAsideCellSchema(_CellProvenance):  # a set-aside row may have no name (the 三公 table's one row)
    numbers: str = pa.Field(str_length={"min_value": 1})
    reason_code: str = pa.Field(isin=_REASON_CODES)
    reason: str = pa.Field(str_length={"min_value": 1})


class StatementTableSchema(pa.DataFrameModel):
    doc_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    table_code: str = pa.Field(isin=_TABLE_CODES)
    table_title: str = pa.Field(str_length={"min_value": 1})
    status: str = pa.Field(isin=["data", "empty", "listed_missing"])
    page: pl.Int32 = pa.Field(nullable=True, ge=1)
    unit: str = pa.Field(isin=["万元", "元"])


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "documents": DocumentSchema,
    "metric_statements": MetricStatementSchema,
    "gpb_items": GpbItemSchema,
    "economic_items": EconomicItemSchema,
    "projects": ProjectSchema,
    "indicators": IndicatorSchema,
    "performance_scores": PerformanceScoreSchema,
    "statement_tables": StatementTableSchema,
    "statement_cells": StatementCellSchema,
    "set_aside_cells": SetAsideCellSchema,
}


def check_reason(check: str) -> str:
    """The reason code of a failed check as pandera names it (``isin([...])`` → ``row_isin``); one code per
    check, whatever its arguments, so rows group by the rule they broke."""
    return known_reason("row_" + check.split("(", 1)[0])


def validate_frames(frames: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """(valid rows per table, quarantined rows with the reason they failed)."""
    valid: dict[str, pl.DataFrame] = {}
    rejected: list[pl.DataFrame] = []
    for table, frame in frames.items():
        valid[table], bad = _split(table, frame)
        rejected.append(bad)
    return valid, pl.concat(rejected) if rejected else pl.DataFrame(schema=QUARANTINE_SCHEMA)


# Empty frames known to pass, by table and columns: with no row to check, the outcome is its columns'
# alone, and a schema check costs the same for no rows as for many (most documents fill no statement table).
_VALID_EMPTY: set[tuple] = set()


def _split(table: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    shape = (table, tuple(frame.schema.items())) if frame.is_empty() else None
    try:
        if shape not in _VALID_EMPTY:
            SCHEMAS[table].validate(frame, lazy=True)
        if shape:
            _VALID_EMPTY.add(shape)
        return frame, pl.DataFrame(schema=QUARANTINE_SCHEMA)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    row_cases = cases.filter(pl.col("index").is_not_null())
    table_wide = cases.filter(pl.col("index").is_null())
    if table_wide.height:  # a wrong column type: the whole table is unusable, say so loudly
        raise TypeError(f"{table}: {table_wide.select('column', 'check').rows()}")
    failed = (row_cases.with_columns(pl.col("check").map_elements(check_reason, return_dtype=pl.String).alias("code"))
              .group_by("index")  # "failed", not "reason": a staged table may have a reason column
              .agg(pl.format("{} failed {}", pl.col("column").fill_null("row"), pl.col("check"))
                   .str.join("; ").alias("failed"), pl.col("code").min().alias("failed_code")))
    indexed = frame.with_row_index("index").with_columns(pl.col("index").cast(pl.Int32))
    bad = indexed.join(failed, on="index", how="inner")
    keep = indexed.join(failed, on="index", how="anti").drop("index")
    evidence = pl.col("evidence") if "evidence" in frame.columns else pl.lit(None, pl.String)
    quarantine = bad.select(pl.lit(table).alias("table_name"), "doc_id", "source_file",
                            pl.col("failed_code").alias("reason_code"),
                            pl.format("{}: {}", pl.lit(table), pl.col("failed")).alias("reason"),
                            evidence.alias("evidence"))
    return keep, quarantine
