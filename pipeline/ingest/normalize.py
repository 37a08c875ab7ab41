"""Canonical text for extraction, with a map back to the original characters.

Reports arrive as Word- or PDF-converted text: full-width digits, lines
hard-wrapped inside words and numbers, page numbers and running headers,
spaces and thousands separators inside numbers. Extraction reads the
canonical form; evidence quotes the original through ``origin``.

What is deliberately *not* changed: Chinese punctuation （）：，。 — names such
as 党委办公厅（室） are published as printed — and tabs and line breaks that
carry table structure.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass

# Full-width forms a reader reads as ASCII: digits, letters and number signs.
_WIDTH_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH_MAP.update({"％": "%", "．": ".", "＋": "+", "－": "-", "＜": "<", "＞": ">", "＝": "=",
                   "\u3000": " ", "\u00a0": " ", "\r": "\n"})
_DROPPED = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u00ad", "\u2060"}

# Lines that are page furniture, not content.
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$")
# A line that starts a new block: headings, list items, table cells.
_BLOCK_START = re.compile(r"^(?:\t|\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
                          r"|\d{1,2}[.、．](?!\d)|[①-⑳]|附件|附表|[（(]?图\d))")
_SENTENCE_END = "。；;！？!?"  # a line ending here may end a paragraph

# ASCII commas between digit groups; a full-width comma only inside an amount with a unit.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))|(?<=\d)，(?=\d{3}(?:[,，]\d{3})*(?:\.\d+)?\s*(?:万元|亿元|元))")
_SPACED_NUMBER = re.compile(r"(?<![\d.])\d[\d.,]*(?: +[\d.,]+)+(?= *(?:万元|亿元|元|%))")
_SPACED_POINT = re.compile(r"(?<=\d) *\. *(?=\d)")
_SPACE_BEFORE_UNIT = re.compile(r"(?<=\d) +(?=万元|亿元|元|%)")


@dataclass(frozen=True)
class NormalizedText:
    """Canonical text plus, for each of its characters, the index it came from."""

    text: str
    origin: array  # origin[i] = index in ``original`` of text[i]; compact, as reports are many
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalised [start, end)."""
        if not self.origin or start >= end:
            return (0, 0)
        return self.origin[start], self.origin[min(end, len(self.origin)) - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The original text behind a normalised span, as the document prints it."""
        a, b = self.original_span(start, end)
        return self.original[a:b]


class _Chars:
    """A string under edit whose every character remembers its origin."""

    def __init__(self, chars: list[str], origin: list[int]):
        self.chars, self.origin = chars, origin

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def sub(self, pattern: re.Pattern, repl) -> None:
        """re.sub that keeps origins: kept characters keep theirs."""
        text = self.text
        chars: list[str] = []
        origin: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            chars.extend(self.chars[last:m.start()])
            origin.extend(self.origin[last:m.start()])
            new = repl(m) if callable(repl) else repl
            old = m.group(0)
            j = 0
            for ch in new:  # align each kept character with its source
                while j < len(old) and old[j] != ch:
                    j += 1
                chars.append(ch)
                origin.append(self.origin[m.start() + min(j, len(old) - 1)] if old else self.origin[m.start()])
                j += 1
            last = m.end()
        chars.extend(self.chars[last:])
        origin.extend(self.origin[last:])
        self.chars, self.origin = chars, origin

    def lines(self) -> list[tuple[list[str], list[int]]]:
        out, start = [], 0
        for i, ch in enumerate(self.chars + ["\n"]):
            if ch == "\n":
                out.append((self.chars[start:i], self.origin[start:i]))
                start = i + 1
        return out


def normalize(original: str) -> NormalizedText:
    """Canonical text of a decoded document (see module docstring)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(original):
        if ch in _DROPPED or (ch == "\r" and original[i + 1:i + 2] == "\n"):
            continue
        chars.append(_WIDTH_MAP.get(ch, ch))
        origin.append(i)
    buf = _Chars(chars, origin)
    buf = _drop_page_furniture(buf)
    buf = _rejoin_wrapped_lines(buf)
    buf.sub(_SPACED_POINT, ".")
    buf.sub(_SPACED_NUMBER, lambda m: m.group(0).replace(" ", ""))
    buf.sub(_SPACE_BEFORE_UNIT, "")
    buf.sub(_THOUSANDS, "")
    return NormalizedText(buf.text, array("q", buf.origin), original)


def _join(lines: list[tuple[list[str], list[int]]], keep: list[bool], glue: list[bool]) -> _Chars:
    """Reassemble kept lines; ``glue[i]`` joins line i to the next without a break."""
    chars: list[str] = []
    origin: list[int] = []
    kept = [i for i, k in enumerate(keep) if k]
    for n, i in enumerate(kept):
        line_chars, line_origin = lines[i]
        if glue[i]:
            while line_chars and line_chars[-1] == " ":
                line_chars, line_origin = line_chars[:-1], line_origin[:-1]
        chars.extend(line_chars)
        origin.extend(line_origin)
        if n + 1 < len(kept) and not glue[i]:
            chars.append("\n")
            origin.append(line_origin[-1] + 1 if line_origin else (origin[-1] if origin else 0))
    return _Chars(chars, origin)


def _drop_page_furniture(buf: _Chars) -> _Chars:
    """Remove page numbers and running headers (repeated title lines)."""
    lines = buf.lines()
    texts = ["".join(c) for c, _ in lines]
    counts = Counter(t.strip() for t in texts if t.strip() and not t.startswith("\t"))
    numbered_pages = [t for t in texts if _PAGE_NUMBER.match(t) and not t.startswith("\t")]
    bare_numbers_are_pages = len(numbered_pages) >= 3
    keep = []
    for t in texts:
        s = t.strip()
        furniture = False
        if s and not t.startswith("\t"):
            if _PAGE_NUMBER.match(t):
                furniture = not s.isdigit() or bare_numbers_are_pages
            elif counts[s] >= 3 and len(s) <= 60 and "决算" in s and "表" not in s and not _BLOCK_START.match(s):
                furniture = True
        keep.append(not furniture)
    return _join(lines, keep, [False] * len(lines))


def wrap_width(lines: list[str]) -> int | None:
    """The width PDF text was hard-wrapped at, or None for unwrapped text.

    Hard-wrapped text has many lines of (nearly) the same length: the page
    width. Word-converted text has one line per paragraph, of every length.
    """
    lengths = [len(t.rstrip()) for t in lines if len(t.strip()) >= 8]
    if len(lengths) < 10:
        return None
    mode, _ = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if mode - 2 <= n <= mode)
    if mode < 12 or near < 0.25 * len(lengths) or near < 5:
        return None
    return mode


def _rejoin_wrapped_lines(buf: _Chars) -> _Chars:
    """Join lines a PDF converter broke at the page width, as a reader would."""
    lines = buf.lines()
    texts = ["".join(c) for c, _ in lines]
    width = wrap_width(texts)
    glue = [False] * len(lines)
    if width is not None:
        full = width - max(2, int(width * 0.15))
        for i in range(len(texts) - 1):
            here, following = texts[i].rstrip(), texts[i + 1]
            glue[i] = (len(here) >= full and bool(following.strip())
                       and here[-1] not in _SENTENCE_END and not _BLOCK_START.match(following))
    return _join(lines, [True] * len(lines), glue)
