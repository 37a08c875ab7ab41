"""The dashboard's data, read so that a build's memory does not grow with the corpus.

In memory: every document's row (9 columns), a few 三公 values of each, the
quarantine and the findings per rule. Streamed from DuckDB a few thousand rows
at a time: the long lists of the pages that show every department (三公,
departments, the overview's totals and top lists), and the rows of each
department page, in document order, read only for the documents whose digest
(made by DuckDB over all their mart rows) differs from the published page's:
a one-report change reads one report's rows. Marts that other parts of the
warehouse may not publish yet (``function_expenditure``) are read only when
they exist with the columns the dashboard needs; a document whose standard
tables were not read keeps its 功能分类 items from the narrative.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path

import duckdb

from pipeline.config import duckdb_memory_limit

# The columns of marts.function_expenditure the treemap needs; without them the
# 功能分类 chart reads marts.gpb_expenditure_items.
FUNCTION_EXPENDITURE_COLUMNS = {"source_file", "table_code", "subject_code", "subject_name", "total"}
# The table of the standard set whose 功能分类 rows are the 一般公共预算 expenditure, then any expenditure.
FUNCTION_TABLE_PREFERENCE = ("gpb_expense", "expense")
FETCH_ROWS = 10_000  # rows fetched from DuckDB at a time while streaming
DOCUMENTS_PER_PASS = 2_000  # documents whose page rows DuckDB sorts at a time

WANTED = "source_file in (select unnest($files))"

FUNCTION_ITEMS_FROM_TABLES = """
with rows as (
    select source_file, table_code, subject_code, subject_name, total,
           min(case table_code {preference} end) over (partition by source_file) as best
    from marts.function_expenditure
    where total is not null and {wanted}
),
chosen as (
    select * from rows where case table_code {preference} end = best
)
select i.source_file,
       left(i.subject_code, 3) as class_code, c.subject_name as class_name,
       substr(i.subject_code, 4, 2) as section_code, s.subject_name as section_name,
       substr(i.subject_code, 6, 2) as item_code, i.subject_name as item_name,
       i.total as amount_wan_yuan, null as evidence
