"""Per-document extraction results, keyed by content and code version.

Nightly runs over thousands of unchanged files should not read them again:
a file's extraction is reused while neither its bytes nor the pipeline's code
and vocabularies have changed.
"""
from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path

from pipeline.config import PROJECT_ROOT
from pipeline.extract.document import ExtractedDocument


@cache
def code_version() -> str:
    """Hash of everything that decides what extraction produces."""
    digest = hashlib.sha256()
    roots = [PROJECT_ROOT / "pipeline", PROJECT_ROOT / "data" / "reference", PROJECT_ROOT / "data" / "dicts"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".yaml", ".csv", ".txt"} and "__pycache__" not in path.parts:
                digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class ExtractionCache:
    def __init__(self, root: Path):
        self.root = root / "extracted" / code_version()

    def _path(self, sha256: str) -> Path:
        return self.root / f"{sha256}.pickle"

    def get(self, sha256: str) -> ExtractedDocument | None:
        path = self._path(sha256)
        if not path.exists():
            return None
        try:
            return pickle.loads(path.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError):
            return None  # a damaged entry is re-extracted

    def put(self, doc: ExtractedDocument) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self._path(doc.sha256).with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(doc))
        tmp.replace(self._path(doc.sha256))
