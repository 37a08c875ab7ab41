"""Publish the warehouse: build a new DuckDB file, then swap it in atomically.

DuckDB lets one writer block every reader, so the run never writes into the
published file: it builds ``<name>.building`` beside it and renames it over
the old one only when everything succeeded. Analysts keep reading the
previous warehouse meanwhile; a failed or killed run leaves it intact.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl

from pipeline.extract.vocabulary import load_vocabulary

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
LAYERS = ("staging", "core", "marts")


def sql_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    """SQL objects in build order: layer by layer; dims before facts; marts.documents first."""
    def order(path: Path) -> tuple[int, int, str]:
        layer = LAYERS.index(path.parent.name)
        first = 0 if path.stem in ("documents",) or path.stem.startswith("dim_") else 1
        return layer, first, path.stem
    return sorted((p for layer in LAYERS for p in (sql_dir / layer).glob("*.sql")), key=order)


def metric_definitions() -> pl.DataFrame:
    vocab = load_vocabulary()
    return pl.DataFrame([{"metric_code": m.code, "metric_name_zh": m.name_zh, "unit": m.unit,
                          "metric_group": vocab.group_of(m.code)} for m in vocab.metrics.values()])


def publish_warehouse(tables: dict[str, pl.DataFrame], target: Path, reference_dir: Path,
                      sql_dir: Path = SQL_DIR) -> Path:
    """Build every layer from the staging frames into a new file and publish it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(target.name + ".building")
    building.unlink(missing_ok=True)
    frames = {**tables, "metric_definitions": metric_definitions()}
    with duckdb.connect(str(building)) as con:
        for layer in LAYERS:
            con.execute(f"create schema {layer}")
        con.execute("set variable reference_dir = ?", [str(reference_dir)])
        for name, frame in frames.items():
            con.register(f"frame_{name}", frame)
        for path in sql_files(sql_dir):
            try:
                con.execute(path.read_text(encoding="utf-8"))
            except duckdb.Error as exc:
                raise RuntimeError(f"{path.relative_to(sql_dir.parent)}: {exc}") from exc
        for name in frames:
            con.unregister(f"frame_{name}")
        con.execute("checkpoint")
    os.replace(building, target)
    return target
