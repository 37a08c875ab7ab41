"""The static dashboard: HTML pages over the marts, charts drawn by a local plotly.min.js.

The site is written into a new folder beside the old one and swapped in when
complete, so a browser never sees a half-written site; builds of one site take turns
(a lock file beside it, ``<site>.lock``). A page's output depends
only on its data and the code, so the manifest in the site records a hash of
both for every file, and a rebuild renders only the files whose hash changed:
the others are hard-linked from the published site (which is never written
to). A department page's hash is made from DuckDB's digest of its document's
rows (and its neighbours', which it links to), so its rows are read only when
it is made; the pages that list every department are hashed with all the
digests, and their rows (one per document) come from a row store beside the
site (``RowStore``), so only the rows of changed documents are rendered.
Pages open from disk (file://) or any web server, with no network access.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import duckdb
import jinja2
from plotly.offline import get_plotlyjs

from pipeline.dashboard.charts import department_figures, overview_figures
from pipeline.dashboard.data import (DocumentRows, Summary, connect, document_digests, load_summary, loaded_documents,
                                    stream_documents, three_public_order, three_public_rows)
from pipeline.dashboard.formatting import environment
from pipeline.dashboard.pages import (COMPARED, TOTALS, department, neighbours, overview, page_of, reason,
                                     reason_lines, three_public_row)
from pipeline.dashboard.rowstore import RowStore
from pipeline.dashboard.stamp import record_warehouse
from pipeline.load.warehouse import build_lock, building_path

HERE = Path(__file__).parent
MANIFEST = ".manifest.json"  # in the site: path → hash of what each file was made from
ROW_STORE = ".rows.sqlite"  # beside the site (<site>.rows.sqlite): the list pages' rows as HTML (RowStore)


@dataclass
class DashboardResult:
    """Where the site is, how many pages it has, how many files were written anew, its size and how long it took."""

    path: Path
    pages: int
    written: int
    size_bytes: int
    seconds: float

    @property
    def index(self) -> Path:
        return self.path / "index.html"


# Told after each file is written: files written, files to write (progress display).
OnPage = Callable[[int, int], None]


class Page(NamedTuple):
    """A file of the site made from a template: its output depends only on its data and the code."""

    template: str
    data: Callable[[], dict]  # made when the page is rendered: its long lists are streams
    figures: Callable[[dict], dict] | None = None  # charts drawn from the data


class File(NamedTuple):
    """A file of the site: its path, a hash of all its content depends on, and how to make it (its bytes, in
    pieces). A department page is made from its document's rows (``make(rows)``), read only when it is made."""

    name: str
    key: str
    make: Callable[..., Iterable[bytes]]
    document: str | None = None


def _render(env: jinja2.Environment, page: Page) -> Iterator[bytes]:
    data = page.data()
    figures = {"figures": page.figures(data)} if page.figures else {}
    for piece in env.get_template(page.template).generate(data, **figures):
        yield piece.encode()


def _render_department(env: jinja2.Environment, doc: dict, three_public: dict[str, dict],
                       by_year: dict[tuple, dict], pages: dict[str, str], names: dict[str, str],
                       rows: DocumentRows) -> Iterator[bytes]:
    data = {"root": "../", **department(doc, rows, three_public, by_year, pages, names)}
    return _render(env, Page("department.html", lambda: data, department_figures))


def _reason_data(con: duckdb.DuckDBPyConnection, line: dict, pages: dict[str, str],
                 table_names: dict[str, str]) -> dict:
    return {"root": "../", **reason(con, line, pages, table_names)}