from chosen as i
left join chosen as c on c.source_file = i.source_file and c.subject_code = left(i.subject_code, 3)
left join chosen as s on s.source_file = i.source_file and s.subject_code = left(i.subject_code, 5)
where length(i.subject_code) = 7
order by i.source_file, i.subject_code
"""

# A department page's rows, each query in document order first. Orders break ties down to the columns shown.
DOCUMENT_QUERIES = {
    "three_public": f"select * from marts.three_public where {WANTED} order by source_file",
    "metrics": f"""select source_file, metric_code, metric_name_zh, value, unit, evidence
                   from marts.department_metrics where {WANTED} order by source_file, metric_code""",
    "narrative_functions": f"""
        select source_file, class_code, class_name, section_code, section_name, item_code, item_name,
               amount_wan_yuan, evidence
        from marts.gpb_expenditure_items where {WANTED}
        order by source_file, subject_code nulls last, class_name, section_name, item_name, class_code,
                 section_code, item_code, amount_wan_yuan, evidence""",
    "projects": f"""select source_file, project_name, budget_wan_yuan, actual_wan_yuan, execution_rate_pct,
                           goal_expected, goal_actual
                    from marts.performance_projects where {WANTED} order by source_file, project_id""",
    "indicators": f"""select source_file, project_name, level1, level2, level3, target_text, actual_text, achieved,
                             achieved_reason
                      from marts.performance_indicators where {WANTED}
                      order by source_file, project_name, level1, level2, level3, target_text, actual_text,
                               achieved, achieved_reason""",
    "findings": f"""select source_file, rule_id, severity, status, description, expected, stated, difference, evidence
                    from marts.consistency_findings where {WANTED}
                    order by source_file, case severity when 'error' then 0 when 'warning' then 1 else 2 end,
                             status, rule_id, description, expected, stated, difference, evidence""",
}

# The marts a department page is made from (with marts.function_expenditure where it exists): a document's
# digest covers every column of its rows in them, so a page is remade when anything it may show changed.
DOCUMENT_MARTS = ("documents", "three_public", "department_metrics", "gpb_expenditure_items",
                  "performance_projects", "performance_indicators", "consistency_findings")


# Everything that is not published, one row per file, row or number, with its reason: marts.quarantine, and the
# documents that were not read at all (status ignored), which it does not list.
NOT_PUBLISHED = """
    select source_file, kind, reason_code, reason_zh, reason as detail, evidence from marts.quarantine
    union all
    select source_file, 'document', reason_code, reason_zh, quarantine_reason, null from marts.documents
    where status not in ('loaded', 'quarantined')"""

# Of each reason: the files, rows and numbers it holds back, the documents they belong to, and a digest of every
# row its page shows (with the document's name, year and page), in the order the overview lists the reasons.
QUARANTINE_REASONS = f"""
    select q.reason_code, any_value(q.reason_zh) as reason_zh,
           count(distinct q.source_file) as documents,
           count(*) filter (where q.kind = 'document') as files,
           count(*) filter (where q.kind like 'row:%') as rows,
           count(*) filter (where q.kind like 'cell:%') as numbers,
           count(distinct (q.source_file, q.kind)) filter (where q.kind like 'cell:%') as tables,
           format('{{}}:{{}}', count(*), sum(hash(q, d.doc_id, d.status, d.department_name, d.fiscal_year)::hugeint))
               as digest
    from ({NOT_PUBLISHED}) as q left join marts.documents as d using (source_file)
    group by q.reason_code
    order by documents desc, count(*) desc, q.reason_code nulls last"""


# Of each rule family: its findings by severity and status, and the reports with an inconsistency of the family.
FINDINGS_BY_FAMILY = """
    select f.*, coalesce(d.documents, 0) as documents
    from (select rule_family, rule_family_zh, severity, status, count(*) as findings
          from marts.consistency_findings group by all) as f
    left join (select rule_family, count(distinct source_file) as documents
               from marts.consistency_findings where status = 'fail' group by all) as d
           on d.rule_family is not distinct from f.rule_family
    order by f.rule_family, f.severity, f.status, f.rule_family_zh"""


@dataclass
class Summary:
    """What the corpus-wide pages need in memory: every document's row and the 三公 values a department page
    compares with the year before; the reasons of the quarantine and the findings per rule and per family.
    The pages' long lists are streamed (``three_public_rows``, ``loaded_documents``, ``quarantined``)."""

    documents: list[dict]
    quarantine_reasons: list[dict]
    findings_by_rule: list[dict]
    findings_by_family: list[dict]
    dictionary: list[dict]
    views: dict[str, str]
    built_at: datetime
    three_public: dict[str, dict] = field(default_factory=dict)  # source file → fiscal year, city, compared values
    table_names: dict[str, str] = field(default_factory=dict)  # table code of the standard set → its Chinese title
    metric_names: dict[str, str] = field(default_factory=dict)  # metric code → its Chinese name (core.dim_metric)


@dataclass
class DocumentRows:
    """Everything of one document that its department page shows."""

    three_public: dict | None = None  # the document's row of marts.three_public
    metrics: dict[str, dict] = field(default_factory=dict)  # metric code → row
    function_items: list[dict] = field(default_factory=list)
    function_source: str | None = None  # the mart the 功能分类 items come from
    projects: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The published warehouse, read-only, with the build's memory limit (DuckDB spills its sorts beyond it)."""
    return duckdb.connect(str(warehouse), read_only=True, config={"memory_limit": duckdb_memory_limit()})


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[dict]:
    rel = con.execute(sql, params)
    columns = [d[0] for d in rel.description]
    return [dict(zip(columns, row)) for row in rel.fetchall()]


def _stream(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> Iterator[dict]:
    """A query's rows as dicts, a few thousand fetched at a time, on a connection of its own (several queries
    stream side by side)."""
    with con.cursor() as cursor:
        result = cursor.execute(sql, params)
        columns = [d[0] for d in result.description]
        for chunk in iter(lambda: result.fetchmany(FETCH_ROWS), []):
            for row in chunk:
                yield dict(zip(columns, row))


def _has_function_expenditure(con: duckdb.DuckDBPyConnection) -> bool:
    found = {c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = 'marts' "
                                       "and table_name = 'function_expenditure'").fetchall()}
    return FUNCTION_EXPENDITURE_COLUMNS <= found


