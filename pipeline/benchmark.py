"""Benchmark: speed and memory of the pipeline on many documents.

    python -m pipeline.benchmark [--copies 1000 10000] [--pdfs DIR]

For each corpus size, makes ``copies`` distinct documents from the samples
(each copy's bytes differ, so none is a duplicate), then times each stage
cold (empty cache) and the whole build warm (cache filled), and prints peak
memory of the process tree. PDF input is timed on its own: pages per second
of reading the PDFs in ``--pdfs`` (text and layout tables), on one core and
on all cores, and the standard-table reader's share of extracting the dev
reports (their PDFs and text renderings).
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

import cn2an
import pypdfium2 as pdfium

from pipeline.config import PROJECT_ROOT, Settings
from pipeline.extract.document import extract_document
from pipeline.extract.identity import extract_identity
from pipeline.extract.statement_tables import read_statement_tables
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.normalize import normalize
from pipeline.ingest.reader import RawDocument, read_document
from pipeline.load.warehouse import publish_warehouse
from pipeline.run import discover, extract_folder, stage_tables


def make_corpus(target: Path, copies: int, samples: list[Path]) -> int:
    """Write ``copies`` distinct reports (each sample's department renamed per copy, so none is a duplicate
    nor a second report of the same department and year); return their total size in bytes."""
    texts = [path.read_text(encoding="utf-8") for path in samples]
    names = [_printed_names(text) for text in texts]
    total = 0
    for n in range(copies):
        text = texts[n % len(texts)]
        for name in names[n % len(texts)]:  # 第N inserted before the organ word: 县委第十二办公室
            text = text.replace(name, f"{name[:-3]}第{cn2an.an2cn(n + 1)}{name[-3:]}")
        data = text.encode()
        (target / f"{n:05d}_{samples[n % len(samples)].name}").write_bytes(data)
        total += len(data)
    return total


def _printed_names(text: str) -> list[str]:
    """The department's names as the report prints them: the identified name and the cover's title line."""
    names = [extract_identity(normalize(text).text).department_name or ""]
    lines = [line.strip() for line in text.splitlines()]
    cover = next((i for i, line in enumerate(lines) if line.endswith("部门决算")), 0)
    if cover > 0:
        names.append(lines[cover - 1])
    return sorted({name for name in names if len(name) > 3 and name in text}, key=len, reverse=True)


def pdf_pages_per_second(pdfs: list[Path], workers: int) -> float:
    """Pages read per second (text and layout tables) with ``workers`` processes, each reading every PDF."""
    pages = sum(len(pdfium.PdfDocument(path)) for path in pdfs) * workers
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(read_document, pdfs * workers))
    return pages / (time.perf_counter() - t0)


def table_reader_share(paths: list[Path], catalog: SubjectCatalog) -> tuple[float, float]:
    """(seconds in the table reader, seconds extracting the whole documents) over ``paths``, already read."""
    raws = [raw for raw in map(read_document, paths) if isinstance(raw, RawDocument)]
    t0 = time.perf_counter()
    for raw in raws:
        read_statement_tables(raw.text, raw.layout_tables, raw.page_starts)
    tables = time.perf_counter() - t0
    t0 = time.perf_counter()
    for raw in raws:
        extract_document(raw, catalog)
    return tables, time.perf_counter() - t0


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its largest finished child (the extraction workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pdfs", type=Path, default=PROJECT_ROOT / "tests" / "fixtures" / "dev" / "pdf")
    args = parser.parse_args()
    base = Settings.from_env()
    for copies in args.copies:
        bench_corpus(base, copies)
    pdfs = sorted(args.pdfs.glob("*.pdf"))
    if pdfs:
        for workers in sorted({1, os.cpu_count() or 1}):
            label = f"PDF read ({workers} core{'s' if workers > 1 else ''})"
            print(f"{label:30s} {pdf_pages_per_second(pdfs, workers):7.1f} pages/s, text and tables of {len(pdfs)} PDFs")
        texts = sorted(args.pdfs.parent.glob("text/*.txt")) + sorted(args.pdfs.parent.glob("variants/*/*.txt"))
        catalog = SubjectCatalog.load(base.reference_dir)
        for label, paths in (("PDFs", pdfs), ("text renderings", texts)):
            tables, whole = table_reader_share(paths, catalog)
            print(f"table reader share ({label})".ljust(30) + f" {100 * tables / whole:6.1f} % of extraction "
                  f"({tables:.2f} of {whole:.2f} s, PDF reading not counted)")
    print(f"peak memory (RSS, process tree) {peak_rss_mb():6.0f} MB")


def bench_corpus(base: Settings, copies: int) -> None:
    """Cold and warm builds of ``copies`` distinct sample-made documents, stage by stage."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = root / "raw"
        raw.mkdir()
        size = make_corpus(raw, copies, discover(base.raw_dir))
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
    print(f"documents: {copies} ({size / 1e6:.1f} MB), loaded {len(batch.documents)}, "
          f"quarantined {len(batch.quarantined)}")
    for name, seconds in timings.items():
        print(f"{name:30s} {seconds:7.2f} s")
    cold = timings["extract (cold)"]
    print(f"extraction throughput          {copies / cold:7.1f} docs/s, {size / 1e6 / cold:.2f} MB/s")
    print(f"peak memory (RSS, process tree) {peak_rss_mb():6.0f} MB")


if __name__ == "__main__":
    main()
