"""Each lake table's columns are declared once (pipeline.extract.frames.SCHEMAS and the mirror's tables);
the pandera schemas, the dbt staging models and the money type must agree with that declaration."""
from __future__ import annotations

import re

import polars as pl
import yaml
from pandera.engines import polars_engine as pe

from pipeline.config import PROJECT_ROOT
from pipeline.extract.frames import MONEY, SCHEMAS
from pipeline.lake.mirror import DOCUMENT_TABLES, definition_tables
from pipeline.validate import schemas as pandera_schemas

SQL = PROJECT_ROOT / "sql"


def _staging_columns() -> dict[str, list[str]]:
    """Staging model → its documented columns, by the table name it is built as (its alias)."""
    models = yaml.safe_load((SQL / "models" / "staging" / "_staging.yml").read_text(encoding="utf-8"))["models"]
    return {(m.get("config") or {}).get("alias", m["name"]): [c["name"] for c in m.get("columns", [])]
            for m in models}


def test_every_pandera_column_is_a_frame_column_of_the_same_type():
    assert pe.Engine.dtype(pl.Int32) != pe.Engine.dtype(pl.Int64)  # the comparison tells types apart
    assert set(pandera_schemas.SCHEMAS) == set(SCHEMAS)
    for table, model in pandera_schemas.SCHEMAS.items():
        for name, column in model.to_schema().columns.items():
            assert name in SCHEMAS[table], (table, name)
            assert column.dtype is None or column.dtype == pe.Engine.dtype(SCHEMAS[table][name]), (table, name)


def test_every_staging_model_documents_exactly_its_lake_tables_columns():
    staged = _staging_columns()
    tables = {**DOCUMENT_TABLES, **{name: frame.schema for name, frame in definition_tables().items()}}
    for table, schema in tables.items():
        assert table in staged, table
        assert set(staged[table]) == set(schema), (table, set(staged[table]) ^ set(schema))


def test_every_lake_table_is_a_dbt_source():
    sources = yaml.safe_load((SQL / "models" / "staging" / "_sources.yml").read_text(encoding="utf-8"))["sources"]
    [lake] = [s for s in sources if s["name"] == "lake"]
    assert {t["name"] for t in lake["tables"]} == {*DOCUMENT_TABLES, *definition_tables()}


def test_money_is_one_type_in_python_and_in_sql():
    macro = (SQL / "macros" / "money.sql").read_text(encoding="utf-8")
    assert re.search(r"macro money\(\)\s*-%}\s*decimal\((\d+), (\d+)\)", macro).groups() == (
        str(MONEY.precision), str(MONEY.scale))
    comments = re.compile(r"\{#.*?#\}|--[^\n]*", re.S)
    typed = [p.relative_to(SQL) for p in SQL.rglob("*.sql") if p.name != "money.sql"
             and re.search(r"decimal\(\s*20\s*,\s*6\s*\)", comments.sub("", p.read_text(encoding="utf-8")), re.I)]
    assert typed == []  # each writes {{ money() }}
