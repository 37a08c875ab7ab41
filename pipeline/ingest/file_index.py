"""Content hashes of the raw folder's files, computed again only for files that changed on disk.

Hashing every byte of 100,000 reports each time the folder is looked at
would take longer than the look itself; a file whose size, modification time
(ns) and inode are as recorded has the recorded hash, as in git's index. A
file changed less than ``SETTLE_NS`` before it was hashed is hashed again next
time (a second write within the clock's tick would keep size and time). The
index is a cache: a damaged or missing one is rebuilt by hashing, and it is
replaced whole (written beside, then renamed), so concurrent writers cannot
tear it.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from pipeline.ingest.reader import file_sha256


SETTLE_NS = 2_000_000_000


class FileIndex:
    def __init__(self, path: Path):
        self.path = path
        try:
            self._known: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._known = {}
        self._seen: dict[str, list] = {}

    def sha256(self, file: Path) -> str:
        """The file's content hash (OSError when it cannot be read)."""
        key = str(file)
        st = os.stat(key)
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = self._known.get(key)
        sha = known[3] if known and known[:3] == stamp else file_sha256(file)
        settled = time.time_ns() - st.st_mtime_ns > SETTLE_NS
        self._seen[key] = [*stamp, sha] if settled else [None, None, None, sha]
        return sha

    def save(self) -> None:
        """Keep the files looked at since loading (the others are gone or belong to another folder)."""
        if self._seen == self._known:
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(self._seen), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a full disk costs the index, not the run
