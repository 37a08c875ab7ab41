"""Per-document extraction results, keyed by content and code version.

Nightly runs over thousands of unchanged files should not read them again:
a file's extraction is reused while neither its bytes nor the code,
vocabularies and reference tables that decide extraction have changed.

An entry is data, never code: gzip-compressed JSON of the document's
dataclasses (Decimal as a string), rebuilt field by field from the type
annotations, so a new record field needs no change here. The header holds the
document's content hash, the code version and a hash of the payload; an entry
that does not match its key, is damaged or has the wrong shape is ignored and
re-extracted. Directories of other code versions are removed.
"""
from __future__ import annotations

import base64
import dataclasses
import functools
import gzip
import hashlib
import json
import os
import types
import typing
import zlib
from array import array
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from pipeline.config import PROJECT_ROOT
from pipeline.extract.document import ExtractedDocument
from pipeline.ingest.reader import RawDocument

FORMAT = 1
# What decides extraction's output: decoding, normalising, segmenting, extracting, and their data.
CODE_ROOTS = ("pipeline/ingest", "pipeline/segment", "pipeline/extract", "data/dicts")
_VERSIONED = {".py", ".yaml", ".csv", ".txt"}


@cache
def code_version(reference_dir: Path) -> str:
    """Hash of the code, vocabularies and reference tables (the configured folder) extraction reads."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    roots = [(PROJECT_ROOT / r, r) for r in CODE_ROOTS] + [(reference_dir, "reference")]
    for root, label in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in _VERSIONED and path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{label}/{path.relative_to(root).as_posix()}".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class InvalidEntry(ValueError):
    """A cache entry that is not what its key promises."""


def encode(value: object) -> object:
    """Dataclasses and their fields as JSON values: Decimal → str, array → base64, tuple → list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, array):
        return {"typecode": value.typecode, "data": base64.b64encode(value.tobytes()).decode()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


@functools.cache
def _init_fields(kind: type) -> dict[str, object]:
    """A dataclass's init fields and their resolved types (resolving them is slow: once per class)."""
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind) if f.init}


def decode(kind: object, value: object) -> object:
    """The value of type ``kind`` that ``encode`` wrote; InvalidEntry where the data does not fit the type."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        for option in (a for a in args if a is not type(None)):
            try:
                return decode(option, value)
            except InvalidEntry:
                continue
        raise InvalidEntry(f"{value!r:.40} is none of {kind}")
    if dataclasses.is_dataclass(kind):
        fields = _init_fields(kind)
        if not isinstance(value, dict) or value.keys() != fields.keys():
            raise InvalidEntry(f"{kind.__name__}: fields do not match")
        return kind(**{name: decode(hint, value[name]) for name, hint in fields.items()})
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise InvalidEntry(f"expected a list for {kind}")
        if origin is list:
            return [decode(args[0], v) for v in value]
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v) for v in value)
        if len(args) != len(value):
            raise InvalidEntry(f"expected {len(args)} items for {kind}")
        return tuple(decode(a, v) for a, v in zip(args, value))
    if kind is Decimal:
        try:
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise InvalidEntry(f"{value!r:.40} is not a decimal")
        return number
    if kind is array:
        try:
            return array(value["typecode"], base64.b64decode(value["data"], validate=True))
        except (TypeError, KeyError, ValueError) as exc:
            raise InvalidEntry(f"not an array ({exc})") from exc
    if kind in (str, bool) or (kind is int and not isinstance(value, bool)) or kind is type(None):
        if not isinstance(value, kind):
            raise InvalidEntry(f"{value!r:.40} is not {kind.__name__}")
        return value
    raise InvalidEntry(f"{value!r:.40} does not fit {kind}")


def process_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (a temporary file or run of a dead one is a leftover)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, under another user
    return True


class ExtractionCache:
    def __init__(self, root: Path, reference_dir: Path):
        self.version = code_version(reference_dir)
        self.root = root / "extracted" / self.version
        self._prune(root / "extracted")

    def _prune(self, parent: Path) -> None:
        """Remove the entries of other code versions (never read again) and temporary files of dead runs."""
        if not parent.is_dir():
            return
        for tmp in self.root.glob("*.tmp"):
            pid = tmp.name.rsplit(".", 2)[-2]
            if not pid.isdigit() or not process_alive(int(pid)):
                tmp.unlink(missing_ok=True)
        for old in parent.iterdir():
            if old.name != self.version and old.is_dir():
                for entry in old.iterdir():
                    entry.unlink(missing_ok=True)
                try:
                    old.rmdir()
                except OSError:
                    pass  # a run of the old code is still writing into it

    def _path(self, sha256: str) -> Path:
        return self.root / f"{sha256}.json.gz"

    def get(self, raw: RawDocument) -> ExtractedDocument | None:
        """The cached extraction of this exact document, or None (missing, damaged or not matching)."""
        try:
            data = gzip.decompress(self._path(raw.sha256).read_bytes())
            header, payload = data.split(b"\n", 1)
            meta = json.loads(header)
            if meta != {"format": FORMAT, "sha256": raw.sha256, "code_version": self.version,
                        "payload_sha256": hashlib.sha256(payload).hexdigest()}:
                raise InvalidEntry("header does not match the key")
            doc = decode(ExtractedDocument, json.loads(payload))
            if doc.sha256 != raw.sha256 or doc.normalized.original != raw.text:
                raise InvalidEntry("the entry is another document's")
            return doc
        except (OSError, EOFError, zlib.error, ValueError, TypeError, KeyError, AttributeError):
            return None  # ignored, re-extracted and written again

    def put(self, doc: ExtractedDocument) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(encode(doc), ensure_ascii=False, separators=(",", ":")).encode()
        header = json.dumps({"format": FORMAT, "sha256": doc.sha256, "code_version": self.version,
                             "payload_sha256": hashlib.sha256(payload).hexdigest()}).encode()
        path = self._path(doc.sha256)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(gzip.compress(header + b"\n" + payload, compresslevel=3, mtime=0))
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a full disk costs the cache entry, not the run
