"""Reason codes: why a file, a row or a number is not published (reasons.yaml).

A code is what an analyst groups by; its Chinese text is what they read; the
detail sentence beside it names the file. Every stage that sets something
aside takes its code from here, so a code the vocabulary lacks fails at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_FILE = Path(__file__).with_name("reasons.yaml")


@cache
def reasons() -> dict[str, str]:
    """Every reason code with its Chinese text, in the vocabulary's order."""
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


def known_reason(code: str) -> str:
    """The code itself, once it is known to be in the vocabulary."""
    if code not in reasons():
        raise KeyError(f"reason code {code!r} is not in {_FILE.name}")
    return code


def reason_zh(code: str) -> str:
    """What a Chinese reader reads for a reason code."""
    return reasons()[known_reason(code)]


class RefusedInput(ValueError):
    """Input a reader refuses rather than misreads (a number it cannot read exactly), with its reason code:
    the document is quarantined under that code, not as a failed extraction."""

    def __init__(self, reason_code: str, detail: str):
        super().__init__(detail)
        self.reason_code = known_reason(reason_code)


@dataclass(frozen=True)
class Reason:
    """Why something is not published: its code and the detail sentence (without the file's name)."""

    code: str
    detail: str

    def __post_init__(self) -> None:
        known_reason(self.code)
