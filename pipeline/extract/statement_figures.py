"""What the standard tables state, looked up by table, row and column.

The cells (records.StatementCell) are what the table reader read; this module
says which cell carries which metric code, which 经济分类 class is 人员经费, and
gives the findings and the staging frames one way to find a cell by its row.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pipeline.extract.records import SetAsideCell, StatementCell
from pipeline.extract.tables.kinds import vocabulary

_TABLES_YAML = Path(__file__).parent / "vocabulary" / "tables.yaml"


@cache
def statement_codes() -> tuple[dict[str, str], dict[str, str]]:
    """(table code → Chinese name, column code → Chinese name) of tables.yaml; ``other`` included.

    A name is the entry without its ``(tables it belongs to)`` note."""
    vocab = yaml.safe_load(_TABLES_YAML.read_text(encoding="utf-8"))
    tables, columns = ({code: re.sub(r"\s*\([^)]*\)", "", str(text)).strip() for code, text in vocab[part].items()}
                       for part in ("tables", "columns"))
    return {**tables, "other": "其他表（按所印标题）"}, {**columns, "other": "其他列（按所印表头）"}

def item_name(code: str) -> str:
    """The standard name of a 三公 item (a row of the 三公 table) in the table vocabulary."""
    return next(name for item, _, name in vocabulary().kinds["three_public"].items if item == code)


def item_keys() -> list[dict[str, str]]:
    """Every printed wording of each item of a table whose items are columns (三公), as the row key a cell of
    it has: the warehouse finds an item by its code, whatever the template calls it."""
    out = []
    for kind in vocabulary().kinds.values():
        for code, labels, name in kind.items:
            for key in dict.fromkeys(row_key(label) for label in (name, *labels)):
                out.append({"table_code": kind.code, "item_code": code, "item_name_zh": name, "row_key": key})
    return out


# A metric code a table prints exactly: (code, table, row name, column). Codes whose
# table cell means something else (e.g. the 说明's 财政拨款收入 for the 总表's
# 一般公共预算 row, or a completion rate) are not here.
TABLE_METRICS: tuple[tuple[str, str, str, str], ...] = (
    ("income_grand_total", "summary", "总计", "income_final"),
    ("expense_grand_total", "summary", "总计", "expense_final"),
    ("income_total", "summary", "本年收入合计", "income_final"),
    ("income_gpb", "summary", "一般公共预算财政拨款收入", "income_final"),
    ("income_gov_fund", "summary", "政府性基金预算财政拨款收入", "income_final"),
    ("income_soe_capital", "summary", "国有资本经营预算财政拨款收入", "income_final"),
    ("income_superior_subsidy", "summary", "上级补助收入", "income_final"),
    ("income_business", "summary", "事业收入", "income_final"),
    ("income_operating", "summary", "经营收入", "income_final"),
    ("income_subordinate_remit", "summary", "附属单位上缴收入", "income_final"),
    ("income_other", "summary", "其他收入", "income_final"),
    ("expense_total", "summary", "本年支出合计", "expense_final"),
    ("expense_basic", "expense", "合计", "basic"),
    ("expense_project", "expense", "合计", "project"),
    ("expense_remit_superior", "expense", "合计", "remit_superior"),
    ("expense_operating", "expense", "合计", "operating"),
    ("expense_subsidy_subordinate", "expense", "合计", "subsidy_subordinate"),
    ("fiscal_income_grand_total", "fiscal_summary", "总计", "income_final"),
    ("fiscal_expense_grand_total", "fiscal_summary", "总计", "expense_final"),
    ("gpb_expense", "gpb_expense", "合计", "total"),
    ("gov_fund_expense", "fiscal_summary", "本年支出合计", "expense_gov_fund"),
    ("soe_capital_expense", "fiscal_summary", "本年支出合计", "expense_soe_capital"),
    ("gpb_basic_expense", "gpb_expense", "合计", "basic"),
    ("personnel_expense", "gpb_basic", "人员经费合计", "final"),
    ("public_expense", "gpb_basic", "公用经费合计", "final"),
    ("three_public_total", "three_public", item_name("total"), "final"),
    ("three_public_budget", "three_public", item_name("total"), "budget"),
    ("outbound_expense", "three_public", item_name("outbound"), "final"),
    ("vehicle_expense", "three_public", item_name("vehicle"), "final"),
    ("vehicle_purchase_expense", "three_public", item_name("vehicle_purchase"), "final"),
    ("vehicle_operation_expense", "three_public", item_name("vehicle_operation"), "final"),
    ("reception_expense", "three_public", item_name("reception"), "final"),
)

# 经济分类 classes of 人员经费 (工资福利支出, 对个人和家庭的补助); every other class is 公用经费.
PERSONNEL_CLASSES = ("301", "303")


def economic_group(cell: StatementCell) -> str | None:
    """人员经费 / 公用经费 of a 基本支出表 cell: by its column where the template splits them,
    else by its 经济分类 class; None for a row without a code (人员经费合计 …)."""
    if cell.table_code != "gpb_basic" or not cell.row_code:
        return None
    if cell.column_code in ("personnel", "public"):
        return "人员经费" if cell.column_code == "personnel" else "公用经费"
    return "人员经费" if cell.row_code[:3] in PERSONNEL_CLASSES else "公用经费"


def row_key(name: str) -> str:
    """A row name compared across templates: no spaces, one kind of bracket, the 三公
    wordings (公务用车购置及运行费 / …运行维护费, 因公出国（境）费用) as one."""
    key = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    return key.replace("维护", "").replace("费用", "费")


@dataclass
class StatementIndex:
    """The cells of one document, by table; rows with numbers set aside are known."""

    cells: dict[str, list[StatementCell]]
    set_aside: set[tuple[str, str]]  # (table, row_code or row_key) with undetermined numbers

    @classmethod
    def of(cls, cells: Iterable[StatementCell], set_aside: Iterable[SetAsideCell] = ()) -> StatementIndex:
        by_table: dict[str, list[StatementCell]] = defaultdict(list)
        for cell in sorted(cells, key=lambda c: c.row_number):
            by_table[cell.table_code].append(cell)
        return cls(dict(by_table), {(s.table_code, row_id(s.row_code, s.row_name)) for s in set_aside})

    def named(self, table: str, name: str, column: str, before: StatementCell | None = None) -> StatementCell | None:
        """The first cell of the row so named in that column (the 财政拨款收入支出决算总表
        prints 一般公共预算财政拨款 twice: the 本年收入 row comes first), or only above ``before``."""
        key = row_key(name)
        return next((c for c in self.cells.get(table, ()) if c.column_code == column and c.row_code is None
                     and row_key(c.row_name) == key and (before is None or c.row_number < before.row_number)), None)

    def row_named(self, table: str, name: str) -> dict[str, StatementCell]:
        """column → cell of the first row so named (合计, 人员经费合计 …)."""
        key = row_key(name)
        return next((row for row in self.rows(table) if any(c.row_code is None and row_key(c.row_name) == key
                                                            for c in row.values())), {})

    def rows(self, table: str) -> list[dict[str, StatementCell]]:
        """The printed rows of a table in order: column → cell."""
        rows: dict[tuple, dict[str, StatementCell]] = {}
        for cell in self.cells.get(table, ()):
            rows.setdefault((cell.row_number, cell.row_code, cell.row_name), {}).setdefault(cell.column_code, cell)
        return list(rows.values())

    def coded(self, table: str) -> dict[str, dict[str, StatementCell]]:
        """Rows with a classification code: code → column → cell."""
        rows: dict[str, dict[str, StatementCell]] = defaultdict(dict)
        for cell in self.cells.get(table, ()):
            if cell.row_code:
                rows[cell.row_code].setdefault(cell.column_code, cell)
        return dict(rows)

    def has_set_aside(self, table: str, code: str | None, name: str = "") -> bool:
        return (table, row_id(code, name)) in self.set_aside

    def metric_cells(self) -> dict[str, StatementCell]:
        """The cell of every TABLE_METRICS code the tables print."""
        found = {code: self.named(table, row, column) for code, table, row, column in TABLE_METRICS}
        return {code: cell for code, cell in found.items() if cell is not None}


def row_id(code: str | None, name: str) -> str:
    return code or row_key(name)
