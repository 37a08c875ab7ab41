"""The static dashboard: HTML pages over the marts, charts drawn by a local plotly.min.js.

The site is written into a new folder beside the old one and swapped in when
complete, so a browser never sees a half-written site; builds of one site take turns
(a lock file beside it, ``<site>.lock``). A page's output depends
only on its data and the code, so the manifest in the site records a hash of
both for every file, and a rebuild renders only the files whose hash changed:
the others are hard-linked from the published site (which is never written
to). Pages open from disk (file://) or any web server, with no network access.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import jinja2
from markupsafe import Markup, escape
from plotly.offline import get_plotlyjs

from pipeline.dashboard.data import Marts, load_marts
from pipeline.load.warehouse import build_lock

HERE = Path(__file__).parent
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e67e22", "info": "#7f8c8d"}
TOP = 10  # rows of the overview's "largest" and "fastest-growing" lists
MANIFEST = ".manifest.json"  # in the site: path → hash of what each file was made from

# The 三公 components, in the order the reports state them.
THREE_PUBLIC_PARTS = (("outbound_expense", "因公出国（境）费"), ("vehicle_expense", "公务用车购置及运行维护费"),
                      ("reception_expense", "公务接待费"))
# Totals are shown on their own; the other 收入/支出 metrics in 万元 are the structure by source and by use.
INCOME_TOTALS = {"income_total", "income_grand_total"}
EXPENSE_TOTALS = {"expense_total", "expense_grand_total"}
# The totals of each document that the overview adds up and the list of departments shows.
TOTALS = ("income_total", "expense_total", "three_public_total")


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


def _metric_value(marts: Marts, source_file: str, code: str) -> Decimal | None:
    metric = marts.metrics.get(source_file, {}).get(code)
    return None if metric is None else metric["value"]


def _three_public_rows(marts: Marts, pages: dict[str, str]) -> list[dict]:
    """三公 rows with what the pages show beside the mart's columns: link, region, combined change, and the
    evidence of those columns only (the rows are hashed as the data of the pages that show them)."""
    rows = []
    for row in marts.three_public:
        metrics = marts.metrics.get(row["source_file"], {})
        known = [(row[f"{part}_expense"], row[f"{part}_expense_previous_year"]) for part in ("vehicle", "reception")]
        previous = sum((p for _, p in known if p is not None), Decimal(0))
        current = sum((c for c, p in known if c is not None and p is not None), Decimal(0))
        change_pct = (current - previous) / previous * 100 if previous else None
        rows.append({**row, "page": pages.get(row["source_file"]), "region": _region(row),
                     "evidence": {code: metric for code, metric in metrics.items() if code in row},
                     "vehicle_reception_change_pct": change_pct})
    return rows


def _totals_by_year_and_region(marts: Marts, loaded: list[dict]) -> list[dict]:
    totals: dict[tuple, dict] = {}
    for doc in loaded:
        key = (doc["fiscal_year"], doc["province"] or "", doc["city"] or "")
        entry = totals.setdefault(key, {"fiscal_year": key[0], "province": key[1], "city": key[2], "documents": 0,
                                        "income_total": Decimal(0), "expense_total": Decimal(0),
                                        "three_public_total": Decimal(0)})
        entry["documents"] += 1
        for code in TOTALS:
            entry[code] += _metric_value(marts, doc["source_file"], code) or 0
    return [totals[k] for k in sorted(totals, key=lambda k: (k[0] or 0, k[1], k[2]))]


def _overview(marts: Marts, loaded: list[dict], three_public: list[dict]) -> dict:
    totals = _totals_by_year_and_region(marts, loaded)
    largest = [r for r in three_public if r["three_public_total"] is not None][:TOP]
    growing = sorted((r for r in three_public if r["vehicle_reception_change_pct"] is not None),
                     key=lambda r: r["vehicle_reception_change_pct"], reverse=True)[:TOP]
    years = sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]})
    regions = sorted({r for r in (_region(d) for d in loaded) if r})
    reasons: dict[str, int] = defaultdict(int)
    for q in marts.quarantine:
        reasons[(q["reason"] or "").removeprefix(f"{q['source_file']}: ")] += 1
    return {
        "loaded": len(loaded), "quarantined": sum(1 for d in marts.documents if d["status"] == "quarantined"),
        "years": years, "regions": regions, "totals": totals, "largest": largest, "growing": growing,
        "quarantine": marts.quarantine, "quarantine_reasons": sorted(reasons.items(), key=lambda kv: -kv[1]),
        "findings_by_rule": marts.findings_by_rule,
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
                              [r["evidence"].get("three_public_total", {}).get("evidence") for r in largest]),
        "findings": {"data": [{"type": "bar", "name": severity, "marker": {"color": SEVERITY_COLOURS[severity]},
                               "x": [f["rule_id"] for f in fails if f["severity"] == severity],
                               "y": [f["findings"] for f in fails if f["severity"] == severity],
                               "hovertemplate": "%{x}: %{y} 条<extra>" + severity + "</extra>"}
                              for severity in SEVERITY_COLOURS],
                     "layout": {"barmode": "stack", "height": 360, "legend": {"orientation": "h"},
                                "xaxis": {"automargin": True, "tickangle": -30},
                                "margin": {"l": 50, "r": 20, "t": 10, "b": 40}}},
    }


def _department(marts: Marts, doc: dict, three_public: dict[str, dict], by_year: dict[tuple, dict],
                pages: dict[str, str]) -> dict:
    source = doc["source_file"]
    metrics = marts.metrics.get(source, {})
    money = {c: m for c, m in metrics.items() if m["unit"] == "wan_yuan" and not c.startswith("yoy_")}
    sources = [m for c, m in money.items() if c.startswith("income_") and c not in INCOME_TOTALS]
    uses = [m for c, m in money.items() if c.startswith("expense_") and c not in EXPENSE_TOTALS]
    current = three_public.get(source)
    previous_doc = by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) - 1))
    following_doc = by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) + 1))
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
    functions = marts.function_items.get(source, [])
    indicators: dict[str, list[dict]] = defaultdict(list)
    for indicator in marts.indicators.get(source, []):
        indicators[indicator["project_name"]].append(indicator)
    return {
        "doc": doc, "region": _region(doc), "metrics": metrics, "sources": sources, "uses": uses,
        "functions": functions, "function_source": marts.function_sources.get(source), "three_public": current,
        "three_public_parts": parts,
        "previous_page": pages.get(previous_doc["source_file"]) if previous_doc else None,
        "following_page": pages.get(following_doc["source_file"]) if following_doc else None,
        "projects": marts.projects.get(source, []), "indicators": indicators,
        "findings": marts.findings.get(source, []),
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


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(amount=amount, count=count, figure_json=figure_json)
    env.globals.update(money=money, number=number, sort_value=sort_value)
    return env


# Told after each file is written: files written, files to write (progress display).
OnPage = Callable[[int, int], None]


class Page(NamedTuple):
    """A file of the site made from a template: its output depends only on its data and the code."""

    name: str
    template: str
    data: dict
    figures: Callable[[dict], dict] | None = None  # charts drawn from the data, only when the page is rendered


def _pages(marts: Marts) -> Iterator[Page]:
    """Every page of the site."""
    loaded = [d for d in marts.documents if d["status"] == "loaded"]
    pages = {d["source_file"]: f"departments/{d['doc_id']}.html" for d in loaded}
    three_public = _three_public_rows(marts, pages)
    yield Page("index.html", "overview.html", {"root": "", **_overview(marts, loaded, three_public)},
               _overview_figures)
    yield Page("three_public.html", "three_public.html", {
        "root": "", "rows": three_public, "years": sorted({r["fiscal_year"] for r in three_public if r["fiscal_year"]}),
        "regions": sorted({r["city"] for r in three_public if r["city"]})})
    yield Page("departments.html", "departments.html", {
        "root": "", "documents": loaded, "pages": pages, "codes": TOTALS,
        "totals": {d["source_file"]: {c: m for c, m in marts.metrics.get(d["source_file"], {}).items() if c in TOTALS}
                   for d in loaded},
        "years": sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]}),
        "regions": sorted({d["city"] for d in loaded if d["city"]})})
    yield Page("dictionary.html", "dictionary.html", {"root": "", "views": marts.views, "columns": marts.dictionary})
    by_source = {r["source_file"]: r for r in three_public}
    by_year = {(d["department_name"], d["fiscal_year"]): d for d in loaded}
    for doc in loaded:
        yield Page(pages[doc["source_file"]], "department.html",
                   {"root": "../", **_department(marts, doc, by_source, by_year, pages)}, _department_figures)
    yield Page("assets/site.js", "site.js", {"file_count": len(marts.documents), "built_at": marts.built_at})


def _code_fingerprint() -> bytes:
    """What every page depends on besides its data: this package's code and templates, and the renderer."""
    digest = hashlib.sha256(" ".join([sys.version, *map(version, ("jinja2", "markupsafe"))]).encode())
    for path in sorted([*HERE.glob("*.py"), *(HERE / "templates").iterdir()]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()


def _render(env: jinja2.Environment, page: Page) -> bytes:
    figures = {"figures": page.figures(page.data)} if page.figures else {}
    return env.get_template(page.template).render(page.data, **figures).encode()


def _files(marts: Marts) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """Every file of the site: its path, a hash of all its content depends on, and how to make it."""
    env, code = _environment(), _code_fingerprint()
    for page in _pages(marts):
        key = hashlib.sha256(code + pickle.dumps((page.template, page.data), protocol=5)).hexdigest()
        yield page.name, key, partial(_render, env, page)
    assets = {"assets/plotly.min.js": get_plotlyjs().encode(),
              **{f"assets/{name}": (HERE / "static" / name).read_bytes() for name in ("dashboard.js", "dashboard.css")}}
    for name, content in assets.items():
        yield name, hashlib.sha256(content).hexdigest(), partial(bytes, content)


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


def _write_site(marts: Marts, site: Path, previous: Path, on_page: OnPage) -> tuple[int, int]:
    """The site into an empty folder, files whose hash is unchanged taken from the previous site.

    Returns the number of pages and of files written anew; the manifest is written last.
    """
    (site / "departments").mkdir(parents=True)
    (site / "assets").mkdir()
    known = _manifest(previous)
    files = list(_files(marts))
    changed = [(name, make) for name, key, make in files if known.get(name) != key or not _kept(previous, site, name)]
    for name, make in changed:
        (site / name).write_bytes(make())
        on_page(1, len(changed))
    (site / MANIFEST).write_text(json.dumps({name: key for name, key, _ in files}, indent=0), encoding="utf-8")
    return sum(1 for name, _, _ in files if name.endswith(".html")), len(changed)


def build_dashboard(warehouse: Path, target: Path, on_page: OnPage = lambda done, total: None) -> DashboardResult:
    """Build the site from the published warehouse beside the current one, writing only what changed; swap it in."""
    started = time.perf_counter()
    # Builds of one site take turns (a Dagster run's dashboard asset and `make dashboard` may start at once):
    # the building and retired folders are the lock holder's alone, and the last to publish read the warehouse last.
    with build_lock(target, "dashboard"):
        marts = load_marts(warehouse)
        building = target.with_name(target.name + ".building")
        retired = target.with_name(target.name + ".old")
        for leftover in (building, retired):
            shutil.rmtree(leftover, ignore_errors=True)
        pages, written = _write_site(marts, building, target, on_page)
        if target.exists():
            target.rename(retired)
        building.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return DashboardResult(target, pages, written, size, time.perf_counter() - started)
