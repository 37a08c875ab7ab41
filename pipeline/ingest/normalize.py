"""Canonical text for extraction, with a map back to the original characters.

Reports arrive as Word- or PDF-converted text: full-width digits, lines
hard-wrapped inside words and numbers, page numbers and running headers,
spaces and thousands separators inside numbers. Extraction reads the
canonical form; evidence quotes the original through ``origin``.

What is deliberately *not* changed: Chinese punctuation （）：，。 — names such
as 党委办公厅（室） are published as printed — and tabs and line breaks that
carry table structure.

What is refused rather than misread: digits of any script but ASCII and
full-width (٣, ३, 𝟑 are not read as 3), and an amount whose grouping commas
or decimal points are misplaced (1,2345.6万元, 12.345.67万元): the document is
refused with the reason (``RefusedInput``), naming the place.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from itertools import combinations

from dataclasses import dataclass

from pipeline.text.amounts import MONEY_UNIT, UNIT_PATTERN, quote_around, refuse_malformed_amounts
from pipeline.text.reasons import RefusedInput

# Full-width forms a reader reads as ASCII: digits, letters and number signs.
_WIDTH_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH_MAP.update({"％": "%", "．": ".", "＋": "+", "－": "-", "＜": "<", "＞": ">", "＝": "=",
                   "\u3000": " ", "\u00a0": " ", "\r": "\n"})
_WIDE = re.compile("[" + "".join(_WIDTH_MAP) + "]")
# A digit of a script other than ASCII and full-width: ``\d`` here on purpose, it matches every script's digits.
_OTHER_DIGIT = re.compile(r"(?![0-9０-９])\d")
# Invisible characters, and the \r of a \r\n line end.
_DROPPED = re.compile("[\ufeff\u200b\u200c\u200d\u00ad\u2060]|\r(?=\n)")

# Lines that are page furniture, not content.
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*[0-9]{1,4}\s*[-—–]|第\s*[0-9]{1,4}\s*页(?:\s*[，,/]?\s*共\s*[0-9]{1,4}\s*页)?"
                          r"|[0-9]{1,4}\s*/\s*[0-9]{1,4}|[0-9]{1,4})\s*$")
# A line that starts a new block: headings, list items, table cells.
_BLOCK_START = re.compile(r"^(?:\t|\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]"
                          r"|[0-9]{1,2}[.、．](?![0-9])|[①-⑳]|附件|附表|[（(]?图[0-9]))")
_SENTENCE_END = "。；;！？!?"  # a line ending here may end a paragraph

# Inside numbers. Each pattern opens with a character it consumes and looks behind only after it
# (“,(?<=\d,)” for “(?<=\d),”): a pattern that opens with a lookbehind is tried at every character.
# Grouping commas on thousands boundaries (1,234,567), the number read whole from its first digit: ASCII ones
# anywhere, a full-width one only inside an amount with a unit. A misplaced one is left for the reader to refuse.
_GROUPED = re.compile(rf"[0-9](?<![0-9.,][0-9])(?<![0-9]，[0-9])[0-9]{{0,2}}(?:(?:,[0-9]{{3}})++(?![0-9]|[,，][0-9]|\.[0-9]++[,.][0-9])"
                      rf"|(?:[,，][0-9]{{3}})++(?![0-9]|[,，][0-9])(?=(?:\.[0-9]+)?\s*(?:{MONEY_UNIT})))")
# Digits spaced apart before a unit (14 80.45 万元): the run of digit groups read once, from its first digit.
_SPACED_NUMBER = re.compile(rf"[0-9](?<![0-9.][0-9])[0-9.,]*+(?: ++[0-9.,]++)*+(?P<unit> *+(?:{MONEY_UNIT}|%))?")
_SPACED_POINT = re.compile(r"(?:\.(?<=[0-9]\.)| (?<=[0-9] ) *\.) *(?=[0-9])")  # a digit, [spaces] . [spaces], a digit
_SPACE_BEFORE_UNIT = re.compile(rf" (?<=[0-9] ) *(?={MONEY_UNIT}|%)")


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
        # numbers put back into their text line come from later in the original: take the extremes
        covered = self.origin[start:min(end, len(self.origin))]
        return min(covered), max(covered) + 1

    def quote(self, start: int, end: int) -> str:
        """The original text behind a normalised span, as the document prints it."""
        a, b = self.original_span(start, end)
        return self.original[a:b]


_Line = tuple[str, list[int]]  # a line's text and each character's origin


class _Chars:
    """A string under edit whose every character remembers its origin."""

    def __init__(self, text: str, origin: list[int]):
        self.text, self.origin = text, origin

    def sub(self, pattern: re.Pattern, repl) -> None:
        """re.sub that keeps origins: kept characters keep theirs."""
        text = self.text
        pieces: list[str] = []
        origin: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            pieces.append(text[last:m.start()])
            origin.extend(self.origin[last:m.start()])
            new = repl(m) if callable(repl) else repl
            old = m.group(0)
            j = 0
            for ch in new:  # align each kept character with its source
                while j < len(old) and old[j] != ch:
                    j += 1
                origin.append(self.origin[m.start() + min(j, len(old) - 1)] if old else self.origin[m.start()])
                j += 1
            pieces.append(new)
            last = m.end()
        if pieces:  # else no match: the text stays as it is
            pieces.append(text[last:])
            origin.extend(self.origin[last:])
            self.text, self.origin = "".join(pieces), origin

    def lines(self) -> list[_Line]:
        out, start = [], 0
        for line in self.text.split("\n"):
            out.append((line, self.origin[start:start + len(line)]))
            start += len(line) + 1
        return out


def normalize(original: str) -> NormalizedText:
    """Canonical text of a decoded document (see module docstring); raises ``RefusedInput`` for a text
    printed in another digit script or stating a malformed amount."""
    refuse_other_digits(original)
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for m in _DROPPED.finditer(original):
        pieces.append(original[last:m.start()])
        origin.extend(range(last, m.start()))
        last = m.end()
    pieces.append(original[last:])
    origin.extend(range(last, len(original)))
    lines = _Chars(_WIDE.sub(lambda m: _WIDTH_MAP[m.group(0)], "".join(pieces)), origin).lines()
    lines = _restore_lifted_numbers(lines)
    lines = _drop_page_furniture(lines)
    lines = _collapse_line_spacing(lines)
    if is_hard_wrapped([line for line, _ in lines]):
        buf = _rejoin_wrapped_lines(_restore_lifted_lines(lines))
    else:  # a paragraph per line: no line was lifted nor broken
        buf = _join(lines, [False] * len(lines))
    buf.sub(_SPACED_POINT, ".")
    buf.sub(_SPACED_NUMBER, _joined_digits)
    buf.sub(_SPACE_BEFORE_UNIT, "")
    buf.sub(_GROUPED, lambda m: m.group(0).replace(",", "").replace("，", ""))
    refuse_malformed_amounts(buf.text)
    return NormalizedText(buf.text, array("q", buf.origin), original)


def refuse_other_digits(text: str) -> None:
    """Only ASCII and full-width digits are read: a text holding another script's digits is refused."""
    m = _OTHER_DIGIT.search(text)
    if m:
        name = unicodedata.name(m.group(), "unnamed digit")
        raise RefusedInput("digits_unsupported", f"digits of another script ({name}) in "
                                                 f"“{quote_around(text, m.start(), m.end())}”: "
                                                 f"only ASCII and full-width digits are read")


