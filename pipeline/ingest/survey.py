"""The raw folder's entries: the files to read, and the entries not read with their reason code.

Whatever an entry is called, the run goes on: a name that is not valid UTF-8,
holds control characters or is too long is listed as ignored under a
printable form of itself (``shown_name``), so no partition key, log line or
table ever carries its raw bytes.
"""
from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from pipeline.ingest.reader import Quarantined
from pipeline.text.reasons import Reason

MAX_NAME_BYTES = 255  # NAME_MAX of common file systems: a longer name cannot be copied to another disk


def survey(raw_dir: Path) -> tuple[list[Path], list[Quarantined]]:
    """Every entry of the raw folder, in name order: the files to read, and the entries ignored with the reason.

    Links are followed only to regular files inside the folder, so what is
    loaded is always something the folder holds.
    """
    if not raw_dir.is_dir():
        return [], []
    root = raw_dir.resolve()
    files: list[Path] = []
    ignored: list[Quarantined] = []
    with os.scandir(raw_dir) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        reason = name_problem(entry.name) or _not_read(entry, root)
        if reason:
            name = shown_name(entry.name)
            ignored.append(Quarantined(name, "", f"{name}: ignored, {reason.detail}", status="ignored",
                                       reason_code=reason.code))
        else:
            files.append(raw_dir / entry.name)
    return files, ignored


def shown_name(name: str) -> str:
    """The name as it can be printed and stored: undecodable bytes as ``\\xff``, control characters as
    ``\\n`` or ``\\x01``; a valid name is itself."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text)


def name_problem(name: str) -> Reason | None:
    """Why an entry's name cannot name a document, if it cannot: every table, log line and partition key
    carries the file's name, so it must be printable text."""
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reason("name_unencodable", f"its name is not valid UTF-8 (byte {exc.start} is 0x{raw[exc.start]:02x})")
    controls = sorted({f"U+{ord(ch):04X}" for ch in name if _is_control(ch)})
    if controls:
        return Reason("name_control_characters", f"its name holds control characters ({', '.join(controls)})")
    if len(raw) > MAX_NAME_BYTES:
        return Reason("name_too_long", f"its name is {len(raw)} bytes long, more than {MAX_NAME_BYTES}")
    return None


def _is_control(ch: str) -> bool:
    """A control character or a line break of Unicode's own (U+2028, U+2029): each breaks a log line or a
    table's row. Spaces of any width (the ideographic space of a Chinese name) are not."""
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def _not_read(entry: os.DirEntry, root: Path) -> Reason | None:
    """Why an entry of the raw folder is not a file to read, if it is not.

    The listing tells the type of most entries: a folder of 100,000 files is
    surveyed at each sensor tick, without a system call for each.
    """
    if entry.name.startswith("."):
        return Reason("hidden", "hidden")
    try:
        if entry.is_symlink():
            target = Path(entry.path).resolve()
            if not target.exists():
                return Reason("link_dangling", f"link to nothing ({shown_name(os.readlink(entry.path))})")
            if not target.is_relative_to(root):
                return Reason("link_outside", f"link to {shown_name(str(target))}, outside the raw folder")
            mode = entry.stat().st_mode
        elif entry.is_file(follow_symlinks=False):
            return None
        else:
            mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        return Reason("unreadable", f"cannot be examined ({exc.strerror or type(exc).__name__})")
    except RuntimeError:  # Path.resolve on a link that leads back to itself
        return Reason("link_loop", f"link in a loop ({shown_name(os.readlink(entry.path))})")
    if stat.S_ISDIR(mode):
        return Reason("subdirectory", "subdirectory (its files are not read)")
    if not stat.S_ISREG(mode):
        return Reason("not_regular_file", "not a regular file")
    return None
