"""What each page shows, made from the dashboard's data (pipeline.dashboard.data)."""
from __future__ import annotations

import hashlib
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from operator import itemgetter

import duckdb

from pipeline.dashboard.data import DocumentRows, Summary, loaded_documents, three_public_ranking, three_public_rows

TOP = 10  # rows of the overview's "largest" and "fastest-growing" lists
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

# A doc_id that can name a file as it is (the warehouse's are 16 hex digits).
PAGE_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}")


def page_of(doc: dict) -> str:
    """A loaded document's page in the site: named by its doc_id, or by a digest of its source file when the
    doc_id could not name a file (absent, or a path)."""
    name = doc["doc_id"]
    if name is None or not PAGE_NAME.fullmatch(name):
        name = "document-" + hashlib.sha256(doc["source_file"].encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"departments/{name}.html"


def region(doc: dict) -> str:
    return " ".join(part for part in (doc.get("province"), doc.get("city"), doc.get("county")) if part)


def three_public_row(row: dict, pages: dict[str, str]) -> dict:
    """A 三公 row with what the pages show beside the mart's columns: link, region and combined change."""
    return {**row, "page": pages.get(row["source_file"]), "region": region(row),
            "vehicle_reception_change_pct": vehicle_reception_change_pct(row)}


# The columns of marts.three_public the combined change of vehicle and reception expenses is made from.
CHANGE_COLUMNS = tuple(f"{part}_expense{year}" for part in ("vehicle", "reception") for year in ("", "_previous_year"))


def vehicle_reception_change_pct(row: dict) -> Decimal | None:
    """The change of vehicle and reception expenses together, over the parts whose previous year is known."""
    known = [(row[f"{part}_expense"], row[f"{part}_expense_previous_year"]) for part in ("vehicle", "reception")]
    previous = sum((p for _, p in known if p is not None), Decimal(0))
    current = sum((c for c, p in known if c is not None and p is not None), Decimal(0))
    return (current - previous) / previous * 100 if previous else None


def totals_by_year_and_region(loaded: Iterable[dict]) -> list[dict]:
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


def largest_and_growing(rows: Iterable[dict]) -> tuple[list[dict], list[dict]]:
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


def overview(con: duckdb.DuckDBPyConnection, summary: Summary, loaded: list[dict], pages: dict[str, str]) -> dict:
    """The overview's data; the totals and the two 三公 lists from streams of every document (the lists ranked on
    the few columns they are ranked by, their rows then read whole)."""
    ranking = ({**r, "vehicle_reception_change_pct": vehicle_reception_change_pct(r)}
               for r in three_public_ranking(con, ("three_public_total", *CHANGE_COLUMNS)))
    largest, growing = largest_and_growing(ranking)
    listed = [r["source_file"] for r in largest + growing]
    rows = {r["source_file"]: three_public_row(r, pages) for r in (three_public_rows(con, listed) if listed else ())}
    largest, growing = [rows[r["source_file"]] for r in largest], [rows[r["source_file"]] for r in growing]
    years = sorted({d["fiscal_year"] for d in loaded if d["fiscal_year"]})
    regions = sorted({r for r in (region(d) for d in loaded) if r})
    reasons: dict[str, int] = defaultdict(int)
    for q in summary.quarantine:
        reasons[(q["reason"] or "").removeprefix(f"{q['source_file']}: ")] += 1
    return {
        "loaded": len(loaded), "quarantined": sum(1 for d in summary.documents if d["status"] == "quarantined"),
        "years": years, "regions": regions,
        "totals": totals_by_year_and_region(loaded_documents(con, TOTALS, evidence=False)),
        "largest": largest, "growing": growing,
        "quarantine": summary.quarantine, "quarantine_reasons": sorted(reasons.items(), key=lambda kv: -kv[1]),
        "findings_by_rule": summary.findings_by_rule,
    }


def neighbours(doc: dict, by_year: dict[tuple, dict]) -> tuple[dict | None, dict | None]:
    """The department's reports of the year before and the year after, where loaded."""
    return (by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) - 1)),
            by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) + 1)))


def heading(doc: dict) -> str:
    """A department page's title: the department and year, either of which a report may not state."""
    year = doc["fiscal_year"]
    return f"{doc['department_name'] or '未注明部门'} · {'未注明年度' if year is None else f'{year} 年度'}"


def department(doc: dict, rows: DocumentRows, three_public: dict[str, dict], by_year: dict[tuple, dict],
                pages: dict[str, str]) -> dict:
    """A department page's data: its document's rows; of the year before, the stated 三公 values (``three_public``:
    source file → values) and the page."""
    source = doc["source_file"]
    metrics = rows.metrics
    money = {c: m for c, m in metrics.items() if m["unit"] == "wan_yuan" and not c.startswith("yoy_")}
    sources = [m for c, m in money.items() if c.startswith("income_") and c not in INCOME_TOTALS]
    uses = [m for c, m in money.items() if c.startswith("expense_") and c not in EXPENSE_TOTALS]
    current = rows.three_public
    previous_doc, following_doc = neighbours(doc, by_year)
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
        "doc": doc, "heading": heading(doc), "region": region(doc), "metrics": metrics, "sources": sources, "uses": uses,
        "functions": functions, "function_source": rows.function_source, "three_public": current,
        "three_public_parts": parts,
        "previous_page": pages.get(previous_doc["source_file"]) if previous_doc else None,
        "following_page": pages.get(following_doc["source_file"]) if following_doc else None,
        "projects": rows.projects, "indicators": indicators, "findings": rows.findings,
    }

