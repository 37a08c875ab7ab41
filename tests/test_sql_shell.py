"""`make sql`: DuckDB's command line (duckdb-cli 1.5) on the published warehouse, read-only and in safe mode."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.sql_shell import cli, command
from tests.conftest import SAMPLES, gold_for


def readme_queries() -> str:
    """The SQL block of the README's Querying section, exactly as printed there."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Querying", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the Querying section has one SQL block"
    return blocks[0]


def make_sql(warehouse: Path, script: str) -> subprocess.CompletedProcess:
    """`python -m pipeline sql` (what `make sql` runs) with the script on standard input."""
    env = {**os.environ, "BUDGET_WAREHOUSE": str(warehouse)}
    return subprocess.run([sys.executable, "-m", "pipeline", "sql"], input=script, capture_output=True, text=True,
                          env=env, cwd=PROJECT_ROOT, timeout=120)


def cli_results(warehouse: Path, script: str) -> list[list[dict]]:
    """The results of the script run by the same read-only, safe CLI, each as JSON rows (DECIMAL as text)."""
    done = subprocess.run(command(warehouse, "-json"), input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    decoder, text, results, at = json.JSONDecoder(), done.stdout, [], 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        result, at = decoder.raw_decode(text, at)
        results.append(result)
    return results


def test_the_command_line_is_duckdb_1_5():
    done = subprocess.run([str(cli()), "-version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("v1.5."), done.stdout


def test_duckdb_1_5_reads_the_storage_format_recorded_in_the_build(samples_warehouse):
    info, database = cli_results(samples_warehouse, "select storage_version from meta.build_info;\n"
                                 "select tags['storage_version'] as tag from duckdb_databases() "
                                 "where database_name = current_database();")
    assert info == [{"storage_version": "v1.0.0+"}]
    assert database == [{"tag": "v1.0.0+"}]


def test_the_readme_queries_run_as_written(samples_warehouse):
    results = cli_results(samples_warehouse, readme_queries())
    assert len(results) == 3 and all(results)
    by_person = {}
    for name in SAMPLES:
        gold = gold_for(name)
        metrics = gold["metrics"]
        by_person[gold["department"]] = (Decimal(metrics["reception_domestic_expense"]["value"]) * 10000
                                         / Decimal(metrics["reception_domestic_persons"]["value"]))
    top = max(by_person, key=by_person.get)
    assert results[0][0]["department_name"] == top
    assert Decimal(results[0][0]["reception_yuan_per_person"]) == round(by_person[top], 2)
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        stated = con.execute("select department_name, metric_code, value::varchar from marts.department_metrics "
                             "where metric_code in ('income_total', 'expense_total')").fetchall()
        failing = con.execute("select count(*) from marts.consistency_findings where status = 'fail'").fetchone()[0]
    assert sorted((r["department_name"], r["metric_code"], r["value"]) for r in results[1]) == sorted(stated)
    assert len(stated) == 2 * len(SAMPLES) and all(row["evidence"] for row in results[1])
    assert len(results[2]) == failing > 0


def test_a_script_on_standard_input_prints_its_results(samples_warehouse):
    done = make_sql(samples_warehouse, "select count(*) as n from marts.documents;\n")
    assert done.returncode == 0, done.stderr
    assert re.search(rf"│\s+{len(SAMPLES)}\s+│", done.stdout), done.stdout


def test_the_data_dictionary_is_there(samples_warehouse):
    done = make_sql(samples_warehouse, ".tables\ndescribe marts.three_public;\n")
    assert done.returncode == 0, done.stderr
    assert "three_public" in done.stdout and "reception_yuan_per_person" in done.stdout
    (columns,) = cli_results(samples_warehouse, "select count(*) as n, count(comment) as described "
                                                "from duckdb_columns() where schema_name = 'marts';")
    assert columns[0]["n"] > 100 and columns[0]["described"] == columns[0]["n"]


@pytest.mark.parametrize("statement, refusal", [
    ("copy marts.documents to '{out}'", "file system operations are disabled by configuration"),
    ("copy (select 1) to '{out}' (format parquet)", "file system operations are disabled by configuration"),
    ("attach '{out}' as other", "file system operations are disabled by configuration"),
    ("install httpfs", "disabled by configuration"),
    ("load httpfs", "Loading external extensions is disabled"),
    ("select * from read_csv('{csv}')", "file system operations are disabled by configuration"),
    ("select * from read_text('{csv}')", "file system operations are disabled by configuration"),
    ("set enable_external_access = true", "the configuration has been locked"),
    ("create table marts.scratch as select 1", "read-only mode"),
    (".shell touch {out}", "cannot be used in -safe mode"),
    (".output {out}", "cannot be used in -safe mode"),
    (".open {out}", "cannot be used in -safe mode"),
    (".read {csv}", "cannot be used in -safe mode"),
])
def test_what_reaches_beyond_the_warehouse_is_refused(samples_warehouse, tmp_path, statement, refusal):
    out, csv = tmp_path / "out.csv", tmp_path / "other.csv"
    csv.write_text("outside\nnot_for_the_prompt\n", encoding="utf-8")
    line = statement.format(out=out, csv=csv)
    script = f"{line}{'' if line.startswith('.') else ';'}\nselect 'still here' as after;\n"
    done = make_sql(samples_warehouse, script)
    assert done.returncode != 0
    assert refusal in done.stderr, done.stderr
    assert "still here" in done.stdout  # the session goes on after a refusal
    assert not out.exists()
    assert "not_for_the_prompt" not in done.stdout


def test_without_a_warehouse_it_says_how_to_build_one(tmp_path):
    done = make_sql(tmp_path / "none.duckdb", "select 1;\n")
    assert done.returncode == 1
    assert "build it first with `make run`" in done.stderr
    assert not (tmp_path / "none.duckdb").exists()
