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
import heapq
import json
import os
import shutil
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from importlib.metadata import version
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import duckdb
import jinja2
from markupsafe import Markup, escape
from plotly.offline import get_plotlyjs

from pipeline.dashboard.data import (DocumentRows, Summary, connect, document_digests, load_summary, loaded_documents,
                                    stream_documents, three_public_order, three_public_ranking,
                                    three_public_rows)
from pipeline.load.warehouse import build_lock, building_path

HERE = Path(__file__).parent
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e67e22", "info": "#7f8c8d"}
TOP = 10  # rows of the overview's "largest" and "fastest-growing" lists
MANIFEST = ".manifest.json"  # in the site: path → hash of what each file was made from
ROW_STORE = ".rows.sqlite"  # beside the site (<site>.rows.sqlite): the list pages' rows as HTML (RowStore)

# The 三公 components, in the order the reports state them.
THREE_PUBLIC_PARTS = (("outbound_expense", "因公出国（境）费"), ("vehicle_expense", "公务用车购置及运行维护费"),
                      ("reception_expense", "公务接待费"))
# Totals are shown on their own; the other 收入/支出 metrics in 万元 are the structure by source and by use.
INCOME_TOTALS = {"income_total", "income_grand_total"}
EXPENSE_TOTALS = {"expense_total", "expense_grand_total"}
# The totals of each document that the overview adds up and the list of departments shows.
TOTALS = ("income_total", "expense_total", "three_public_total")
# The 三公 values a department page compares with its report of the year before.
COMPARED = (*(code for code, _ in THREE_PUBLIC_PARTS), "three_public_total")


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


# --- formatting ---------------------------------------------------------------

def amount(value: Decimal | None) -> str:
    """万元 with two decimals; absent stays absent."""
    return "" if value is None else f"{value:,.2f}"


def count(value: Decimal | int | None) -> str:
    return "" if value is None else f"{int(value):,}"


def as_number(value) -> float | None:
    return None if value is None else float(value)


