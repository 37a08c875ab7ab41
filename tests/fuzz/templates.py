"""The dev reports' gold tables re-laid the ways real templates differ, from a seed.

A variant changes how a table is printed, never what it states: columns moved,
added or left out, titles worded, numbered or prefixed otherwise, amounts in 元
or 千元, headers over two rows, a table continued on the next page, the summary
printed on one side. Its expected cells are the gold cells changed the same way
(a column left out takes its cells with it; an added column the vocabulary does
not know is expected as ``other``), always in 万元, so a reader that publishes
anything else has published a wrong cell.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from random import Random

from pipeline.evaluate import cell_row_key
from pipeline.extract.tables.kinds import TableKind, vocabulary
from pipeline.extract.tables.model import squeeze

GOLD = Path(__file__).parent.parent / "fixtures" / "dev" / "gold"
REPORTS = ("putuo_caizheng_2024", "putuo_guihua_2024", "putuo_shehui_2024")
YEAR = "2024年度"
CENT = Decimal("0.01")

# Columns some templates add beside the standard ones: (printed header, the standard column it is part of).
EXTRA_COLUMNS = {
    "income": [("其中：教育收费", "business"), ("其中：专户管理资金", "fiscal"), ("用事业基金弥补收支差额", "total")],
    "expense": [("其中：政府采购额", "project"), ("其中：信息化建设", "basic")],
    "gpb_expense": [("其中：信息化建设", "project"), ("其中：政府采购额", "basic")],
}
_ORDINAL_BEFORE = r"((?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]))"


@dataclass(frozen=True)
class Column:
    code: str  # the column code a reader should give its cells ("other": none the vocabulary knows)
    label: str  # the header as printed
    side: int = 0  # income (0) or expense (1) side of a two-sided table
    item: str | None = None  # 三公: the item whose (预算数, 决算数) pair this column is


@dataclass
class Row:
    code: str | None
    name: str  # as printed, ordinal kept
    expected_name: str  # as the gold names it
    side: int
    values: dict[Column, Decimal] = field(default_factory=dict)  # 万元, exact


@dataclass
class Table:
    code: str
    title: str
    columns: list[Column]  # in printed order, income side first
    rows: list[Row]
    unit: str = "万元"
    two_row_header: bool = False
    grouped_header: bool = False  # every column but the first under a group cell (其中：)
    continued_at: int | None = None  # the row a 续表 page starts with

    def side_columns(self, side: int) -> list[Column]:
        return [c for c in self.columns if c.side == side]

    @property
    def two_sided(self) -> bool:
        return vocabulary().kinds[self.code].two_sided

    @property
    def has_items(self) -> bool:
        return bool(vocabulary().kinds[self.code].items)


@dataclass
class Variant:
    report: str
    seed: int
    department: str
    tables: list[Table]
    kinds: list[str] = field(default_factory=list)
    rendering: str = "blanks_dropped"  # or blanks_as_spaces, pdf
    separators: bool = False
    codes_joined: bool = False
    one_sided_summary: bool = False
    shared_pages: bool = False
    header_wrap: str = "cellwise"  # how a text converter prints a two-row header: cell by cell, or row by row
    blank_mark: str = ""  # what a blank cell prints ("-": a dash, which states no figure)
    wrap_names: bool = False
    unit_style: str = "单位：{unit}"
    page_numbers: bool = False
    halves: bool = False  # the 经济分类 table printed in two halves side by side
    line_numbers: bool = False  # a 行次 column in the two-sided tables
    letter_spaced: bool = False
    code_columns: bool = False  # a PDF's code in three columns 类 款 项 under 科目编码

    def expected(self) -> list[dict]:
        """The cells a right reading publishes, as the gold records them (万元)."""
        return [{"table": t.code, "row_code": r.code, "row_name": c.item or r.expected_name, "column": c.code,
                 "value": str(v)} for t in self.tables for r in t.rows for c, v in r.values.items()]


def _first_labels(kind: TableKind) -> dict[tuple[str, int], str]:
    labels: dict[tuple[str, int], str] = {}
    for printed, code, side in kind.columns:
        labels.setdefault((code, side or 0), printed)
    return labels


def _template_columns(kind: TableKind, used: set[str]) -> list[Column]:
    """The standard template's columns: those the gold fills and those the row's arithmetic names."""
    related = {code for total, parts in kind.relations for code in (total, *parts)}
    return [Column(code, label, side) for (code, side), label in _first_labels(kind).items()
            if code in used or code in related]


def _printed_name(name: str, evidence: str) -> str:
    found = re.search(_ORDINAL_BEFORE + re.escape(squeeze(name)), squeeze(evidence))
    return found.group(1) + name if found else name


def _item_table(kind: TableKind, cells: list[dict]) -> Table:
    columns = [Column(code, printed, 0, name) for _, _, name in kind.items for printed, code, _ in kind.columns]
    row = Row(None, "", "", 0)
    for cell in cells:
        column = next(c for c in columns if c.code == cell["column"]
                      and cell_row_key(c.item) == cell_row_key(cell["row_name"]))
        row.values[column] = Decimal(cell["value"])
    return Table(kind.code, kind.titles[0], columns, [row])


def gold_variant(report: str, seed: int = 0) -> Variant:
    """A report's tables as its gold records them, in the standard template."""
    gold = json.loads((GOLD / f"{report}.json").read_text(encoding="utf-8"))
    by_table: dict[str, list[dict]] = {}
    for cell in gold["table_cells"]:
        by_table.setdefault(cell["table"], []).append(cell)
    tables = []
    for code, cells in by_table.items():
        kind = vocabulary().kinds[code]
        if kind.items:
            tables.append(_item_table(kind, cells))
            continue
        columns = _template_columns(kind, {c["column"] for c in cells})
        rows: list[Row] = []
        open_rows: dict[tuple, Row] = {}
        for cell in cells:
            column = next(c for c in columns if c.code == cell["column"]
                          and (not kind.two_sided or c.side == (0 if c.code == "income_final" else 1)))
            key = (cell["row_code"], cell["row_name"], column.side)
            row = open_rows.get(key)
            if row is None or column in row.values:  # the same name again is another row (一般公共预算财政拨款)
                row = Row(cell["row_code"], _printed_name(cell["row_name"], cell["evidence"]), cell["row_name"],
                          column.side)
                rows.append(row)
                open_rows[key] = row
            row.values[column] = Decimal(cell["value"])
        tables.append(Table(code, kind.titles[0], columns, rows))
    return Variant(report, seed, gold["department"], tables)


