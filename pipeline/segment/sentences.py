"""Sentences and clauses: the units a fact is read from and quoted by."""
from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]+")
_CLAUSE_BREAK = re.compile(r"[，,、]")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of text[0] in the document's normalised text
    paragraph: int = 0  # line breaks before it within the split range: sentences of one paragraph share it

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of text[start:end], without their terminal punctuation."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    pos, paragraph = start, 0
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        _append(out, text, pos, m.start(), paragraph)
        paragraph += m.group(0).count("\n")
        pos = m.end()
    _append(out, text, pos, end, paragraph)
    return out


def _append(out: list[Sentence], text: str, a: int, b: int, paragraph: int) -> None:
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t":
        b -= 1
    if a < b:
        out.append(Sentence(text[a:b], a, paragraph))


def clause_starts(sentence: str) -> list[int]:
    """Offsets (within the sentence) where each clause begins."""
    return [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)]
