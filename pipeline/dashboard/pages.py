"""What each page shows, made from the dashboard's data (pipeline.dashboard.data)."""
from __future__ import annotations

import hashlib
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import itemgetter

import duckdb

from pipeline.dashboard.data import (DocumentRows, Summary, loaded_documents, quarantined, quarantined_by_table,
                                    three_public_ranking, three_public_rows)
from pipeline.dashboard.formatting import SEVERITY_NAMES

TOP = 10  # rows of the overview's "largest" and "fastest-growing" lists, and at most its lines of quarantine
# The 三公 components, in the order the reports state them (their names come from the warehouse's dim_metric).
THREE_PUBLIC_PARTS = ("outbound_expense", "vehicle_expense", "reception_expense")
# Totals are shown on their own; the other 收入/支出 metrics in 万元 are the structure by source and by use.
INCOME_TOTALS = {"income_total", "income_grand_total"}
EXPENSE_TOTALS = {"expense_total", "expense_grand_total"}
# The totals of each document that the overview adds up and the list of departments shows.
TOTALS = ("income_total", "expense_total", "three_public_total")
# The 三公 values a department page compares with its report of the year before.
COMPARED = (*THREE_PUBLIC_PARTS, "three_public_total")

# A doc_id that can name a file as it is (the warehouse's are 16 hex digits).
PAGE_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}")


def _file_name(name: str | None, prefix: str, named_by: str) -> str:
    """``name`` where it can name a file as it is, else a digest of ``named_by``."""
    if name is not None and PAGE_NAME.fullmatch(name):
        return name
    return prefix + hashlib.sha256(named_by.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def page_of(doc: dict) -> str:
    """A loaded document's page in the site: named by its doc_id, or by a digest of its source file when the
    doc_id could not name a file (absent, or a path)."""
    return f"departments/{_file_name(doc['doc_id'], 'document-', doc['source_file'])}.html"


def reason_page(code: str | None) -> str:
    """The page of a reason things are not published (``None``: those without a code)."""
    return f"quarantine/{_file_name(code, 'reason-', repr(code))}.html"


def reason_lines(reasons: list[dict]) -> list[dict]:
    """The reasons of the quarantine (``Summary.quarantine_reasons``), each with its page."""
    return [{**r, "page": reason_page(r["reason_code"])} for r in reasons]


def quarantine_lines(reasons: list[dict]) -> list[dict]:
    """The overview's lines of quarantine: a line per reason, at most TOP; where there are more, the last line
    adds up the other reasons (all of them are on the quarantine page)."""
    lines = reason_lines(reasons)
    if len(lines) <= TOP:
        return lines
    rest = lines[TOP - 1:]
    other = {key: sum(r[key] for r in rest) for key in ("files", "rows", "numbers", "tables")}
    return [*lines[:TOP - 1], {"reason_code": None, "reason_zh": f"其他 {len(rest)} 种原因", "page": "quarantine.html",
                               "documents": None, **other}]


def kind_label(kind: str | None, table_names: dict[str, str]) -> str:
    """What a quarantined item is, as a Chinese reader names it: a whole file, a row of a table, a number of a
    standard table (by its title)."""
    kind = kind or ""
    if kind.startswith("row:"):
        return f"记录（{kind.removeprefix('row:')}）"
    if kind.startswith("cell:"):
        table = kind.removeprefix("cell:")
        return f"数字（{table_names.get(table, table)}）"
    return "整个文件" if kind == "document" else kind


def reason(con: duckdb.DuckDBPyConnection, line: dict, pages: dict[str, str], table_names: dict[str, str]) -> dict:
    """A reason page's data: what it holds back in each document's table, then each file, row or number (streamed)
    with its document's page."""
    def rows() -> Iterator[dict]:
        for row in quarantined(con, line["reason_code"]):
            detail = (row["detail"] or "").removeprefix(f"{row['source_file']}: ")  # the file is in its own column
            yield {**row, "detail": detail, "what": kind_label(row["kind"], table_names),
                   "page": pages.get(row["source_file"])}

    tables = [{**t, "what": kind_label(t["kind"], table_names), "page": pages.get(t["source_file"])}
              for t in quarantined_by_table(con, line["reason_code"])]
    return {"reason": line, "tables": tables, "rows": rows()}


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
    return {
        "loaded": len(loaded), "not_loaded": len(summary.documents) - len(loaded),
        "years": years, "regions": regions,
        "totals": totals_by_year_and_region(loaded_documents(con, TOTALS, evidence=False)),
        "largest": largest, "growing": growing,
        "quarantine": quarantine_lines(summary.quarantine_reasons), "reasons": len(summary.quarantine_reasons),
        "findings_by_family": findings_by_family(summary.findings_by_family),
        "findings_by_rule": summary.findings_by_rule,
    }


SEVERITIES = tuple(SEVERITY_NAMES)


def findings_by_family(rows: list[dict]) -> list[dict]:
    """A line per rule family: its inconsistent findings by severity (``fail``), its rules that could not be
    checked (``insufficient_data``), and the reports with an inconsistency of the family."""
    families: dict[str, dict] = {}
    for row in rows:
        family = families.setdefault(row["rule_family"], {"rule_family": row["rule_family"],
                                                          "rule_family_zh": row["rule_family_zh"],
                                                          **dict.fromkeys(SEVERITIES, 0), "other": 0,
                                                          "insufficient_data": 0, "documents": row["documents"]})
        if row["status"] == "fail":
            family[row["severity"] if row["severity"] in SEVERITIES else "other"] += row["findings"]
        else:
            family["insufficient_data"] += row["findings"]
    return sorted(families.values(), key=lambda f: (-sum(f[s] for s in SEVERITIES), f["rule_family"] or ""))


def neighbours(doc: dict, by_year: dict[tuple, dict]) -> tuple[dict | None, dict | None]:
    """The department's reports of the year before and the year after, where loaded."""
    return (by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) - 1)),
            by_year.get((doc["department_name"], (doc["fiscal_year"] or 0) + 1)))


def heading(doc: dict) -> str:
    """A department page's title: the department and year, either of which a report may not state."""
    year = doc["fiscal_year"]
    return f"{doc['department_name'] or '未注明部门'} · {'未注明年度' if year is None else f'{year} 年度'}"


def year_label(doc: dict) -> str:
    """The report's year as a column names it: 本年 where the report does not state it."""
    return "本年" if doc["fiscal_year"] is None else f"{doc['fiscal_year']} 年"


def department(doc: dict, rows: DocumentRows, three_public: dict[str, dict], by_year: dict[tuple, dict],
                pages: dict[str, str], names: dict[str, str]) -> dict:
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
        for code, name in [*((c, names.get(c, c)) for c in THREE_PUBLIC_PARTS), ("three_public_total", "合计")]:
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
        "doc": doc, "heading": heading(doc), "year": year_label(doc), "region": region(doc), "metrics": metrics,
        "sources": sources, "uses": uses,
        "functions": functions, "function_source": rows.function_source, "three_public": current,
        "three_public_parts": parts,
        "previous_page": pages.get(previous_doc["source_file"]) if previous_doc else None,
        "following_page": pages.get(following_doc["source_file"]) if following_doc else None,
        "projects": rows.projects, "indicators": indicators, "findings": rows.findings,
    }

