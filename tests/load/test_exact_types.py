"""Money and ratios are exact decimals in every mart: no column analysts read is a float."""
from __future__ import annotations

import duckdb


def test_no_mart_column_is_a_float(samples_warehouse):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        floats = con.execute("select table_name, column_name, data_type from duckdb_columns() "
                             "where schema_name = 'marts' and data_type in ('DOUBLE', 'FLOAT', 'REAL')").fetchall()
        assert floats == []
        rate = con.execute("select achievement_rate_pct from marts.performance_achievement "
                           "where achievement_rate_pct is not null limit 1").fetchone()[0]
        assert type(rate).__name__ == "Decimal"