def _code_fingerprint() -> bytes:
    """What every page depends on besides its data: this package's code and templates, the renderer, and
    DuckDB (whose row hashes the department pages' digests are made from)."""
    digest = hashlib.sha256(" ".join([sys.version, *map(version, ("jinja2", "markupsafe", "duckdb"))]).encode())
    for path in sorted([*HERE.glob("*.py"), *(HERE / "templates").iterdir()]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()


def _key(code: bytes, what) -> str:
    """A hash of the code and of what a file is made from, by value: repr, not pickle, whose bytes depend on
    which equal values happen to be one object (DuckDB shares some strings, depending on its threads)."""
    return hashlib.sha256(code + repr(what).encode()).hexdigest()


def _files(con: duckdb.DuckDBPyConnection, summary: Summary, digests: dict[str, str],
           store: RowStore) -> Iterator[File]:
    """Every file of the site.

    The pages that list every document are hashed with the digests of all documents (and what else they show);
    their rows come from ``store``, keyed by each document's digest. A department page is hashed with its
    document's digest and its neighbours'.
    """
    env, code = environment(), _code_fingerprint()
    loaded = [d for d in summary.documents if d["status"] == "loaded"]
    pages = {d["source_file"]: page_of(d) for d in loaded}
    corpus = hashlib.sha256(repr(sorted(digests.items())).encode()).hexdigest()
    three_public = summary.three_public.values()
    row_macros = env.get_template("rows.html").module

    def keyed(macro: str, files: Iterable[str]) -> list[tuple[str, str]]:
        return [(f, _key(code, (macro, f, digests.get(f), pages.get(f)))) for f in files]

    def three_public_html(files: list[str]) -> Iterator[tuple[str, str]]:
        for r in three_public_rows(con, files=files):
            yield r["source_file"], str(row_macros.three_public_row(three_public_row(r, pages)))

    def department_html(files: list[str]) -> Iterator[tuple[str, str]]:
        for d in loaded_documents(con, TOTALS, files=files):
            yield d["source_file"], str(row_macros.department_row(d, pages[d["source_file"]], TOTALS))

    # The 三公 components' names, as the warehouse's metric dimension gives them.
    names = {c: summary.metric_names.get(c, c) for c in (*COMPARED, "vehicle_purchase_expense",
                                                        "vehicle_operation_expense")}
    # What the lists of reasons show: their counts, not the digests of the rows that their pages show.
    counted = [{k: v for k, v in r.items() if k != "digest"} for r in summary.quarantine_reasons]
    corpus_pages = {
        "index.html": (Page("overview.html", lambda: {"root": "", **overview(con, summary, loaded, pages)},
                            overview_figures),
                       (counted, summary.findings_by_rule, summary.findings_by_family)),
        "three_public.html": (Page("three_public.html", lambda: {
            "root": "", "names": names,
            "rows": store.rows("three_public", keyed("three_public_row", three_public_order(con)),
                               three_public_html),
            "years": sorted({r["fiscal_year"] for r in three_public if r["fiscal_year"]}),
            "regions": sorted({r["city"] for r in three_public if r["city"]})}), names),
        "departments.html": (Page("departments.html", lambda: {
            "root": "", "rows": store.rows("departments", keyed("department_row", (d["source_file"] for d in loaded)),
                                           department_html),
            "years": sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]}),
            "regions": sorted({d["city"] for d in loaded if d["city"]})}), ()),
    }
    for name, (page, shown) in corpus_pages.items():
        yield File(name, _key(code, (page.template, corpus, shown)), partial(_render, env, page))
    reasons = reason_lines(summary.quarantine_reasons)
    yield File("quarantine.html", _key(code, ("quarantine.html", counted)),
               partial(_render, env, Page("quarantine.html", partial(dict, root="", reasons=reasons))))
    for line in reasons:
        # A reason's page shows its rows and their documents' pages, all of which its digest covers.
        data = partial(_reason_data, con, line, pages, summary.table_names)
        yield File(line["page"], _key(code, ("reason.html", line, summary.table_names)),
                   partial(_render, env, Page("reason.html", data)))
    for name, template, data in (
            ("dictionary.html", "dictionary.html", {"root": "", "views": summary.views, "columns": summary.dictionary}),
            ("assets/site.js", "site.js", {"file_count": len(summary.documents), "built_at": summary.built_at})):
        yield File(name, _key(code, (template, data)), partial(_render, env, Page(template, partial(dict, data))))
    by_year = {(d["department_name"], d["fiscal_year"]): d for d in loaded}
    for doc in loaded:
        source = doc["source_file"]
        # The page shows its document's rows, links the neighbours' pages and compares with the year before.
        linked = [n and (n["source_file"], digests.get(n["source_file"])) for n in neighbours(doc, by_year)]
        yield File(pages[source], _key(code, ("department.html", source, digests.get(source), linked, names)),
                   partial(_render_department, env, doc, summary.three_public, by_year, pages, names), source)
    assets = {"assets/plotly.min.js": get_plotlyjs().encode(),
              **{f"assets/{name}": (HERE / "static" / name).read_bytes() for name in ("dashboard.js", "dashboard.css")}}
    for name, content in assets.items():
        yield File(name, hashlib.sha256(content).hexdigest(), partial(tuple, [content]))


