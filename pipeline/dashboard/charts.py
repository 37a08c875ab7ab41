"""The pages' charts as plain Plotly figures (JSON), drawn from the pages' data."""
from __future__ import annotations

from collections import defaultdict

from pipeline.dashboard.formatting import SEVERITY_NAMES, as_number, chart_text, department_label, wrap

SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e67e22", "info": "#7f8c8d"}


def bar_figure(labels: list[str], values: list, evidence: list[str | None], unit: str = "万元") -> dict:
    """Horizontal bars, largest on top, each with its evidence on hover."""
    height = 120 + 28 * len(labels)
    return {"data": [{"type": "bar", "orientation": "h", "y": [chart_text(label) for label in labels][::-1],
                      "x": [as_number(v) for v in values][::-1],
                      "customdata": [wrap(e) for e in evidence][::-1],
                      "hovertemplate": f"%{{y}}<br>%{{x:,.2f}} {unit}<br>%{{customdata}}<extra></extra>"}],
            "layout": {"height": height, "margin": {"l": 260, "r": 20, "t": 10, "b": 40},
                       "xaxis": {"title": {"text": unit}}, "yaxis": {"automargin": True}}}


def grouped_bar_figure(categories: list[str], series: dict[str, list], unit: str = "万元") -> dict:
    return {"data": [{"type": "bar", "name": chart_text(name), "x": [chart_text(c) for c in categories],
                      "y": [as_number(v) for v in values],
                      "hovertemplate": f"%{{x}}<br>{chart_text(name)}: %{{y:,.2f}} {unit}<extra></extra>"}
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
        class_id = f"类 {item['class_code'] or item['class_name'] or ''}"
        section_id = f"{class_id}/款 {item['section_code'] or item['section_name'] or ''}"
        node(class_id, chart_text(f"{item['class_code'] or ''} {item['class_name'] or ''}".strip()), "", 0, "")
        node(section_id, chart_text(item["section_name"] or item["section_code"]), class_id, 0, "")
        leaf = f"{section_id}/项 {item['item_code'] or item['item_name'] or ''}"
        node(leaf, chart_text(item["item_name"] or item["item_code"]), section_id,
             as_number(item["amount_wan_yuan"]) or 0, wrap(item.get("evidence")))
    return {"data": [{"type": "treemap", "ids": ids, "labels": labels, "parents": parents, "values": values,
                      "customdata": evidence, "branchvalues": "remainder", "textinfo": "label+value",
                      "hovertemplate": "%{label}<br>%{value:,.2f} 万元<br>%{customdata}<extra></extra>"}],
            "layout": {"height": 460, "margin": {"l": 0, "r": 0, "t": 10, "b": 0}}}



def overview_figures(page: dict) -> dict:
    """The overview's charts, drawn from its data."""
    totals, largest = page["totals"], page["largest"]
    cities = sorted({t["city"] for t in totals})
    expense_by_year: dict[int | None, list] = defaultdict(lambda: [None] * len(cities))
    for t in totals:
        expense_by_year[t["fiscal_year"]][cities.index(t["city"])] = t["expense_total"]
    years = sorted(expense_by_year, key=lambda y: (y is None, y or 0))
    families = page["findings_by_family"]
    return {
        "totals": grouped_bar_figure([c or "未注明地区" for c in cities],
                                     {("未注明年度" if y is None else f"{y} 年") + "本年支出合计": expense_by_year[y]
                                      for y in years}),
        "largest": bar_figure([department_label(r) for r in largest],
                              [r["three_public_total"] for r in largest],
                              [r["evidence"].get("three_public_total") for r in largest]),
        "findings": {"data": [{"type": "bar", "name": SEVERITY_NAMES[severity],
                               "marker": {"color": SEVERITY_COLOURS[severity]},
                               "x": [chart_text(f["rule_family_zh"] or f["rule_family"]) for f in families],
                               "y": [f[severity] for f in families],
                               "hovertemplate": "%{x}: %{y} 条<extra>" + SEVERITY_NAMES[severity] + "</extra>"}
                              for severity in SEVERITY_COLOURS],
                     "layout": {"barmode": "stack", "height": 320, "legend": {"orientation": "h"},
                                "xaxis": {"automargin": True}, "yaxis": {"title": {"text": "条"}},
                                "margin": {"l": 50, "r": 20, "t": 10, "b": 40}}},
    }


def department_figures(page: dict) -> dict:
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
            [p["name"] for p in parts], {page["year"]: [p["current"] for p in parts],
                                         "上年": [p["previous"] for p in parts]})
    return figures

