"""Benchmark: speed and memory of the pipeline on many documents.

    python -m pipeline.benchmark [--copies 200]

Makes ``copies`` distinct documents from the samples (each copy's bytes
differ, so none is a duplicate), then times each stage cold (empty cache)
and the whole build warm (cache filled), and prints peak memory.
"""
from __future__ import annotations

import argparse
import dataclasses
import resource
import tempfile
import time
from pathlib import Path

from pipeline.config import Settings
from pipeline.load.warehouse import publish_warehouse
from pipeline.run import discover, extract_folder, stage_tables


def make_corpus(target: Path, copies: int, samples: list[Path]) -> int:
    """Write ``copies`` documents; return their total size in bytes."""
    total = 0
    for n in range(copies):
        source = samples[n % len(samples)]
        data = source.read_bytes() + f"\n（副本{n}）\n".encode()
        (target / f"{n:05d}_{source.name}").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    base = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = root / "raw"
        raw.mkdir()
        size = make_corpus(raw, args.copies, discover(base.raw_dir))
        settings = dataclasses.replace(base, raw_dir=raw, warehouse=root / "budget.duckdb", cache_dir=root / "cache")
        timings = {}
        t0 = time.perf_counter()
        batch = extract_folder(discover(raw), settings)
        timings["extract (cold)"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        tables = stage_tables(batch)
        timings["frames + validate + findings"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        publish_warehouse(tables, settings.warehouse, settings.reference_dir)
        timings["load + marts + publish"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        publish_warehouse(stage_tables(extract_folder(discover(raw), settings)), settings.warehouse,
                          settings.reference_dir)
        timings["whole build (warm cache)"] = time.perf_counter() - t0
    print(f"documents: {args.copies} ({size / 1e6:.1f} MB), loaded {len(batch.documents)}, "
          f"quarantined {len(batch.quarantined)}")
    for name, seconds in timings.items():
        print(f"{name:30s} {seconds:7.2f} s")
    cold = timings["extract (cold)"]
    print(f"extraction throughput          {args.copies / cold:7.1f} docs/s, {size / 1e6 / cold:.2f} MB/s")
    print(f"peak memory (RSS)              {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB")


if __name__ == "__main__":
    main()