def wrap(text: str | None, width: int = 36) -> str:
    """Evidence for a chart's hover box: escaped and broken into short lines."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width))


# Numbers are written by functions, not template macros: the 三公 and department lists write ten a row, and a
# macro call costs several times a function's.
ABSENT = Markup('<span class="absent">—</span>')


def number(text: str | None, evidence: str | None = None) -> Markup:
    """A number as the page shows it, with its evidence (hover: title; click: the evidence panel)."""
    if not text:
        return ABSENT
    if evidence:
        return Markup(f'<span class="num ev" title="{escape(evidence)}">{escape(text)}</span>')
    return Markup(f'<span class="num">{escape(text)}</span>')


def money(value: Decimal | None, evidence: str | None = None) -> Markup:
    """An amount in 万元, as number() shows it."""
    return ABSENT if value is None else number(amount(value), evidence)


def sort_value(value: Decimal | int | None) -> str:
    """What a table sorts a cell by (data-v): empty when absent."""
    return "" if value is None else str(value)


def figure_json(figure: dict) -> str:
    """A figure as JSON that is safe inside a <script> element."""
    return json.dumps(figure, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


# --- charts -------------------------------------------------------------------

def bar_figure(labels: list[str], values: list, evidence: list[str | None], unit: str = "万元") -> dict:
    """Horizontal bars, largest on top, each with its evidence on hover."""
    height = 120 + 28 * len(labels)
    return {"data": [{"type": "bar", "orientation": "h", "y": labels[::-1], "x": [as_number(v) for v in values][::-1],
                      "customdata": [wrap(e) for e in evidence][::-1],
                      "hovertemplate": f"%{{y}}<br>%{{x:,.2f}} {unit}<br>%{{customdata}}<extra></extra>"}],
            "layout": {"height": height, "margin": {"l": 260, "r": 20, "t": 10, "b": 40},
                       "xaxis": {"title": {"text": unit}}, "yaxis": {"automargin": True}}}


def grouped_bar_figure(categories: list[str], series: dict[str, list], unit: str = "万元") -> dict:
    return {"data": [{"type": "bar", "name": name, "x": categories, "y": [as_number(v) for v in values],
                      "hovertemplate": f"%{{x}}<br>{name}: %{{y:,.2f}} {unit}<extra></extra>"}
                     for name, values in series.items()],
            "layout": {"barmode": "group", "height": 360, "margin": {"l": 60, "r": 20, "t": 10, "b": 80},
                       "yaxis": {"title": {"text": unit}}, "legend": {"orientation": "h"}}}


def treemap_figure(items: list[dict]) -> dict:
    """功能分类 as a treemap: 类 → 款 → 项, sized by expenditure, evidence on hover."""
    ids, labels, parents, values, evidence = [], [], [], [], []

    def node(node_id: str, label: str, parent: str, value: float, text: str) -> None:
        if node_id not in ids:
            ids.append(node_id), labels.append(label), parents.append(parent), values.append(value)
            evidence.append(text)

    for item in items:
        class_id = f"类 {item['class_code'] or item['class_name']}"
        section_id = f"{class_id}/款 {item['section_code'] or item['section_name']}"
        node(class_id, f"{item['class_code'] or ''} {item['class_name'] or ''}".strip(), "", 0, "")
        node(section_id, f"{item['section_name'] or item['section_code'] or ''}", class_id, 0, "")
        leaf = f"{section_id}/项 {item['item_code'] or item['item_name']}"
        node(leaf, item["item_name"] or item["item_code"] or "", section_id, as_number(item["amount_wan_yuan"]) or 0,
             wrap(item.get("evidence")))
    return {"data": [{"type": "treemap", "ids": ids, "labels": labels, "parents": parents, "values": values,
                      "customdata": evidence, "branchvalues": "remainder", "textinfo": "label+value",
                      "hovertemplate": "%{label}<br>%{value:,.2f} 万元<br>%{customdata}<extra></extra>"}],
            "layout": {"height": 460, "margin": {"l": 0, "r": 0, "t": 10, "b": 0}}}


# --- pages --------------------------------------------------------------------

def _region(doc: dict) -> str:
    return " ".join(part for part in (doc.get("province"), doc.get("city"), doc.get("county")) if part)


def _three_public_row(row: dict, pages: dict[str, str]) -> dict:
    """A 三公 row with what the pages show beside the mart's columns: link, region and combined change."""
    return {**row, "page": pages.get(row["source_file"]), "region": _region(row),
            "vehicle_reception_change_pct": _vehicle_reception_change_pct(row)}


# The columns of marts.three_public the combined change of vehicle and reception expenses is made from.
CHANGE_COLUMNS = tuple(f"{part}_expense{year}" for part in ("vehicle", "reception") for year in ("", "_previous_year"))


def _vehicle_reception_change_pct(row: dict) -> Decimal | None:
    """The change of vehicle and reception expenses together, over the parts whose previous year is known."""
    known = [(row[f"{part}_expense"], row[f"{part}_expense_previous_year"]) for part in ("vehicle", "reception")]
    previous = sum((p for _, p in known if p is not None), Decimal(0))
    current = sum((c for c, p in known if c is not None and p is not None), Decimal(0))
    return (current - previous) / previous * 100 if previous else None


def _totals_by_year_and_region(loaded: Iterable[dict]) -> list[dict]:
    totals: dict[tuple, dict] = {}
    for doc in loaded:
        key = (doc["fiscal_year"], doc["province"] or "", doc["city"] or "")
        entry = totals.setdefault(key, {"fiscal_year": key[0], "province": key[1], "city": key[2], "documents": 0,
                                        "income_total": Decimal(0), "expense_total": Decimal(0),
                                        "three_public_total": Decimal(0)})
        entry["documents"] += 1
        for code in TOTALS:
            entry[code] += doc["totals"].get(code, {}).get("value") or 0
    return [totals[k] for k in sorted(totals, key=lambda k: (k[0] or 0, k[1], k[2]))]


