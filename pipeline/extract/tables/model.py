"""What a printed table is made of: its rows, their numbers, the columns a number may go to."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pipeline.extract.records import SetAsideCell, StatementCell, StatementTable
from pipeline.text.amounts import MONEY_UNITS

NUMBER = re.compile(r"^[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")
DASH = {"-", "—", "--", "——", "/", "－"}
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]{1,2}[.、．](?![0-9]))")
_LEVEL_SUFFIX = re.compile(r"[（(](?:类|款|项)[）)]")
CODE_TOKEN = re.compile(r"^(?:[1-9][0-9]{2}|[1-9][0-9]{4}|[1-9][0-9]{6})$")
CODE_PART = re.compile(r"^[0-9]{2}$")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
UNIT_LINE = re.compile(r"单位[:：]\s*(亿元|万元|千元|元)")


@dataclass(frozen=True)
class Slot:
    """A column a number of a row can go to: (item, column) — item is only set in tables whose items are columns (三公)."""

    column_code: str
    column_title: str
    item: str | None = None
    item_name: str | None = None


@dataclass
class Number:
    text: str
    value: Decimal
    start: int | None = None
    end: int | None = None
    position: float | None = None  # x on the page or the layout line, where the input keeps it
    slot: int | None = None  # index into the row's slots, where the input fixes it
    line: int | None = None  # the text line it is printed on


@dataclass
class PrintedRow:
    code: str | None
    name: str
    side: int
    numbers: list[Number] = field(default_factory=list)
    start: int | None = None
    end: int | None = None
    line: int | None = None
    page: int | None = None
    candidates: list[tuple[int, ...]] = field(default_factory=list)
    how: str = "printed"
    position: float | None = None  # x where the row starts on its line (layout text)
    name_position: float | None = None  # x where its name starts (layout text): digits left of it are its code
    capacity: int = 0  # how many columns its side prints
    in_reading_order: bool = False  # numbers known to stand left to right (by their position)
    doubt: str | None = None  # why the row's numbers may not all be its own: then none is placed

    @property
    def key(self) -> str:
        return self.code or name_key(self.name)


@dataclass
class ReadTable:
    code: str
    title: str
    page: int | None
    scale: Decimal
    sides: list[list[Slot]]
    rows: list[PrintedRow] = field(default_factory=list)
    evidence: str = ""
    grid: GridColumns | None = None  # a PDF table's columns, kept for its continuation pages
    start: int | None = None  # original-text offsets of the table, title to last row
    end: int | None = None
    unread: str | None = None  # why none of its numbers can be placed (its header, the work it would take)
    section: int | None = None  # printed one-sided: the side of the 收入/支出 heading in force at its end


@dataclass
class StatementReading:
    tables: list[StatementTable] = field(default_factory=list)
    cells: list[StatementCell] = field(default_factory=list)
    set_aside: list[SetAsideCell] = field(default_factory=list)


_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _SPACES.sub("", text).translate(_QUOTES)


@lru_cache(maxsize=1 << 14)  # asked of every row again while the tables are compared with each other
def name_key(name: str) -> str:
    return _LEVEL_SUFFIX.sub("", ORDINAL.sub("", squeeze(name)))


def clean_name(name: str) -> str:
    """Row name as printed: line breaks and letter-spacing removed, without ordinal and （类）（款）（项）."""
    return _LEVEL_SUFFIX.sub("", ORDINAL.sub("", _SPACES.sub("", name)))


@dataclass
class Line:
    text: str
    start: int
    number: int


def text_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for n, line in enumerate(text.split("\n"), 1):
        out.append(Line(line, pos, n))
        pos += len(line) + 1
    return out


@dataclass
class GridColumns:
    code_columns: list[int]
    name_columns: list[int]
    value_columns: dict[int, tuple[int, int]]  # grid column → (side, slot index)
    one_sided: bool = False  # a two-sided table printed as one column of rows (收入 rows, then 支出 rows)


def unit_name(scale: Decimal) -> str:
    return next(u for u, f in MONEY_UNITS.items() if f == scale)


# The 收入 and 支出 headings over the rows of a summary printed one-sided (收入 rows, then 支出 rows).
SECTION_HEADINGS = {"收入": 0, "支出": 1, "收入部分": 0, "支出部分": 1}


def side_of_row(row: PrintedRow) -> int:
    """The side of a two-sided table a row stands on, by what its name says; else where it was printed."""
    name = row.name
    if any(w in name for w in ("支出", "年末", "结余分配")):
        return 1
    if any(w in name for w in ("收入", "年初", "使用非财政拨款结余", "财政拨款", "用事业基金")):
        return 0
    return row.side
