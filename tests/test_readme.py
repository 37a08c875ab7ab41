"""The README is for users: at most 200 lines, and every path it names exists in the project."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
# What a run makes (the README tells where to find it): not in a fresh clone.
MADE_BY_A_RUN = ("data/warehouse", "data/dagster_home", "data/dashboard", "data/export", "data/cache", ".tools", ".venv")


def _named_paths(text: str) -> set[str]:
    quoted = re.findall(r"`([^`\s]+)`", text) + re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    return {q.rstrip("/.,:") for q in quoted
            if "/" in q and not q.startswith(("http", "<", "-")) and "…" not in q and "://" not in q}


def test_the_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_every_path_the_readme_names_exists():
    paths = _named_paths(README.read_text(encoding="utf-8"))
    assert "pipeline/defs/build.py" in paths  # the test reads what the README names
    missing = [p for p in sorted(paths) if not p.startswith(MADE_BY_A_RUN)
               and not (list(ROOT.glob(p)) if "*" in p else (ROOT / p).exists())]
    assert not missing, missing
