"""Test tiers, as pytest markers: `make check` runs the fast tier, `make test` every tier.

- ``browser``: drives Chromium (tests/browser);
- ``fault``: kills, signals, full disks and concurrent runs (tests/robustness/test_faults.py, test_signals.py);
- ``slow``: builds a warehouse or runs the command line, or sweeps the template fuzzer's sample.

A module is marked by what it does, read from its source, so a new test that builds is slow without anyone
remembering to say so.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

_BUILDS = re.compile(r"build_warehouse\(|samples_warehouse|samples_site|execute_in_process|\"pipeline\", \"run\"|"
                     r"-m pipeline run|check\(make_variant|build_models\(|publish_warehouse\(|building_warehouse\(|"
                     r"mirror_of\(|build_dashboard\(|materialize\(")
_FAULT_MODULES = {"test_faults.py", "test_signals.py"}


@cache
def _tiers(path: Path) -> tuple[str, ...]:
    if "browser" in path.parts:
        return ("browser", "slow")
    tiers = ["fault", "slow"] if path.name in _FAULT_MODULES else []
    if "slow" not in tiers and _BUILDS.search(path.read_text(encoding="utf-8")):
        tiers.append("slow")
    return tuple(tiers)


def pytest_configure(config: pytest.Config) -> None:
    for name, what in (("slow", "builds a warehouse, runs the command line or sweeps many inputs"),
                       ("browser", "drives headless Chromium"),
                       ("fault", "kills, signals, fills a disk or races two runs")):
        config.addinivalue_line("markers", f"{name}: {what}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for tier in _tiers(Path(str(item.path))):
            item.add_marker(tier)