# -- transformations: each changes the variant in place, and says whether it found something to change --

def _function_tables(v: Variant) -> list[Table]:
    return [t for t in v.tables if not t.two_sided and not t.has_items and len(t.columns) >= 3]


def reorder_columns(v: Variant, rng: Random) -> bool:
    tables = [t for t in v.tables if not t.has_items and max(len(t.side_columns(s)) for s in (0, 1)) >= 2]
    if not tables:
        return False
    for table in rng.sample(tables, rng.randint(1, len(tables))):
        side = max((0, 1), key=lambda s: len(table.side_columns(s)))
        moved = table.side_columns(side)
        original = list(moved)
        while moved == original:
            rng.shuffle(moved)
        table.columns = [*moved, *table.side_columns(1)] if side == 0 else [*table.side_columns(0), *moved]
    return True


def _parent(code: str) -> str | None:
    return code[:-2] if len(code) in (5, 7) else None


def add_column(v: Variant, rng: Random) -> bool:
    """A column the vocabulary does not know (其中：教育收费), with figures of its own that add up as a
    template's do: a part of its base column on every leaf row, each parent the sum of its children."""
    tables = [t for t in _function_tables(v) if t.code in EXTRA_COLUMNS]
    if not tables:
        return False
    table = rng.choice(tables)
    label, base_code = rng.choice(EXTRA_COLUMNS[table.code])
    base = next((c for c in table.columns if c.code == base_code), table.columns[0])
    added = Column("other", label, base.side)
    table.columns.insert(table.columns.index(base) + 1, added)
    codes = {r.code for r in table.rows if r.code}
    share = Decimal(rng.choice(("0.5", "0.25", "0.1", "1")))
    values: dict[str, Decimal] = {}
    for row in sorted((r for r in table.rows if r.code), key=lambda r: -len(r.code)):
        children = [values[c] for c in codes if _parent(c) == row.code and c in values]
        if children:
            values[row.code] = sum(children, Decimal(0))
        elif base in row.values:
            values[row.code] = (row.values[base] * share).quantize(CENT, rounding=ROUND_DOWN)
    total = sum((x for c, x in values.items() if len(c) == 3), Decimal(0))
    for row in table.rows:
        value = values.get(row.code) if row.code else (total if values else None)
        if value:
            row.values[added] = value
    return True


