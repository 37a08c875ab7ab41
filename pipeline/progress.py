"""Progress of a long run, stage by stage: reading and extracting, validating, loading, dashboard.

On a terminal each stage is a tqdm bar with rate, ETA and the running count of
quarantined files; elsewhere (CI, a Dagster run's log) a plain line every
``PLAIN_EVERY`` seconds and one when the stage ends, so logs stay readable.
Dagster captures a step's output through a pipe, so `python -m pipeline run`
tells its stages that they write to a terminal (``BARS``) when it does.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import Iterator, TextIO

from tqdm import tqdm

from pipeline.ingest.reader import Quarantined

PLAIN_EVERY = 10.0  # seconds between plain progress lines
BARS = "BUDGET_PROGRESS_BARS"  # set to 1: draw bars even though the output is a pipe


class Stage:
    """One stage's counter; ``advance`` after each unit of work, ``file_done`` after each file read."""

    def __init__(self, name: str, unit: str, total: int | None, stream: TextIO, terminal: bool):
        self.name, self.unit, self.total, self.stream = name, unit, total, stream
        self.done = self.quarantined = 0
        self.started = self._last_line = time.monotonic()
        self.bar = tqdm(total=total, desc=name, unit=unit, file=stream, dynamic_ncols=True, leave=True) \
            if terminal else None

    def file_done(self, result: object, total: int) -> None:
        """A file was read (or quarantined, said with its reason): the callback of ``pipeline.run.extract_folder``."""
        quarantined = isinstance(result, Quarantined)
        if quarantined:
            (self.bar.write if self.bar is not None else print)(f"quarantined {result.reason}", file=self.stream)
        self.advance(total=total, quarantined=quarantined)

    def advance(self, n: int = 1, total: int | None = None, quarantined: bool = False) -> None:
        if total is not None and total != self.total:
            self.total = total
            if self.bar is not None:
                self.bar.total = total
        self.done += n
        self.quarantined += quarantined
        if self.bar is not None:
            if quarantined:
                self.bar.set_postfix(quarantined=self.quarantined, refresh=False)
            self.bar.update(n)
        elif time.monotonic() - self._last_line >= PLAIN_EVERY:
            self._line()

    def _line(self, final: bool = False) -> None:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed else 0.0
        done = f"{self.done}/{self.total}" if self.total else f"{self.done}"
        parts = [f"{done} {self.unit}s" + (f" in {elapsed:.1f} s" if final else "")]
        if rate and self.done > 1:
            parts.append(f"{rate:.1f} {self.unit}s/s")
        if not final and rate and self.total:
            parts.append(f"ETA {(self.total - self.done) / rate:.0f} s")
        if self.quarantined:
            parts.append(f"{self.quarantined} quarantined")
        print(f"{self.name}: " + ", ".join(parts), file=self.stream, flush=True)
        self._last_line = time.monotonic()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            self._line(final=True)


@contextmanager
def stage(name: str, unit: str = "file", total: int | None = None, stream: TextIO | None = None) -> Iterator[Stage]:
    """A stage of the run, shown as a bar on a terminal and as plain lines otherwise."""
    stream = stream or sys.stderr
    current = Stage(name, unit, total, stream, terminal=stream.isatty() or os.environ.get(BARS) == "1")
    try:
        yield current
    finally:
        current.close()