def load_summary(con: duckdb.DuckDBPyConnection, compared: Iterable[str]) -> Summary:
    """The corpus-wide data held in memory: documents, quarantine, findings per rule, and of each 三公 row its
    year, city and the ``compared`` columns."""
    columns = ", ".join(["fiscal_year", "city", *compared])
    return Summary(
        documents=_rows(con, "select * from marts.documents order by department_name, fiscal_year, source_file"),
        quarantine_reasons=_rows(con, QUARANTINE_REASONS),
        findings_by_rule=_rows(con, "select rule_family_zh, rule_id, severity, status, "
                                    "count(*) as findings, count(distinct source_file) as documents "
                                    "from marts.consistency_findings group by all "
                                    "order by status, findings desc, rule_id, severity, rule_family_zh"),
        findings_by_family=_rows(con, FINDINGS_BY_FAMILY),
        dictionary=_rows(con, "select table_name, column_name, data_type, comment from duckdb_columns() "
                              "where schema_name = 'marts' order by table_name, column_index"),
        views={name: comment for name, comment in con.execute(
            "select view_name, comment from duckdb_views() where schema_name = 'marts'").fetchall()},
        built_at=con.execute("select built_at from meta.build_info").fetchall()[0][0],
        table_names=dict(con.execute("select table_code, table_name_zh from core.dim_statement_table").fetchall()),
        metric_names=dict(con.execute("select metric_code, metric_name_zh from core.dim_metric").fetchall()),
        three_public={row.pop("source_file"): row for row in _rows(
            con, f"select source_file, {columns} from marts.three_public")},
    )


def quarantined(con: duckdb.DuckDBPyConnection, reason_code: str | None) -> Iterator[dict]:
    """The files, rows and numbers one reason holds back (``None``: those without a code), by document, with the
    document's name, year, doc_id and status."""
    return _stream(con, f"""
        select q.*, d.doc_id, d.status, d.department_name, d.fiscal_year
        from ({NOT_PUBLISHED}) as q
        left join marts.documents as d using (source_file)
        where q.reason_code is not distinct from $code
        order by q.source_file, q.kind, q.detail, q.evidence""", {"code": reason_code})


def quarantined_by_table(con: duckdb.DuckDBPyConnection, reason_code: str | None) -> list[dict]:
    """How many rows and numbers one reason holds back in each document's table (its whole files aside)."""
    return _rows(con, f"""
        select q.source_file, q.kind, count(*) as held
        from ({NOT_PUBLISHED}) as q
        where q.reason_code is not distinct from $code and q.kind <> 'document'
        group by all order by q.source_file, q.kind""", {"code": reason_code})


THREE_PUBLIC_ORDER = "three_public_total desc nulls last, source_file"  # largest total first