def _largest_and_growing(rows: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    """The overview's two 三公 lists in one pass over the rows (largest total first): the TOP largest totals,
    and the TOP largest rises of vehicle and reception expenses, ties in row order (as sorted() would)."""
    largest: list[dict] = []
    rising: list[tuple[Decimal, int, dict]] = []  # a heap of (rise, -row number, row): the smallest on top
    for n, row in enumerate(rows):
        if len(largest) < TOP and row["three_public_total"] is not None:
            largest.append(row)
        rise = row["vehicle_reception_change_pct"]
        if rise is not None:
            (heapq.heappush if len(rising) < TOP else heapq.heappushpop)(rising, (rise, -n, row))
    return largest, [row for _, _, row in sorted(rising, key=itemgetter(0, 1), reverse=True)]


def _overview(con: duckdb.DuckDBPyConnection, summary: Summary, loaded: list[dict], pages: dict[str, str]) -> dict:
    """The overview's data; the totals and the two 三公 lists from streams of every document (the lists ranked on
    the few columns they are ranked by, their rows then read whole)."""
    ranking = ({**r, "vehicle_reception_change_pct": _vehicle_reception_change_pct(r)}
               for r in three_public_ranking(con, ("three_public_total", *CHANGE_COLUMNS)))
    largest, growing = _largest_and_growing(ranking)
    listed = [r["source_file"] for r in largest + growing]
    rows = {r["source_file"]: _three_public_row(r, pages) for r in (three_public_rows(con, listed) if listed else ())}
    largest, growing = [rows[r["source_file"]] for r in largest], [rows[r["source_file"]] for r in growing]
    years = sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]})
    regions = sorted({r for r in (_region(d) for d in loaded) if r})
    reasons: dict[str, int] = defaultdict(int)
    for q in summary.quarantine:
        reasons[(q["reason"] or "").removeprefix(f"{q['source_file']}: ")] += 1
    return {
        "loaded": len(loaded), "quarantined": sum(1 for d in summary.documents if d["status"] == "quarantined"),
        "years": years, "regions": regions,
        "totals": _totals_by_year_and_region(loaded_documents(con, TOTALS, evidence=False)),
        "largest": largest, "growing": growing,
        "quarantine": summary.quarantine, "quarantine_reasons": sorted(reasons.items(), key=lambda kv: -kv[1]),
        "findings_by_rule": summary.findings_by_rule,
    }


def _overview_figures(page: dict) -> dict:
    """The overview's charts, drawn from its data."""
    totals, largest = page["totals"], page["largest"]
    cities = sorted({t["city"] for t in totals})
    expense_by_year: dict[int, list] = defaultdict(lambda: [None] * len(cities))
    for t in totals:
        expense_by_year[t["fiscal_year"]][cities.index(t["city"])] = t["expense_total"]
    fails = [f for f in page["findings_by_rule"] if f["status"] == "fail"]
    return {
        "totals": grouped_bar_figure(cities, {f"{y} 年本年支出合计": v for y, v in sorted(expense_by_year.items())}),
        "largest": bar_figure([f"{r['department_name']}（{r['fiscal_year']}）" for r in largest],
                              [r["three_public_total"] for r in largest],
                              [r["evidence"].get("three_public_total") for r in largest]),
        "findings": {"data": [{"type": "bar", "name": severity, "marker": {"color": SEVERITY_COLOURS[severity]},
                               "x": [f["rule_id"] for f in fails if f["severity"] == severity],
                               "y": [f["findings"] for f in fails if f["severity"] == severity],
                               "hovertemplate": "%{x}: %{y} 条<extra>" + severity + "</extra>"}
                              for severity in SEVERITY_COLOURS],
                     "layout": {"barmode": "stack", "height": 360, "legend": {"orientation": "h"},
                                "xaxis": {"automargin": True, "tickangle": -30},
                                "margin": {"l": 50, "r": 20, "t": 10, "b": 40}}},
    }


def _neighbours(doc: dict, by_year: dict[tuple, dict]) -> tuple[dict | None, dict | None]:
    """The department's reports of the year before and the year after, where loaded."""
    return (by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) - 1)),
            by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) + 1)))


