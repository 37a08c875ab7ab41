"""Every pattern the pipeline scans text with runs in time linear in the text.

Every module of ``pipeline`` is imported and every compiled pattern it holds
at module level (also inside module-level dicts, lists and tuples) is run
over long runs of the characters hostile input is made of: digits, spaces,
punctuation, CJK, and runs that look like numbers (1.1.1…, 1,1,1…, 12 34 56…,
万元万元…). A pattern that rescans a run from each of its characters takes
seconds at 25,000 characters and hours at 1 MB, so each run grows four
times at each step and a pattern fails at the first step that grows faster
than linear time allows, before it can hang the test.
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import time

import pytest

import pipeline

RUNS = {
    "digits": "7",
    "spaces": " ",
    "line breaks": "\n",
    "punctuation": "，。、,.-%",
    "CJK": "收入支出决算公开说明",
    "dotted": "1.",
    "commas": "1,",
    "full-width commas": "1，",
    "spaced digits": "12 34 56 ",
    "units": "万元",
    "prose": "本年收入合计1,234.56万元，占12.5%；",
}
# The runs fed to the full megabyte; the others stop at 64,000 characters (their growth is seen by then).
MEGABYTE_RUNS = ("digits", "spaces", "punctuation", "CJK")
SIZES = (4_000, 16_000, 64_000, 256_000, 1_000_000)  # characters; the last is the 1 MB run
GROWTH = 8  # a step four times as long may take this many times as long: linear is 4, quadratic 16
SECONDS_PER_MB = 5.0  # bounded work: a pattern scans the 1 MB run in at most this (bounded repeats cost more)
FLOOR = 0.05  # seconds: below this a timing is noise (a busy machine), whatever the size
TRIES = 3  # a step over its bound is timed again, the fastest try counts


def _modules():
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        yield importlib.import_module(info.name)


def _patterns_in(value, depth: int = 0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and type(value) is dict:
        for item in [*value.keys(), *value.values()]:
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and type(value) in (list, tuple, set, frozenset):
        for item in value:
            yield from _patterns_in(item, depth + 1)


def _module_patterns() -> dict[str, re.Pattern]:
    """Each distinct text pattern, named by the first module global that holds it."""
    found: dict[tuple, tuple[str, re.Pattern]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            for pattern in _patterns_in(value):
                if isinstance(pattern.pattern, str):
                    found.setdefault((pattern.pattern, pattern.flags), (f"{module.__name__}.{name}", pattern))
    return {f"{name}#{n}": pattern for n, (name, pattern) in enumerate(found.values())}


PATTERNS = _module_patterns()


def test_the_patterns_of_every_stage_are_collected():
    stages = {name.split(".")[1] for name in PATTERNS}
    assert {"ingest", "segment", "extract", "validate", "text"} <= stages
    assert len(PATTERNS) > 80


@functools.cache
def _run(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _scan_seconds(pattern: re.Pattern, text: str) -> float:
    """finditer over the whole text: its first step is ``search``, and each later one a search from there on."""
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - start


@pytest.mark.parametrize("name", list(PATTERNS))
def test_the_pattern_scans_a_long_run_in_linear_time(name):
    """Each step four times longer may take at most GROWTH times as long (a quadratic pattern takes 16 times);
    the 1 MB run at most SECONDS_PER_MB."""
    pattern = PATTERNS[name]
    for kind, unit in RUNS.items():
        previous = None
        for size in SIZES if kind in MEGABYTE_RUNS else SIZES[:-2]:
            allowed = SECONDS_PER_MB if previous is None else min(SECONDS_PER_MB, max(GROWTH * previous, FLOOR))
            text = _run(unit, size)
            seconds = _scan_seconds(pattern, text)
            for _ in range(TRIES - 1):
                if seconds <= allowed:
                    break
                seconds = min(seconds, _scan_seconds(pattern, text))
            assert seconds <= allowed, (
                f"{name} took {seconds:.3f} s on {size:,} characters of {kind} ({unit!r}…): "
                f"more than linear time allows ({allowed:.3f} s); pattern {pattern.pattern[:120]!r}")
            previous = seconds
