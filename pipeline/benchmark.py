"""Benchmark: speed and memory of the pipeline on many documents.

    python -m pipeline.benchmark [--copies 1000 10000] [--jieba-sample 1000] [--pdfs DIR]

For each corpus size, makes ``copies`` distinct documents from the samples
(each copy's bytes differ, so none is a duplicate), then runs the README's
run command (``python -m pipeline run``) as its own process: cold (empty
lake), warm with nothing changed, one report added, one changed, one
removed; each with its wall time, the stages it reports, docs/s, and the
peak resident memory of its whole process tree (sampled from /proc), next
to plain single-core ``jieba.lcut`` over the same text timed in the same
run. PDF input is timed on its own: pages per second
of reading the PDFs in ``--pdfs`` (text and layout tables), on one core and
on all cores, and the standard-table reader's share of extracting the dev
reports (their PDFs and text renderings).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import cn2an
import pypdfium2 as pdfium

from pipeline.config import PROJECT_ROOT, Settings
from pipeline.extract.document import extract_document
from pipeline.extract.identity import extract_identity
from pipeline.extract.tables import read_statement_tables
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.normalize import normalize
from pipeline.ingest.reader import RawDocument, read_document
from pipeline.run import discover


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


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled from /proc while it runs."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every, self.peak_kb = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(map(_rss_kb, _tree(self.pid))))
            self._stop.wait(self.every)

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Measured:
    wall: float
    peak_mb: float
    stages: dict[str, float]
    output: str


_STAGE_LINE = re.compile(r"^([^:\n]+): \S+ \w+s in ([\d.]+) s", re.M)


def measure(command: list[str], env: dict[str, str]) -> Measured:
    """Run a command as its own process; wall time, peak RSS of its process tree, and the stages it reports."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    memory = TreeMemory(process.pid)
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    peak = memory.stop()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return Measured(wall, peak, {name: float(s) for name, s in _STAGE_LINE.findall(output)}, output)


JIEBA = """
import sys, time, jieba
jieba.initialize()
files = sys.argv[1:]
t0 = time.perf_counter()
for f in files:
    jieba.lcut(open(f, encoding="utf-8").read())
print(time.perf_counter() - t0)
"""


def jieba_seconds(paths: list[Path], env: dict[str, str], sample: int) -> tuple[float, int]:
    """Single-core ``jieba.lcut`` over the full text of ``paths``: measured on the first ``sample`` files,
    scaled by bytes to all of them. Returns (seconds, files measured)."""
    measured = paths[:sample]
    out = subprocess.run([sys.executable, "-c", JIEBA, *map(str, measured)], env=env, check=True,
                         capture_output=True, text=True).stdout
    seconds = float(out.strip().splitlines()[-1])
    total, part = (sum(p.stat().st_size for p in group) for group in (paths, measured))
    return seconds * total / part, len(measured)


SENSOR_TICK = """
import json, sys, time
from pathlib import Path
import dagster as dg
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.defs.sensors import raw_folder_sensor
raw, cache = Path(sys.argv[1]), Path(sys.argv[2])
settings = PipelineSettings(raw_dir=str(raw), warehouse=str(cache / "w.duckdb"), reference_dir=str(raw),
                            cache_dir=str(cache))
with dg.instance_for_test() as instance:
    def tick(cursor):
        context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"pipeline_settings": settings})
        t0 = time.perf_counter()
        result = raw_folder_sensor(context)
        return result, time.perf_counter() - t0
    first, first_s = tick(None)
    instance.add_dynamic_partitions(documents_partitions.name, sorted(p.name for p in raw.iterdir()))
    same, same_s = tick(first.cursor)
    (raw / "new.txt").write_text("新")
    added, added_s = tick(same.cursor)
    print(json.dumps({"first": first_s, "unchanged": same_s, "one added": added_s,
                      "runs": [len(first.run_requests), len(same.run_requests or []), len(added.run_requests)]}))
"""