def _department(doc: dict, rows: DocumentRows, three_public: dict[str, dict], by_year: dict[tuple, dict],
                pages: dict[str, str]) -> dict:
    """A department page's data: its document's rows; of the year before, the stated 三公 values (``three_public``:
    source file → values) and the page."""
    source = doc["source_file"]
    metrics = rows.metrics
    money = {c: m for c, m in metrics.items() if m["unit"] == "wan_yuan" and not c.startswith("yoy_")}
    sources = [m for c, m in money.items() if c.startswith("income_") and c not in INCOME_TOTALS]
    uses = [m for c, m in money.items() if c.startswith("expense_") and c not in EXPENSE_TOTALS]
    current = rows.three_public
    previous_doc, following_doc = _neighbours(doc, by_year)
    previous_stated = three_public.get(previous_doc["source_file"]) if previous_doc else None
    parts = []
    if current:
        for code, name in THREE_PUBLIC_PARTS + (("three_public_total", "合计"),):
            if previous_stated:
                before, how = previous_stated[code], f"{previous_doc['fiscal_year']} 年报告所述"
            else:
                before, how = current.get(f"{code}_previous_year"), "本年值 − 文中较上年增减额（推算）"
            parts.append({"code": code, "name": name, "current": current[code], "previous": before, "how": how,
                          "evidence": metrics.get(code, {}).get("evidence"),
                          "change_evidence": metrics.get(f"yoy_{code}_change", {}).get("evidence")})
    functions = rows.function_items
    indicators: dict[str, list[dict]] = defaultdict(list)
    for indicator in rows.indicators:
        indicators[indicator["project_name"]].append(indicator)
    return {
        "doc": doc, "region": _region(doc), "metrics": metrics, "sources": sources, "uses": uses,
        "functions": functions, "function_source": rows.function_source, "three_public": current,
        "three_public_parts": parts,
        "previous_page": pages.get(previous_doc["source_file"]) if previous_doc else None,
        "following_page": pages.get(following_doc["source_file"]) if following_doc else None,
        "projects": rows.projects, "indicators": indicators, "findings": rows.findings,
    }


def _department_figures(page: dict) -> dict:
    """A department page's charts, drawn from its data."""
    sources, uses, functions, parts = page["sources"], page["uses"], page["functions"], page["three_public_parts"]
    figures = {}
    if sources:
        figures["sources"] = bar_figure([m["metric_name_zh"] for m in sources], [m["value"] for m in sources],
                                        [m["evidence"] for m in sources])
    if uses:
        figures["uses"] = bar_figure([m["metric_name_zh"] for m in uses], [m["value"] for m in uses],
                                     [m["evidence"] for m in uses])
    if functions:
        figures["functions"] = treemap_figure(functions)
    if parts:
        figures["three_public"] = grouped_bar_figure(
            [p["name"] for p in parts], {f"{page['doc']['fiscal_year']} 年": [p["current"] for p in parts],
                                         "上年": [p["previous"] for p in parts]})
    return figures


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, looking a dict's key up first: the pages' data are rows as dicts, and ``row.name``
    would otherwise try (and fail on) an attribute each time, the costliest step of drawing 10,000 pages.
    A key named like a dict method (``items``, ``get``…) still means the method, as in plain Jinja."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _environment() -> jinja2.Environment:
    env = _Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(amount=amount, count=count, figure_json=figure_json)
    env.globals.update(money=money, number=number, sort_value=sort_value)
    return env


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
                       by_year: dict[tuple, dict], pages: dict[str, str], rows: DocumentRows) -> Iterator[bytes]:
    data = {"root": "../", **_department(doc, rows, three_public, by_year, pages)}
    return _render(env, Page("department.html", lambda: data, _department_figures))


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


class RowStore:
    """The HTML of the rows of the pages that list every document (a row per document), by key: a hash of the
    code and of the document's rows. A rebuild renders only the rows of documents that changed and reads the
    others back in page order. It is a cache beside the site (SQLite: rows are read and written as they go,
    never all in memory), used under the site's build lock; a damaged one is started anew."""

    def __init__(self, path: Path):
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self._db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        db.execute("create table if not exists rows (page text, key text, html text, primary key (page, key))")
        return db

    def rows(self, page: str, keys: list[tuple[str, str]],
             render: Callable[[list[str]], Iterable[tuple[str, str]]]) -> Iterator[Markup]:
        """A page's rows in the order of ``keys`` (source file, key): those stored as stored, the others
        made by ``render(source files)`` (source file → HTML, any order) and stored; rows of the page no
        longer listed are dropped."""
        db = self._db
        db.execute("create temp table if not exists listed (n integer primary key, key text)")
        db.execute("delete from listed")
        db.executemany("insert into listed values (?, ?)", enumerate(key for _, key in keys))
        db.execute("delete from rows where page = ? and key not in (select key from listed)", [page])
        stored = {key for (key,) in db.execute("select key from rows where page = ?", [page])}
        key_of = dict(keys)
        missing = [source for source, key in keys if key not in stored]
        if missing:
            db.executemany("insert or replace into rows values (?, ?, ?)",
                           ((page, key_of[source], html) for source, html in render(missing)))
        db.commit()
        for (html,) in db.execute("select html from listed join rows on rows.page = ? and rows.key = listed.key "
                                  "order by n", [page]):
            yield Markup(html)

    def close(self) -> None:
        self._db.close()