def _joined_digits(m: re.Match[str]) -> str:
    """Digit groups spaced apart before a unit are one number; without a unit they stay as printed."""
    if m.group("unit") is None:
        return m.group(0)
    number = m.group(0)[:m.start("unit") - m.start()]
    return number.replace(" ", "") + m.group("unit")


def _join(lines: list[_Line], glue: list[bool]) -> _Chars:
    """Reassemble lines; ``glue[i]`` joins line i to the next without a break (nor the spaces around it)."""
    pieces: list[str] = []
    origin: list[int] = []
    for i, (line, line_origin) in enumerate(lines):
        if i and glue[i - 1]:
            kept = line.lstrip(" ")
            line, line_origin = kept, line_origin[len(line) - len(kept):]
        if glue[i]:
            line = line.rstrip(" ")
            line_origin = line_origin[:len(line)]
        pieces.append(line)
        origin.extend(line_origin)
        if i + 1 < len(lines) and not glue[i]:
            pieces.append("\n")
            origin.append(line_origin[-1] + 1 if line_origin else (origin[-1] if origin else 0))
    return _Chars("".join(pieces), origin)


def _drop_page_furniture(lines: list[_Line]) -> list[_Line]:
    """Remove page numbers and running headers.

    A page number is a line in a page-number form (- 3 -, 第3页); bare
    numbers are page numbers when they count pages: a run of lines numbered
    n, n+1, n+2 … through the document. A running header is a short line
    repeated on several pages, next to a page boundary (a page number or a
    form feed).
    """
    texts = [line for line, _ in lines]
    numbered = [i for i, t in enumerate(texts) if _PAGE_NUMBER.match(t) and not t.startswith("\t")]
    pages = {i for i in numbered if not texts[i].strip().isdigit()} | _page_count_run(
        [(i, int(texts[i].strip())) for i in numbered if texts[i].strip().isdigit()])
    page_starts = {i for i, t in enumerate(texts) if "\f" in t}
    edges = {j for i in pages for j in (i - 1, i + 1)} | page_starts | {i - 1 for i in page_starts}
    repeated = Counter(t.strip() for t in texts if t.strip())
    drop = set(pages)
    for i, t in enumerate(texts):
        s = t.strip()
        if (i in edges and repeated[s] >= 3 and _HEADER_MIN <= len(s) <= _HEADER_MAX
                and not _BLOCK_START.match(s) and not _NUMBERS_LINE.match(s)):
            drop.add(i)
    return [_without_form_feed(line) for i, line in enumerate(lines) if i not in drop]


