"""Short quotes of input inside reasons.

A reason names what it refuses, but input can be hostile: an amount of
200,000 digits quoted whole would fill marts.documents and the run summary.
Every reason that quotes input quotes it through ``excerpt``.
"""
from __future__ import annotations

EXCERPT_LIMIT = 60  # characters: a sentence's worth, enough to find the place in the file


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """``text`` itself when short; else its start and end around “…”, with its length, in ``limit`` characters
    of the text at most."""
    if len(text) <= limit:
        return text
    head = max(limit // 2, 1)
    tail = max(limit - head - 1, 0)
    return f"{text[:head]}…{text[len(text) - tail:] if tail else ''} ({len(text):,} characters)"