def sensor_ticks(files: int, env: dict[str, str]) -> dict:
    """Seconds of the sensor's evaluation over ``files`` small files: first (every file hashed), then unchanged
    and one file added (stat only, partitions known)."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, cache = Path(tmp) / "raw", Path(tmp) / "cache"
        raw.mkdir()
        for n in range(files):
            (raw / f"{n:06d}.txt").write_text(f"报告{n}")
        old = time.time() - 3600
        for path in raw.iterdir():
            os.utime(path, (old, old))
        out = subprocess.run([sys.executable, "-c", SENSOR_TICK, str(raw), str(cache)], env=env, check=True,
                             capture_output=True, text=True, cwd=PROJECT_ROOT).stdout
        return json.loads(out.strip().splitlines()[-1])


SHARD = """
import sys
from pathlib import Path
from pipeline.config import Settings
from pipeline.run import extract_folder
index, shards = int(sys.argv[1]), int(sys.argv[2])
settings = Settings.from_env()
files = sorted(settings.raw_dir.iterdir())[index::shards]
extract_folder(files, settings, workers=1)
"""


def shard_simulation(base: Settings, copies: int, shards: int) -> None:
    """Extraction spread over ``shards`` independent processes that share nothing but the lake (as machines
    would share an object store), then the warehouse build; its marts must equal a single run's."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = root / "raw"
        raw.mkdir()
        make_corpus(raw, copies, discover(base.raw_dir))
        env = {**os.environ, "BUDGET_RAW_DIR": str(raw), "BUDGET_CACHE_DIR": str(root / "cache"),
               "DAGSTER_HOME": str(root / "dagster_home"), "BUDGET_DASHBOARD_DIR": str(root / "dashboard")}
        started = time.perf_counter()
        workers = [subprocess.Popen([sys.executable, "-c", SHARD, str(n), str(shards)], env=env, cwd=PROJECT_ROOT)
                   for n in range(shards)]
        if any(w.wait() for w in workers):
            raise RuntimeError("a shard failed")
        extracted = time.perf_counter() - started
        sharded = measure(RUN, {**env, "BUDGET_WAREHOUSE": str(root / "sharded.duckdb")})
        single = measure(RUN, {**env, "BUDGET_WAREHOUSE": str(root / "single.duckdb"),
                               "BUDGET_CACHE_DIR": str(root / "single_cache")})
        counts = [_mart_counts(root / name) for name in ("sharded.duckdb", "single.duckdb")]
    print(f"\n{copies} reports in {shards} shards sharing only the lake: extraction {extracted:.1f} s, "
          f"then the build {sharded.wall:.1f} s; one run over all: {single.wall:.1f} s; "
          f"marts {'equal' if counts[0] == counts[1] else 'DIFFERENT'} ({sum(counts[0].values())} rows)")


def _mart_counts(warehouse: Path) -> dict[str, int]:
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        views = [v for (v,) in con.execute("select view_name from duckdb_views() where schema_name = 'marts'").fetchall()]
        return {v: con.execute(f"select count(*) from marts.{v}").fetchone()[0] for v in views}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jieba-sample", type=int, default=1000,
                        help="files of the corpus timed with plain jieba (scaled by bytes to the corpus)")
    parser.add_argument("--sensor-files", type=int, nargs="*", default=[10000, 100000],
                        help="folder sizes for timing a sensor tick")
    parser.add_argument("--shards", type=int, default=2, help="extraction processes of the shard simulation (0: none)")
    parser.add_argument("--pdfs", type=Path, default=PROJECT_ROOT / "tests" / "fixtures" / "dev" / "pdf")
    args = parser.parse_args()
    base = Settings.from_env()
    for copies in args.copies:
        bench_corpus(base, copies, args.jieba_sample)
    if args.shards:
        shard_simulation(base, min(args.copies), args.shards)
    for files in args.sensor_files:
        ticks = sensor_ticks(files, dict(os.environ))
        print(f"sensor tick over {files} files: first {ticks['first']:.1f} s (every file hashed), "
              f"unchanged {ticks['unchanged']:.2f} s, one file added {ticks['one added']:.2f} s")
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


RUN = [sys.executable, "-m", "pipeline", "run"]


def bench_corpus(base: Settings, copies: int, jieba_sample: int) -> None:
    """``python -m pipeline run`` (the README's run command) on ``copies`` distinct sample-made reports: cold,
    warm with nothing changed, one report added, one changed, one removed; beside plain jieba on the same text."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = root / "raw"
        raw.mkdir()
        samples = discover(base.raw_dir)
        size = make_corpus(raw, copies + 1, samples)
        spare = root / "spare.txt"
        last = sorted(raw.iterdir())[-1]
        last.rename(spare)  # report copies + 1, added in its turn
        env = {**os.environ, "BUDGET_RAW_DIR": str(raw), "BUDGET_WAREHOUSE": str(root / "warehouse" / "budget.duckdb"),
               "BUDGET_CACHE_DIR": str(root / "cache"), "DAGSTER_HOME": str(root / "dagster_home"),
               "BUDGET_DASHBOARD_DIR": str(root / "dashboard")}
        files = sorted(raw.iterdir())
        jieba, sampled = jieba_seconds(files, env, jieba_sample)
        print(f"\n{copies} reports ({size / 1e6:.1f} MB of text), {os.cpu_count()} cores", flush=True)
        print(f"plain jieba.lcut, 1 core: {jieba:7.1f} s (timed on {sampled} files, scaled by bytes)", flush=True)
        report = partial(_report, copies=copies, jieba=jieba)
        report("cold", measure(RUN, env))
        report("warm, nothing changed", measure(RUN, env))
        spare.rename(last)
        report("one report added", measure(RUN, env))
        changed = files[len(files) // 2]
        changed.write_text(changed.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
        report("one report changed", measure(RUN, env))
        files[1].unlink()
        report("one report removed", measure(RUN, env))


def _report(name: str, m: Measured, copies: int, jieba: float) -> None:
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in m.stages.items())
    print(f"{name:24s} {m.wall:8.1f} s  {m.wall / jieba:5.2f} × jieba  {copies / m.wall:7.1f} docs/s  "
          f"peak {m.peak_mb:7.0f} MB   [{stages}]", flush=True)


if __name__ == "__main__":
    main()