def _page_count_run(numbers: list[tuple[int, int]]) -> set[int]:
    """Lines of the longest run of bare numbers that counts up by one (a page may lack its number)."""
    best: list[list[int]] = []
    for k, (_, value) in enumerate(numbers):
        chains = [best[j] for j in range(k) if 0 < value - numbers[j][1] <= 2]
        best.append(max(chains, key=len, default=[]) + [k])
    run = max(best, key=len, default=[])
    return {numbers[k][0] for k in run} if len(run) >= 3 else set()


_HEADER_MIN, _HEADER_MAX = 4, 40  # characters of a running header


def _without_form_feed(line: _Line) -> _Line:
    text, origin = line
    if "\f" not in text:
        return line
    kept = [k for k, ch in enumerate(text) if ch != "\f"]
    return text.replace("\f", ""), [origin[k] for k in kept]


# A line of nothing but numbers (and quotation marks): a converter put a text line's digits (or
# its quotes) on a baseline of their own.
_TOKEN = r"(?:[-−]?[0-9][0-9,]*+(?:\.[0-9]++)?+%?|[“”‘’])"  # possessive: a run is one token, never split
_NUMBERS_LINE = re.compile(rf"^\s*{_TOKEN}(?:\s*{_TOKEN})*\s*$")
_OPENING, _CLOSING = "“‘", "”’"
_UNIT_AFTER = re.compile(rf"^(?:{UNIT_PATTERN}|万|年|月|日|分)")
_PUNCT_AFTER = re.compile(r"^(?:[，。；、：,.;:）)]|$)")


