"""`make sql`: the README's example queries run as written; the prompt is read-only."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal

import duckdb

from pipeline.config import PROJECT_ROOT
from pipeline.sql_shell import run_script
from tests.conftest import SAMPLES, gold_for


def readme_queries() -> str:
    """The SQL block of the README's Querying section, exactly as printed there."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Querying", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the Querying section has one SQL block"
    return blocks[0]


def test_the_readme_queries_run_as_written(samples_warehouse):
    results = []
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        failed = run_script(con, readme_queries(), output=lambda rel: results.append((rel.columns, rel.fetchall())))
    assert failed == 0
    assert len(results) == 3 and all(rows for _, rows in results)
    columns, rows = results[0]
    by_person = {}
    for name in SAMPLES:
        metrics = gold_for(name)["metrics"]
        by_person[gold_for(name)["department"]] = (Decimal(metrics["reception_domestic_expense"]["value"]) * 10000
                                                   / Decimal(metrics["reception_domestic_persons"]["value"]))
    top = max(by_person, key=by_person.get)
    assert rows[0][columns.index("department_name")] == top
    assert rows[0][columns.index("reception_yuan_per_person")] == round(by_person[top], 2)


def test_the_prompt_runs_a_script_from_standard_input_and_cannot_write(samples_warehouse):
    script = "select count(*) as n from marts.documents;\ncreate table marts.scratch as select 1;\n"
    env = {**os.environ, "BUDGET_WAREHOUSE": str(samples_warehouse)}
    done = subprocess.run([sys.executable, "-m", "pipeline", "sql"], input=script, capture_output=True, text=True,
                          env=env, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    assert re.search(rf"│\s+{len(SAMPLES)}\s+│", done.stdout), done.stdout
    assert "read-only" in done.stderr
