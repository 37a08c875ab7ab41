"""Accuracy of a warehouse against hand-annotated gold files.

The project's own referee (and a tool for users who annotate a few of their
reports): for each kind of fact, precision, recall and F1 of what the marts
publish against what the gold files record. It compares as a careful checker
does: amounts as exact decimals, names without （类）（款）（项）. The
findings are scored by severity: every error published that the gold's
``expected_findings`` do not list is a false alarm.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb

_SUFFIX = re.compile(r"[（(](类|款|项|项\d+)[）)]")
KINDS = ("identity", "metrics", "gpb_items", "economic_items", "projects", "indicators", "table_cells",
         "findings_error", "findings_warning")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、|^\([一二三四五六七八九十]+\)")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _squeeze(text: object) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _same_name(a: object, b: object) -> bool:
    x, y = _SUFFIX.sub("", _squeeze(a)), _SUFFIX.sub("", _squeeze(b))
    return bool(x) and bool(y) and (x == y or x in y or y in x)


def _same_amount(a: object, b: object) -> bool:
    try:
        return a is not None and b is not None and Decimal(str(a).replace(",", "")) == Decimal(str(b))
    except InvalidOperation:
        return False


def cell_row_key(name: object) -> str:
    """A table row's name as it is compared: no ordinal, and the 三公 items' wording variants as one."""
    key = _SUFFIX.sub("", _squeeze(name)).replace("（", "(").replace("）", ")")
    return _ORDINAL.sub("", key).replace("维护", "").replace("支出", "").replace("经费", "费")


def same_cell(g: dict, w: dict) -> bool:
    """A gold table cell (table, row_code/row_name, column, value) against a published one."""
    if g.get("table") != w.get("table_code") or g.get("column") != w.get("column_code"):
        return False
    if not _same_amount(g.get("value"), w.get("value")):
        return False
    if g.get("row_code"):
        return _squeeze(g["row_code"]) == _squeeze(w.get("row_code"))
    return cell_row_key(g.get("row_name")) == cell_row_key(w.get("row_name"))


def match_cells(gold: list[dict], got: list[dict], tally: Tally, doc: str = "") -> None:
    _match(gold, got, same_cell, tally,
           lambda r: f"{doc} {r.get('table', r.get('table_code'))}/{r.get('row_code') or r.get('row_name')}"
                     f"/{r.get('column', r.get('column_code'))}={r.get('value')}")


def same_finding(g: dict, w: dict) -> bool:
    """A gold ``expected_findings`` entry against a published finding: its rule, severity and
    figures (where the gold gives them), and the words it names (``written``) in its description."""
    return (g["rule_id"] == w["rule_id"] and g["severity"] == w["severity"]
            and all(_same_amount(g[k], w[k]) for k in ("expected", "stated") if g.get(k) is not None)
            and (not g.get("written") or g["written"] in str(w["description"])))


def match_findings(gold: list[dict], got: list[dict], kinds: dict[str, Tally], doc: str = "") -> None:
    """Error-level and warning-level findings against the gold's: precision counts every published one."""
    for severity in ("error", "warning"):
        _match([g for g in gold if g["severity"] == severity], [w for w in got if w["severity"] == severity],
               same_finding, kinds[f"findings_{severity}"],
               lambda r: f"{doc} {r['rule_id']} {r.get('expected')}/{r.get('stated')} {r.get('description', r.get('note', ''))}")


def _match(gold: list[dict], got: list[dict], same, tally: Tally, label) -> None:
    free = list(got)
    for g in gold:
        hit = next((w for w in free if same(g, w)), None)
        if hit is None:
            tally.fn += 1
            tally.misses.append(f"missing {label(g)}")
        else:
            free.remove(hit)
            tally.tp += 1
    tally.fp += len(free)
    tally.misses.extend(f"extra {label(w)}" for w in free)


def _by_doc(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[dict]]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in cur.fetchall():
        record = dict(zip(cols, row))
        grouped[Path(record["source_file"]).stem].append(record)  # a report's PDF and its text share a gold file
    return grouped


