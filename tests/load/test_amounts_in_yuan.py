"""An amount printed in 元 with fen reaches the marts exactly in 万元 (7237012.34元 = 723.701234万元), not rounded."""
from __future__ import annotations

from decimal import Decimal

import duckdb

from pipeline.config import Settings
from tests.conftest import REFERENCE_DIR, SAMPLES, build_warehouse, sample_text


def test_yuan_with_fen_is_exact_in_the_marts(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = sample_text(SAMPLES[0])
    assert "本年收入合计723.70万元" in text
    (raw / "yuan.txt").write_text(text.replace("本年收入合计723.70万元", "本年收入合计7237012.34元"), encoding="utf-8")
    settings = Settings(raw, tmp_path / "warehouse" / "budget.duckdb", REFERENCE_DIR, tmp_path / "cache")
    build_warehouse(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        value = con.execute("select value from marts.department_metrics where metric_code = 'income_total'").fetchone()
    assert value == (Decimal("723.701234"),)