def _remove_column(v: Variant, rng: Random, with_figures: bool) -> bool:
    tables = [t for t in _function_tables(v)
              if any(c.code != "total" and _has_figures(t, c) == with_figures for c in t.columns)]
    if not tables:
        return False
    table = rng.choice(tables)
    removed = rng.choice([c for c in table.columns if c.code != "total" and _has_figures(table, c) == with_figures])
    table.columns.remove(removed)
    for row in table.rows:
        row.values.pop(removed, None)
    return True


def _has_figures(table: Table, column: Column) -> bool:
    return any(column in r.values for r in table.rows)


def remove_column(v: Variant, rng: Random) -> bool:
    """A template without a standard column the unit never fills (经营支出, 上缴上级支出 …)."""
    return _remove_column(v, rng, with_figures=False)


def remove_column_with_figures(v: Variant, rng: Random) -> bool:
    """A template that leaves out a column with figures: its cells are not in the report, and 合计 exceeds
    the parts it prints (the row's arithmetic no longer holds on the printed columns)."""
    return _remove_column(v, rng, with_figures=True)


def reword_labels(v: Variant, rng: Random) -> bool:
    """Headers worded as other templates word them (合计 for 本年收入合计, 金额 for 决算数): the vocabulary's."""
    changed = False
    for table in v.tables:
        kind = vocabulary().kinds[table.code]
        for i, column in enumerate(table.columns):
            others = [p for p, code, side in kind.columns
                      if code == column.code and (side or 0) == column.side and p != column.label]
            if others and not table.has_items and rng.random() < 0.6:
                _replace_column(table, i, Column(column.code, rng.choice(others), column.side, column.item))
                changed = True
    return changed


def _replace_column(table: Table, i: int, new: Column) -> None:
    old = table.columns[i]
    table.columns[i] = new
    for row in table.rows:
        if old in row.values:
            row.values[new] = row.values.pop(old)


def rename_titles(v: Variant, rng: Random) -> bool:
    changed = False
    for table in v.tables:
        others = [t for t in vocabulary().kinds[table.code].titles if t != table.title]
        if others:
            table.title = rng.choice(others)
            changed = True
    return changed


_NUMBERINGS = ("公开{n:02d}表 {t}", "{t}（公开{n:02d}表）", "表{n} {t}", "附表{n} {t}", "{t}\n公开{n:02d}表")


def number_titles(v: Variant, rng: Random) -> bool:
    style = rng.choice(_NUMBERINGS)
    for n, table in enumerate(v.tables, 1):
        table.title = style.format(n=n, t=table.title)
    return True


def prefix_titles(v: Variant, rng: Random) -> bool:
    style = rng.choice(("{d}{t}", "{d}{y}{t}", "{y}{t}", "{d} {y} {t}"))
    for table in v.tables:
        table.title = style.format(d=v.department, y=YEAR, t=table.title)
    return True


def _in_unit(unit: str) -> Callable[[Variant, Random], bool]:
    def scale(v: Variant, rng: Random) -> bool:
        for table in rng.sample(v.tables, rng.randint(1, len(v.tables))):
            table.unit = unit
        return True
    scale.__doc__ = f"Tables printed in {unit}: the same amounts, scaled exactly."
    return scale


def thousands_separators(v: Variant, rng: Random) -> bool:
    v.separators = True
    return True


def join_codes(v: Variant, rng: Random) -> bool:
    v.codes_joined = True
    return any(r.code for t in v.tables for r in t.rows)


def two_row_headers(v: Variant, rng: Random) -> bool:
    """Header cells wrapped over two lines; a text converter prints them cell by cell or line by line."""
    for table in rng.sample(v.tables, rng.randint(1, len(v.tables))):
        table.two_row_header = True
    v.header_wrap = rng.choice(("cellwise", "rowwise"))
    return True


def continue_table(v: Variant, rng: Random) -> bool:
    """A table that runs over onto the next page, its title repeated with 续表 and its header again."""
    tables = [t for t in v.tables if len(t.rows) >= 6]
    if not tables:
        return False
    table = rng.choice(tables)
    table.continued_at = rng.randint(2, len(table.rows) - 2)
    return True