def evaluate(warehouse: Path, gold_dir: Path) -> dict[str, Tally]:
    """Tallies per kind of fact over every gold file in ``gold_dir``."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        docs = _by_doc(con, "select * from marts.documents")
        metrics = _by_doc(con, "select source_file, metric_code, value from marts.department_metrics")
        gpb = _by_doc(con, "select source_file, item_name, amount_wan_yuan from marts.gpb_expenditure_items")
        # gold lists 经济分类 items at the 款 level: 类 rows (3-digit codes) are not scored
        eco = _by_doc(con, "select source_file, item_name, amount_wan_yuan from marts.economic_expenditure_items "
                           "where economic_code is null or length(economic_code) <> 3")
        projects = _by_doc(con, "select source_file, project_name, budget_wan_yuan, actual_wan_yuan "
                                "from marts.performance_projects")
        indicators = _by_doc(con, "select source_file, project_name, level3, target_text, actual_text "
                                  "from marts.performance_indicators")
        cells = _by_doc(con, "select source_file, table_code, row_code, row_name, column_code, value "
                             "from marts.statement_table_cells")
        findings = _by_doc(con, "select source_file, rule_id, rule_family, severity, description, expected, stated "
                                "from marts.consistency_findings where status = 'fail'")
    kinds = {k: Tally() for k in KINDS}
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = Path(gold["doc"]).stem
        row = (docs.get(doc) or [{}])[0]
        expected = {"fiscal_year": gold.get("fiscal_year"), "department_name": gold.get("department"),
                    **(gold.get("region") or {})}
        for key, want in expected.items():
            if want not in (None, ""):
                ok = _squeeze(row.get(key)) == _squeeze(want)
                kinds["identity"].tp += ok
                kinds["identity"].fn += not ok
                if not ok:
                    kinds["identity"].misses.append(f"{doc} {key}: want {want!r} got {row.get(key)!r}")
        gold_metrics = [{"metric_code": c, "value": f["value"]} for c, f in gold.get("metrics", {}).items()]
        _match(gold_metrics, metrics.get(doc, []),
               lambda g, w: g["metric_code"] == w["metric_code"] and _same_amount(g["value"], w["value"]),
               kinds["metrics"], lambda r: f"{doc} {r['metric_code']}={r['value']}")
        _match(gold.get("gpb_items", []), gpb.get(doc, []),
               lambda g, w: _same_amount(g.get("amount"), w["amount_wan_yuan"]) and _same_name(g.get("item_name"), w["item_name"]),
               kinds["gpb_items"], lambda r: f"{doc} {r.get('item_name')}={r.get('amount', r.get('amount_wan_yuan'))}")
        _match(gold.get("economic_items", []), eco.get(doc, []),
               lambda g, w: _same_amount(g.get("amount"), w["amount_wan_yuan"]) and _same_name(g.get("name"), w["item_name"]),
               kinds["economic_items"], lambda r: f"{doc} {r.get('name', r.get('item_name'))}")
        gold_projects = gold.get("performance_projects", [])
        _match(gold_projects, projects.get(doc, []),
               lambda g, w: _squeeze(g.get("name")) == _squeeze(w["project_name"])
               and (g.get("budget") is None or _same_amount(g["budget"], w["budget_wan_yuan"]))
               and (g.get("actual") is None or _same_amount(g["actual"], w["actual_wan_yuan"])),
               kinds["projects"], lambda r: f"{doc} project {r.get('name', r.get('project_name'))}")
        gold_indicators = [dict(i, project=p.get("name")) for p in gold_projects for i in p.get("indicators", [])]
        _match(gold_indicators, indicators.get(doc, []),
               lambda g, w: _squeeze(g["project"]) == _squeeze(w["project_name"])
               and _squeeze(g.get("level3")) == _squeeze(w["level3"])
               and _squeeze(g.get("target")) == _squeeze(w["target_text"])
               and _squeeze(g.get("actual")) == _squeeze(w["actual_text"]),
               kinds["indicators"], lambda r: f"{doc} indicator {r.get('project', r.get('project_name'))}/{r.get('level3')}")
        if "table_cells" in gold:
            match_cells(gold["table_cells"], cells.get(doc, []), kinds["table_cells"], doc)
        if "expected_findings" in gold:
            match_findings(gold["expected_findings"], findings.get(doc, []), kinds, doc)
    return kinds


def report(kinds: dict[str, Tally], show_misses: bool = False) -> str:
    lines = []
    for name, t in kinds.items():
        lines.append(f"{name:16s} tp={t.tp:4d} fp={t.fp:4d} fn={t.fn:4d}  P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f}")
        if show_misses:
            lines.extend(f"    {m}" for m in t.misses)
    return "\n".join(lines)