def _restore_lifted_numbers(lines: list[_Line]) -> list[_Line]:
    """Put numbers a converter lifted onto a line of their own back into the gaps they left.

    pdfplumber prints “本年收入合计 万元，其中：财政拨款收入 万元，占 ；” and
    below it “2946.25 2940.05 99.79%”. A careful reader puts each number in
    its gap, in order: a gap is a space (or the line's start) where a number
    fits — before a unit (万元, 年度, 个 …), or before punctuation when the
    number carries its own % sign (or is a list number before 、); quotation
    marks lifted the same way go before and after the words they quote.
    Lines are restored only when every token finds such a gap, in one way.
    """
    out: list[_Line] = []
    for line in lines:
        text = line[0]
        if out and _NUMBERS_LINE.match(text) and out[-1][0].strip() and not _NUMBERS_LINE.match(out[-1][0]):
            filled = _fill_gaps(out[-1], line)
            if filled is not None:
                out[-1] = filled
                continue
        out.append(line)
    return out


def _fill_gaps(host: _Line, numbers: _Line) -> _Line | None:
    text = host[0]
    tokens = [(m.group(0), m.start()) for m in re.finditer(_TOKEN, numbers[0])]
    gaps = [0] + [m.start() for m in re.finditer(r"(?<=[^0-9\s]) (?=[^0-9\s])", text)]
    slots = _best_slots(text, gaps, [t for t, _ in tokens])
    if slots is None:
        return None
    origin = list(host[1])
    for (token, at), gap in sorted(zip(tokens, slots), key=lambda pair: -pair[1]):
        replace = 1 if gap < len(text) and text[gap] == " " else 0  # a space gap is replaced, the line start is not
        text = text[:gap] + token + text[gap + replace:]
        origin[gap:gap + replace] = numbers[1][at:at + len(token)]
    return text, origin


def _best_slots(text: str, gaps: list[int], tokens: list[str]) -> list[int] | None:
    """The gaps, in order, that every token fits; None unless exactly one way uses only fitting gaps.

    The line's start is a gap only when the spaces inside the line are too few:
    a number there would end the line above.
    """
    def fits(gap: int, token: str) -> bool:
        after = text[gap + 1:] if gap < len(text) and text[gap] == " " else text[gap:]
        if token in _OPENING:
            return bool(re.match(r"[\u4e00-\u9fff]", after))
        if token in _CLOSING:
            return gap > 0 and bool(re.match(r"[\u4e00-\u9fff]", text[gap - 1]))
        if token.endswith("%"):
            return bool(_PUNCT_AFTER.match(after))
        if after.startswith("、"):
            return token.isdigit() and len(token) <= 2  # a list number (1、)
        return bool(_UNIT_AFTER.match(after))
    if len(gaps) > _MAX_GAPS:
        return None
    for candidates in (gaps[1:], gaps):
        choices = [combo for combo in combinations(candidates, len(tokens))
                   if all(fits(g, t) for g, t in zip(combo, tokens))]
        if choices:
            return list(choices[0]) if len(choices) == 1 else None
    return None


_MAX_GAPS = 16


def _collapse_line_spacing(lines: list[_Line]) -> list[_Line]:
    """Double-spaced wrapped text (pdftotext -layout prints a blank line after each line) read single-spaced.

    When most prose lines are followed by one blank line, a single blank line
    is line spacing; longer runs still part paragraphs. Word text with a blank
    line between paragraphs keeps them: its lines are paragraphs, not wraps.
    """
    texts = [line.strip() for line, _ in lines]
    prose = [i for i, t in enumerate(texts[:-1]) if t and _is_prose(t)]
    spaced = sum(1 for i in prose if not texts[i + 1])
    if not prose or spaced < 0.6 * len(prose):
        return lines
    single = [line for i, (line, t) in enumerate(zip(lines, texts))
              if t or not (0 < i < len(texts) - 1 and texts[i - 1] and texts[i + 1])]
    return single if is_hard_wrapped([line for line, _ in single]) else lines


_CLOSED = "。；;！？!?：:"


