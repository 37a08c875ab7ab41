"""The raw folder's survey: every entry not read is ignored with its own reason code."""
from __future__ import annotations

import os

from pipeline.ingest.survey import survey


def test_each_kind_of_entry_not_read_has_its_code(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.txt").write_text("x", encoding="utf-8")
    (raw / ".hidden.txt").write_text("x", encoding="utf-8")
    (raw / "folder").mkdir()
    os.mkfifo(raw / "pipe")
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    (raw / "to_outside.txt").symlink_to(tmp_path / "outside.txt")
    (raw / "to_nothing.txt").symlink_to(raw / "gone.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    (raw / "to_report.txt").symlink_to(raw / "report.txt")
    files, ignored = survey(raw)
    assert [f.name for f in files] == ["report.txt", "to_report.txt"]
    assert {q.source_file: (q.status, q.reason_code) for q in ignored} == {
        ".hidden.txt": ("ignored", "hidden"),
        "folder": ("ignored", "subdirectory"),
        "pipe": ("ignored", "not_regular_file"),
        "to_outside.txt": ("ignored", "link_outside"),
        "to_nothing.txt": ("ignored", "link_dangling"),
        "loop.txt": ("ignored", "link_loop"),
    }
    assert all(q.reason.startswith(f"{q.source_file}: ignored, ") for q in ignored)


def test_a_missing_folder_has_no_entries(tmp_path):
    assert survey(tmp_path / "missing") == ([], [])
