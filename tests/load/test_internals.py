"""The library internals of pipeline/load/internals.py hold for the versions they were written for, and only
there: an upgrade fails here first, where the code to look at is."""
from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.load.internals import WRITTEN_FOR, installed_versions, sqlite_event_log

ROOT = Path(__file__).parent.parent.parent


def test_the_installed_libraries_are_the_versions_the_internals_were_written_for():
    assert installed_versions() == WRITTEN_FOR


def test_the_internals_still_exist_where_they_were():
    storage, shard, timeout, config_data = sqlite_event_log()
    assert hasattr(storage, "index_connection") and isinstance(shard, str) and timeout > 0 and config_data


def test_no_other_module_uses_a_library_internal():
    found = subprocess.run(["git", "grep", "-lE", r"dagster\._|_LOCK|_ENV\b|asset_utils|DbtCoreCliEventMessage",
                            "--", "pipeline"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert set(found) <= {"pipeline/load/internals.py"}, found