def share_pages(v: Variant, rng: Random) -> bool:
    v.shared_pages = True
    return len(v.tables) > 1


def one_sided_summary(v: Variant, rng: Random) -> bool:
    """The 收入支出决算总表 printed as one column of rows: the income rows, then the expense rows."""
    v.one_sided_summary = True
    return any(t.code == "summary" for t in v.tables)


def zeros_in_blank_cells(v: Variant, rng: Random) -> bool:
    """Templates that print 0.00 in every empty cell: each is a printed figure, 0, and expected as one."""
    for table in v.tables:
        for row in table.rows:
            columns = table.columns if not table.two_sided else table.side_columns(row.side)
            for column in columns:
                row.values.setdefault(column, Decimal("0.00"))
    return True


def dashes_in_blank_cells(v: Variant, rng: Random) -> bool:
    v.blank_mark = rng.choice(("-", "—", "--"))
    return True


def wrap_names(v: Variant, rng: Random) -> bool:
    v.wrap_names = True
    return v.rendering != "pdf"


def word_units(v: Variant, rng: Random) -> bool:
    v.unit_style = rng.choice(("金额单位：{unit}", "单位:{unit}", "（单位：{unit}）", "单位： {unit}"))
    return True


def number_pages(v: Variant, rng: Random) -> bool:
    v.page_numbers = True
    return True


def print_in_halves(v: Variant, rng: Random) -> bool:
    v.halves = True
    return any(t.code == "gpb_basic" for t in v.tables)


def group_headers(v: Variant, rng: Random) -> bool:
    tables = _function_tables(v)
    for table in rng.sample(tables, rng.randint(1, len(tables))) if tables else ():
        table.grouped_header = True
    return bool(tables)


def add_line_numbers(v: Variant, rng: Random) -> bool:
    v.line_numbers = True
    return any(t.two_sided for t in v.tables)


def space_letters(v: Variant, rng: Random) -> bool:
    v.letter_spaced = True
    return True


def split_codes(v: Variant, rng: Random) -> bool:
    v.code_columns = True
    return v.rendering == "pdf"


TRANSFORMS: dict[str, Callable[[Variant, Random], bool]] = {
    "columns_reordered": reorder_columns,
    "column_added": add_column,
    "column_removed": remove_column,
    "column_removed_with_figures": remove_column_with_figures,
    "labels_reworded": reword_labels,
    "titles_renamed": rename_titles,
    "titles_numbered": number_titles,
    "titles_prefixed": prefix_titles,
    "amounts_in_yuan": _in_unit("元"),
    "amounts_in_thousand_yuan": _in_unit("千元"),
    "thousands_separators": thousands_separators,
    "codes_joined": join_codes,
    "two_row_headers": two_row_headers,
    "continued_table": continue_table,
    "two_tables_one_page": share_pages,
    "summary_one_sided": one_sided_summary,
    "blanks_as_zeros": zeros_in_blank_cells,
    "blanks_as_dashes": dashes_in_blank_cells,
    "names_wrapped": wrap_names,
    "units_worded": word_units,
    "page_numbers": number_pages,
    "economic_halves": print_in_halves,
    "grouped_headers": group_headers,
    "line_numbers_column": add_line_numbers,
    "letter_spaced_words": space_letters,
    "codes_in_columns": split_codes,
}
TEXT_RENDERINGS = ("blanks_dropped", "blanks_as_spaces")


def make_variant(seed: int, rendering: str | None = None, kinds: tuple[str, ...] | None = None) -> Variant:
    """The variant of a seed: a report, one to three transformations, and how it is printed."""
    rng = Random(seed)
    v = gold_variant(rng.choice(REPORTS), seed)
    v.rendering = rendering or rng.choice(TEXT_RENDERINGS)
    chosen = kinds if kinds is not None else rng.sample(sorted(TRANSFORMS), rng.randint(1, 3))
    for name in sorted(chosen, key=list(TRANSFORMS).index):
        # each transformation draws from a generator of its own: leaving one out changes none of the others
        if TRANSFORMS[name](v, Random(f"{seed}:{name}")):
            v.kinds.append(name)
    return v