def _restore_lifted_lines(lines: list[_Line]) -> list[_Line]:
    """Put back a line a converter printed one line too early (in hard-wrapped text).

    A line that starts with an amount (“603.14万元，占20.51%；”) cannot open a
    paragraph: when it follows a closed line (a heading, or one ending
    。；：) and the next line ends open (“…；项目支出”), it is the
    continuation of that next line, lifted above it by its digits' baseline.
    Blank lines between them do not count.
    """
    out = list(lines)
    content = [i for i, (line, _) in enumerate(out) if line.strip()]
    k = 1
    while k + 1 < len(content):
        i, j = content[k], content[k + 1]
        here, before, after = (out[n][0].strip() for n in (i, content[k - 1], j))
        if (_STARTS_WITH_AMOUNT.match(here)
                and (before[-1] in _CLOSED or _is_heading(before))
                and after[-1] not in _CLOSED and not after[-1].isdigit() and not _BLOCK_START.match(after)
                and not _STARTS_WITH_AMOUNT.match(after) and not _UNIT_AFTER.match(after)
                and not _PUNCT_AFTER.match(after)):
            lifted = out.pop(i)
            out.insert(j, lifted)
            content = [n for n, (line, _) in enumerate(out) if line.strip()]
            k += 1
        k += 1
    return out


def _is_heading(text: str) -> bool:
    """A numbered line without figures or clause punctuation (三、支出决算情况说明)."""
    return bool(_BLOCK_START.match(text)) and not re.search(r"[0-9，。；,;]", text[2:])


_STARTS_WITH_AMOUNT = re.compile(rf"^[-−]?[0-9][0-9,]*(?:\.[0-9]+)?\s*(?:{MONEY_UNIT}|%)")


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.rstrip())


def _is_prose(text: str) -> bool:
    return bool(_PROSE_MARK.search(text))


_PROSE_MARK = re.compile(r"[，。；、：]")
_WINDOW = 10  # lines on either side that set the local page width
_FULL = 0.8  # a line this close to the local width reached the margin
_FULL_HEADING = 0.95
_MIN_NEAR = 3


def _upper_quartile(values: list[int]) -> int:
    """The page width as its prose lines show it; a long note or table line beside them does not move it."""
    return sorted(values)[(3 * len(values)) // 4]


def is_hard_wrapped(texts: list[str]) -> bool:
    """Whether text was hard-wrapped at a page width (PDF text) rather than one line per paragraph.

    In wrapped text many prose lines end mid-sentence and go on in the next
    line; in Word-converted text a paragraph is one line ending 。 or ；.
    """
    prose = [i for i, t in enumerate(texts[:-1]) if _is_prose(t) and t.strip()]
    open_ended = [i for i in prose if texts[i].rstrip()[-1] not in _SENTENCE_END + "：:"
                  and texts[i + 1].strip() and not _BLOCK_START.match(texts[i + 1])]
    return len(prose) >= 10 and len(open_ended) >= 0.3 * len(prose)


def _rejoin_wrapped_lines(lines: list[_Line]) -> _Chars:
    """Join lines a PDF converter broke at the page width, as a reader would.

    A line is a wrap when it reaches the margin — its width (CJK characters
    count double) is close to the width of the prose lines around it, so wraps of
    any width, or of varying width on one page, are found — does not end a
    sentence, and the next line does not start a block.
    """
    texts = [line for line, _ in lines]
    glue = [False] * len(lines)
    if not is_hard_wrapped(texts):
        return _join(lines, glue)
    widths = [_display_width(t) for t in texts]
    lengths = [len(t.rstrip()) for t in texts]
    prose = [_is_prose(t) for t in texts]
    for i in range(len(texts) - 1):
        here, following = texts[i].rstrip(), texts[i + 1]
        if not here.strip() or not following.strip() or here[-1] in _SENTENCE_END or _BLOCK_START.match(following):
            continue
        near = [j for j in range(max(0, i - _WINDOW), min(len(texts), i + _WINDOW + 1)) if prose[j]]
        if len(near) < _MIN_NEAR:
            continue  # no page of prose around it (a cover, a table): its width says nothing
        full = _FULL_HEADING if _is_heading(here.strip()) else _FULL  # a heading ends short unless it wraps
        glue[i] = (widths[i] >= full * _upper_quartile([widths[j] for j in near])
                   or lengths[i] >= full * _upper_quartile([lengths[j] for j in near]))
    return _join(lines, glue)
