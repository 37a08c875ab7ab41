"""Benchmark: speed and memory of the pipeline on many documents.

    python -m pipeline.benchmark [--copies 200] [--pdfs DIR]

Makes ``copies`` distinct documents from the samples (each copy's bytes
differ, so none is a duplicate), then times each stage cold (empty cache)
and the whole build warm (cache filled), and prints peak memory. PDF input
is timed on its own: pages per second of reading the PDFs in ``--pdfs``
(text and layout tables), on one core and on all cores.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.config import PROJECT_ROOT, Settings
from pipeline.ingest.reader import read_document
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


def pdf_pages_per_second(pdfs: list[Path], workers: int) -> float:
    """Pages read per second (text and layout tables) with ``workers`` processes, each reading every PDF."""
    pages = sum(len(pdfium.PdfDocument(path)) for path in pdfs) * workers
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(read_document, pdfs * workers))
    return pages / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--pdfs", type=Path, default=PROJECT_ROOT / "tests" / "fixtures" / "dev" / "pdf")
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
    pdfs = sorted(args.pdfs.glob("*.pdf"))
    if pdfs:
        for workers in sorted({1, os.cpu_count() or 1}):
            label = f"PDF read ({workers} core{'s' if workers > 1 else ''})"
            print(f"{label:30s} {pdf_pages_per_second(pdfs, workers):7.1f} pages/s, text and tables of {len(pdfs)} PDFs")
    print(f"peak memory (RSS)              {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB")


if __name__ == "__main__":
    main()
