"""The static dashboard: HTML pages over the marts, charts drawn by a local plotly.min.js.

The site is written into a new folder beside the old one and swapped in when
complete, so a browser never sees a half-written site. Pages open from disk
(file://) or any web server, with no network access.
"""
from __future__ import annotations

import json
import shutil
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jinja2
from plotly.offline import get_plotlyjs

from pipeline.dashboard.data import Marts, load_marts

HERE = Path(__file__).parent
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e67e22", "info": "#7f8c8d"}
TOP = 10  # rows of the overview's "largest" and "fastest-growing" lists

# The 三公 components, in the order the reports state them.
THREE_PUBLIC_PARTS = (("outbound_expense", "因公出国（境）费"), ("vehicle_expense", "公务用车购置及运行维护费"),
                      ("reception_expense", "公务接待费"))
# Totals are shown on their own; the other 收入/支出 metrics in 万元 are the structure by source and by use.
INCOME_TOTALS = {"income_total", "income_grand_total"}
EXPENSE_TOTALS = {"expense_total", "expense_grand_total"}


@dataclass
class DashboardResult:
    """Where the site is, how many pages it has, its size and how long it took."""

    path: Path
    pages: int
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
    """三公 rows with what the pages show beside the mart's columns: link, region, combined change."""
    rows = []
    for row in marts.three_public:
        known = [(row[f"{part}_expense"], row[f"{part}_expense_previous_year"]) for part in ("vehicle", "reception")]
        previous = sum((p for _, p in known if p is not None), Decimal(0))
        current = sum((c for c, p in known if c is not None and p is not None), Decimal(0))
        change_pct = (current - previous) / previous * 100 if previous else None
        rows.append({**row, "page": pages.get(row["source_file"]), "region": _region(row),
                     "evidence": marts.metrics.get(row["source_file"], {}),
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
        for code in ("income_total", "expense_total", "three_public_total"):
            entry[code] += _metric_value(marts, doc["source_file"], code) or 0
    return [totals[k] for k in sorted(totals, key=lambda k: (k[0] or 0, k[1], k[2]))]


def _overview(marts: Marts, loaded: list[dict], three_public: list[dict]) -> dict:
    totals = _totals_by_year_and_region(marts, loaded)
    largest = [r for r in three_public if r["three_public_total"] is not None][:TOP]
    growing = sorted((r for r in three_public if r["vehicle_reception_change_pct"] is not None),
                     key=lambda r: r["vehicle_reception_change_pct"], reverse=True)[:TOP]
    years = sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]})
    regions = sorted({r for r in (_region(d) for d in loaded) if r})
    cities = sorted({t["city"] for t in totals})
    expense_by_year: dict[int, list] = defaultdict(lambda: [None] * len(cities))
    for t in totals:
        expense_by_year[t["fiscal_year"]][cities.index(t["city"])] = t["expense_total"]
    reasons: dict[str, int] = defaultdict(int)
    for q in marts.quarantine:
        reasons[(q["reason"] or "").removeprefix(f"{q['source_file']}: ")] += 1
    fails = [f for f in marts.findings_by_rule if f["status"] == "fail"]
    return {
        "loaded": len(loaded), "quarantined": sum(1 for d in marts.documents if d["status"] == "quarantined"),
        "years": years, "regions": regions, "totals": totals, "largest": largest, "growing": growing,
        "quarantine": marts.quarantine, "quarantine_reasons": sorted(reasons.items(), key=lambda kv: -kv[1]),
        "findings_by_rule": marts.findings_by_rule,
        "figures": {
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
        },
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
            [p["name"] for p in parts], {f"{doc['fiscal_year']} 年": [p["current"] for p in parts],
                                         "上年": [p["previous"] for p in parts]})
    return {
        "doc": doc, "region": _region(doc), "metrics": metrics, "sources": sources, "uses": uses,
        "functions": functions, "function_source": marts.function_sources.get(source), "three_public": current,
        "three_public_parts": parts,
        "previous_page": pages.get(previous_doc["source_file"]) if previous_doc else None,
        "following_page": pages.get(following_doc["source_file"]) if following_doc else None,
        "projects": marts.projects.get(source, []), "indicators": indicators,
        "findings": marts.findings.get(source, []), "figures": figures,
    }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(amount=amount, count=count, figure_json=figure_json)
    return env


# Told after each page is written: pages written, pages in all (progress display).
OnPage = Callable[[int, int], None]


def _write_site(marts: Marts, site: Path, on_page: OnPage) -> int:
    """Every page of the site into an empty folder; returns the number of pages."""
    (site / "departments").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    for name in ("dashboard.js", "dashboard.css"):
        shutil.copyfile(HERE / "static" / name, site / "assets" / name)
    env = _environment()
    loaded = [d for d in marts.documents if d["status"] == "loaded"]
    pages = {d["source_file"]: f"departments/{d['doc_id']}.html" for d in loaded}
    three_public = _three_public_rows(marts, pages)
    total = 4 + len(loaded)
    common = {"generated": time.strftime("%Y-%m-%d %H:%M"), "file_count": len(marts.documents)}

    def write(name: str, template: str, root: str = "", **context) -> None:
        html = env.get_template(template).render(root=root, **common, **context)
        (site / name).write_text(html, encoding="utf-8")
        on_page(1, total)

    write("index.html", "overview.html", **_overview(marts, loaded, three_public))
    write("three_public.html", "three_public.html", rows=three_public,
          years=sorted({r["fiscal_year"] for r in three_public if r["fiscal_year"]}),
          regions=sorted({r["city"] for r in three_public if r["city"]}))
    write("departments.html", "departments.html", documents=loaded, pages=pages, metrics=marts.metrics,
          years=sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]}),
          regions=sorted({d["city"] for d in loaded if d["city"]}))
    write("dictionary.html", "dictionary.html", views=marts.views, columns=marts.dictionary)
    by_source = {r["source_file"]: r for r in three_public}
    by_year = {(d["department_name"], d["fiscal_year"]): d for d in loaded}
    template = env.get_template("department.html")
    for doc in loaded:
        html = template.render(root="../", **common, **_department(marts, doc, by_source, by_year, pages))
        (site / pages[doc["source_file"]]).write_text(html, encoding="utf-8")
        on_page(1, total)
    return total


def build_dashboard(warehouse: Path, target: Path, on_page: OnPage = lambda done, total: None) -> DashboardResult:
    """Rebuild the whole site from the published warehouse and swap it in."""
    started = time.perf_counter()
    marts = load_marts(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(target.name + ".building")
    retired = target.with_name(target.name + ".old")
    for leftover in (building, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    pages = _write_site(marts, building, on_page)
    if target.exists():
        target.rename(retired)
    building.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return DashboardResult(target, pages, size, time.perf_counter() - started)