def _manifest(site: Path) -> dict:
    """Path → hash of each file of a site as it was made; a lost or damaged manifest knows nothing (all is made)."""
    try:
        manifest = json.loads((site / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _kept(previous: Path, site: Path, name: str) -> bool:
    """Hard-link a file of the previous site into the new one; False when it cannot (missing, no hard links).

    Files are never written in place, so the published site shares them and stays as it is.
    """
    try:
        os.link(previous / name, site / name)
    except OSError:
        return False
    return True


def _write(path: Path, pieces: Iterable[bytes]) -> None:
    with path.open("wb") as out:
        out.writelines(pieces)


def _write_site(con: duckdb.DuckDBPyConnection, site: Path, previous: Path, store: RowStore,
                on_page: OnPage) -> tuple[int, int]:
    """The site into an empty folder, files whose hash is unchanged taken from the previous site; department
    pages made from their documents' rows, streamed in document order.

    Returns the number of pages and of files written anew; the manifest is written last.
    """
    for folder in ("departments", "quarantine", "assets"):
        (site / folder).mkdir(parents=True)
    known = _manifest(previous)
    files = list(_files(con, load_summary(con, COMPARED), document_digests(con), store))
    changed = [f for f in files if known.get(f.name) != f.key or not _kept(previous, site, f.name)]
    departments = {f.document: f for f in changed if f.document is not None}
    for file in changed:
        if file.document is None:
            _write(site / file.name, file.make())
            on_page(1, len(changed))
    for source, rows in stream_documents(con, list(departments)):
        _write(site / departments[source].name, departments[source].make(rows))
        on_page(1, len(changed))
    (site / MANIFEST).write_text(json.dumps({f.name: f.key for f in files}, indent=0), encoding="utf-8")
    return sum(1 for f in files if f.name.endswith(".html")), len(changed)


def build_dashboard(warehouse: Path, target: Path, on_page: OnPage = lambda done, total: None) -> DashboardResult:
    """Build the site from the published warehouse beside the current one, writing only what changed; swap it in."""
    started = time.perf_counter()
    # Builds of one site take turns (a Dagster run's dashboard asset and `make dashboard` may start at once):
    # the building and retired folders are the lock holder's alone, and the last to publish read the warehouse last.
    with build_lock(target, "dashboard"), connect(warehouse) as con:
        building = building_path(target)
        retired = target.with_name(target.name + ".old")
        for leftover in (building, retired):
            shutil.rmtree(leftover, ignore_errors=True)
        store = RowStore(target.with_name(target.name + ROW_STORE))
        try:
            pages, written = _write_site(con, building, target, store, on_page)
        finally:
            store.close()
        record_warehouse(building, con)
        if target.exists():
            target.rename(retired)
        building.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return DashboardResult(target, pages, written, size, time.perf_counter() - started)