def three_public_order(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The source files of marts.three_public, largest total first."""
    return [r["source_file"] for r in three_public_ranking(con)]


def three_public_rows(con: duckdb.DuckDBPyConnection, files: list[str] | None = None) -> Iterator[dict]:
    """The rows of marts.three_public (of ``files``, or all), largest total first, with ``evidence``: metric
    code → the sentence of each of its columns that is a metric the document states."""
    wanted = "true" if files is None else WANTED
    return _stream(con, f"""
        select t.*, coalesce(e.evidence, map()) as evidence
        from marts.three_public as t
        left join (select source_file, map(list(metric_code order by metric_code),
                                           list(evidence order by metric_code)) as evidence
                   from marts.department_metrics
                   where metric_code in (select column_name from duckdb_columns()
                                         where schema_name = 'marts' and table_name = 'three_public')
                     and {wanted}
                   group by source_file) as e using (source_file)
        where {wanted}
        order by {THREE_PUBLIC_ORDER}""", None if files is None else {"files": files})


def three_public_ranking(con: duckdb.DuckDBPyConnection, columns: Iterable[str] = ()) -> Iterator[dict]:
    """Every row of marts.three_public, largest total first, with only its source file and ``columns``: what the
    overview ranks all documents by (the rows it lists are read whole with ``three_public_rows``)."""
    return _stream(con, f"select {', '.join(['source_file', *columns])} from marts.three_public "
                        f"order by {THREE_PUBLIC_ORDER}")


def loaded_documents(con: duckdb.DuckDBPyConnection, totals: Iterable[str], files: list[str] | None = None,
                     evidence: bool = True) -> Iterator[dict]:
    """The loaded documents (of ``files``, or all) in the order of the list of departments, each with
    ``totals``: metric code → value and evidence (None unless asked for), of the ``totals`` it states."""
    return _stream(con, f"""
        select d.*, coalesce(m.totals, map()) as totals
        from marts.documents as d
        left join (select source_file, map(list(metric_code order by metric_code),
                                           list({{'value': value, 'evidence': {'evidence' if evidence else 'null'}}}
                                                order by metric_code)) as totals
                   from marts.department_metrics where metric_code in (select unnest($codes))
                   group by source_file) as m using (source_file)
        where d.status = 'loaded' and {"true" if files is None else WANTED}
        order by d.department_name, d.fiscal_year, d.source_file""",
                   {"codes": list(totals), **({} if files is None else {"files": files})})


def document_digests(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Source file → a digest of every row of the document in the marts its page is made from.

    The digest is the row count and the sum of the rows' hashes (DuckDB's 64-bit ``hash`` of the mart's name
    and the whole row): it does not depend on the order of the rows, and DuckDB aggregates it in a fixed space
    per document, several times faster than an MD5 of each row's JSON. ``hash`` may differ between DuckDB
    versions, which is why the pages' code fingerprint names DuckDB's.
    """
    marts = [*DOCUMENT_MARTS, *(("function_expenditure",) if _has_function_expenditure(con) else ())]
    rows = " union all ".join(f"select source_file, hash('{mart}', m)::hugeint as h from marts.{mart} as m"
                              for mart in marts)
    return dict(con.execute(f"select source_file, format('{{}}:{{}}', count(*), sum(h)) from ({rows}) "
                            "group by source_file").fetchall())


def _groups(con: duckdb.DuckDBPyConnection, sql: str, files: list[str]) -> Iterator[tuple[str, list[dict]]]:
    """(source file, rows) of a query in document order."""
    for source, group in itertools.groupby(_stream(con, sql, {"files": files}), key=itemgetter("source_file")):
        yield source, list(group)


class _InOrder:
    """One query's groups, taken document by document in the order the documents are asked for."""

    def __init__(self, groups: Iterator[tuple[str, list[dict]]]):
        self._groups = groups
        self._next = next(groups, None)

    def take(self, source: str) -> list[dict]:
        if self._next is None or self._next[0] != source:
            if self._next is not None and self._next[0] < source:
                raise RuntimeError(f"rows of {self._next[0]} came out of document order")
            return []
        rows = self._next[1]
        self._next = next(self._groups, None)
        return rows


def stream_documents(con: duckdb.DuckDBPyConnection, files: list[str]) -> Iterator[tuple[str, DocumentRows]]:
    """Each of ``files`` with its rows, in sorted order, one document's rows in memory at a time; DuckDB sorts
    the rows of ``DOCUMENTS_PER_PASS`` documents at a time (all of them at once need more than its memory
    limit on a large corpus)."""
    files = sorted(files)
    queries = dict(DOCUMENT_QUERIES)
    if _has_function_expenditure(con):
        preference = " ".join(f"when '{code}' then {rank}" for rank, code in enumerate(FUNCTION_TABLE_PREFERENCE))
        queries["table_functions"] = FUNCTION_ITEMS_FROM_TABLES.format(preference=preference, wanted=WANTED)
    for start in range(0, len(files), DOCUMENTS_PER_PASS):
        yield from _documents(con, queries, files[start:start + DOCUMENTS_PER_PASS])


def _documents(con: duckdb.DuckDBPyConnection, queries: dict[str, str],
               files: list[str]) -> Iterator[tuple[str, DocumentRows]]:
    streams = {name: _InOrder(_groups(con, sql, files)) for name, sql in queries.items()}
    for source in files:
        taken = {name: stream.take(source) for name, stream in streams.items()}
        functions, function_source = taken.get("table_functions"), "function_expenditure"
        if not functions:
            functions, function_source = taken["narrative_functions"], "gpb_expenditure_items"
        yield source, DocumentRows(three_public=next(iter(taken["three_public"]), None),
                                   metrics={m["metric_code"]: m for m in taken["metrics"] if m["metric_code"]},
                                   function_items=functions, function_source=function_source if functions else None,
                                   projects=taken["projects"], indicators=taken["indicators"],
                                   findings=taken["findings"])
