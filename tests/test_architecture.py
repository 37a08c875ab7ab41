"""The layout a newcomer relies on: stages import only earlier stages, and modules stay readable."""
from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).parent.parent / "pipeline"
# The stages in the order data flows; text and config are foundations every stage may import. Modules at
# the top of the package (definitions, __main__, evaluate …) and the Dagster layer (defs) sit above them all.
STAGES = ("text", "config", "ingest", "segment", "extract", "validate", "lake", "load", "dashboard")
MAX_LINES = 500


def _stage(path: Path) -> str | None:
    parts = path.relative_to(PIPELINE).with_suffix("").parts
    return parts[0] if parts[0] in STAGES else None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
    return [m for m in out if m.startswith("pipeline.")]


def test_no_stage_imports_a_later_stage_or_the_dagster_layer():
    upward = []
    for path in sorted(PIPELINE.rglob("*.py")):
        stage = _stage(path)
        if stage is None:
            continue
        for module in _imports(path):
            target = module.split(".")[1]
            if target not in STAGES or STAGES.index(target) > STAGES.index(stage):
                upward.append(f"{path.relative_to(PIPELINE.parent)} imports {module}")
    assert not upward, upward


def test_modules_stay_under_five_hundred_lines():
    long = {str(p.relative_to(PIPELINE.parent)): n for p in PIPELINE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