def _files(con: duckdb.DuckDBPyConnection, summary: Summary, digests: dict[str, str],
           store: RowStore) -> Iterator[File]:
    """Every file of the site.

    The pages that list every document are hashed with the digests of all documents (and what else they show);
    their rows come from ``store``, keyed by each document's digest. A department page is hashed with its
    document's digest and its neighbours'.
    """
    env, code = _environment(), _code_fingerprint()
    loaded = [d for d in summary.documents if d["status"] == "loaded"]
    pages = {d["source_file"]: f"departments/{d['doc_id']}.html" for d in loaded}
    corpus = hashlib.sha256(repr(sorted(digests.items())).encode()).hexdigest()
    three_public = summary.three_public.values()
    row_macros = env.get_template("rows.html").module

    def keyed(macro: str, files: Iterable[str]) -> list[tuple[str, str]]:
        return [(f, _key(code, (macro, f, digests.get(f), pages.get(f)))) for f in files]

    def three_public_html(files: list[str]) -> Iterator[tuple[str, str]]:
        for r in three_public_rows(con, files=files):
            yield r["source_file"], str(row_macros.three_public_row(_three_public_row(r, pages)))

    def department_html(files: list[str]) -> Iterator[tuple[str, str]]:
        for d in loaded_documents(con, TOTALS, files=files):
            yield d["source_file"], str(row_macros.department_row(d, pages[d["source_file"]], TOTALS))

    corpus_pages = {
        "index.html": (Page("overview.html", lambda: {"root": "", **_overview(con, summary, loaded, pages)},
                            _overview_figures), (summary.quarantine, summary.findings_by_rule)),
        "three_public.html": (Page("three_public.html", lambda: {
            "root": "", "rows": store.rows("three_public", keyed("three_public_row", three_public_order(con)),
                                           three_public_html),
            "years": sorted({r["fiscal_year"] for r in three_public if r["fiscal_year"]}),
            "regions": sorted({r["city"] for r in three_public if r["city"]})}), ()),
        "departments.html": (Page("departments.html", lambda: {
            "root": "", "rows": store.rows("departments", keyed("department_row", (d["source_file"] for d in loaded)),
                                           department_html),
            "years": sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]}),
            "regions": sorted({d["city"] for d in loaded if d["city"]})}), ()),
    }
    for name, (page, shown) in corpus_pages.items():
        yield File(name, _key(code, (page.template, corpus, shown)), partial(_render, env, page))
    for name, template, data in (
            ("dictionary.html", "dictionary.html", {"root": "", "views": summary.views, "columns": summary.dictionary}),
            ("assets/site.js", "site.js", {"file_count": len(summary.documents), "built_at": summary.built_at})):
        yield File(name, _key(code, (template, data)), partial(_render, env, Page(template, partial(dict, data))))
    by_year = {(d["department_name"], d["fiscal_year"]): d for d in loaded}
    for doc in loaded:
        source = doc["source_file"]
        # The page shows its document's rows, links the neighbours' pages and compares with the year before.
        neighbours = [n and (n["source_file"], digests.get(n["source_file"])) for n in _neighbours(doc, by_year)]
        yield File(pages[source], _key(code, ("department.html", source, digests.get(source), neighbours)),
                   partial(_render_department, env, doc, summary.three_public, by_year, pages), source)
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
    (site / "departments").mkdir(parents=True)
    (site / "assets").mkdir()
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
        if target.exists():
            target.rename(retired)
        building.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return DashboardResult(target, pages, written, size, time.perf_counter() - started)
