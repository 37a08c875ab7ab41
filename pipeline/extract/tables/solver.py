"""Every number's column, by reasoning where the input does not keep it: the row's arithmetic, parent =
Σ children and 合计 = Σ 类 in every column, then the other tables."""
from __future__ import annotations

import itertools
import math
from decimal import Decimal

from pipeline.extract.tables.header import is_sub_column
from pipeline.extract.tables.kinds import TableKind, vocabulary
from pipeline.extract.tables.model import PrintedRow, ReadTable, Slot, name_key

_MAX_COMBINATIONS = 20000  # siblings' joint assignments tried per parent; beyond, the group stays open
# Arrangements of one row's numbers over its columns examined at most. A header the vocabulary reads as
# dozens of columns would cost C(25, 12) = 5.2 million checks for one row of twelve numbers; no real table
# comes near (the widest standard row, 收入决算表, has C(8, 4) = 70). Past it the table is not read.
MAX_ARRANGEMENTS = 20000


def _row_relations(kind: TableKind, slots: list[Slot]) -> list[tuple[int, list[int]]]:
    index = {(s.item, s.column_code): i for i, s in enumerate(slots)}
    out = []
    for total, parts in kind.relations:
        for item in {s.item for s in slots}:
            if (item, total) in index:
                out.append((index[(item, total)], [index[(item, p)] for p in parts if (item, p) in index]))
    for total, parts in kind.item_relations:
        for column in {s.column_code for s in slots}:
            if (total, column) in index:
                out.append((index[(total, column)], [index[(p, column)] for p in parts if (p, column) in index]))
    return [(t, p) for t, p in out if p]


def _values(row: PrintedRow, cand: tuple[int, ...]) -> dict[int, Decimal]:
    return {slot: n.value for slot, n in zip(cand, row.numbers)}


def _holds(total: Decimal | None, parts: list[Decimal]) -> bool:
    """total = Σ parts within rounding (0.01 per addend); a blank total holds only blank/zero parts."""
    if total is None:
        return all(p == 0 for p in parts)
    if not parts:
        return total == 0
    return abs(total - sum(parts, Decimal(0))) <= Decimal("0.01") * max(len(parts), 1)


def arrangements(row: PrintedRow, slots: list[Slot]) -> int:
    """How many column arrangements of the row's numbers keep their printed order (per reading order)."""
    n, m = len(row.numbers), len(slots)
    if n == 0 or all(x.slot is not None for x in row.numbers):
        return 1
    return math.comb(m, n) * len(_reading_orders(row))


def _row_candidates(kind: TableKind, row: PrintedRow, slots: list[Slot]) -> list[tuple[int, ...]]:
    n, m = len(row.numbers), len(slots)
    if n == 0:
        return [()]
    if all(x.slot is not None for x in row.numbers):  # placed by the grid: on a column of the row's side
        return [tuple(x.slot for x in row.numbers)] if all(x.slot < m for x in row.numbers) else []
    if n > m:
        return []
    relations = _row_relations(kind, slots)
    out = []
    for order in _reading_orders(row):
        for chosen in itertools.combinations(range(m), n):
            cand = [0] * n
            for index, slot in zip(order, chosen):
                cand[index] = slot
            vals = _values(row, tuple(cand))
            if all(_holds(vals.get(t), [vals[p] for p in parts if p in vals]) for t, parts in relations) \
                    and _sub_columns_hold(vals, slots):
                out.append(tuple(cand))
    return sorted(set(out))


def _sub_columns_hold(vals: dict[int, Decimal], slots: list[Slot]) -> bool:
    """A 其中 column is part of a column printed before it: its figure needs one at least as large there."""
    for s, value in vals.items():
        if value and is_sub_column(slots[s].column_title):
            if not any(vals.get(t, Decimal(0)) >= value for t in range(s) if slots[t].column_code != "other"):
                return False
    return True


def _reading_orders(row: PrintedRow) -> list[list[int]]:
    """Left-to-right orders the row's numbers can have: within a line as printed; a row whose numbers stand
    on two or three lines (another baseline) may read its lines in any order."""
    groups: dict[int | None, list[int]] = {}
    for i, n in enumerate(row.numbers):
        groups.setdefault(n.line, []).append(i)
    blocks = list(groups.values())
    if row.in_reading_order or len(blocks) == 1 or len(blocks) > 3:
        return [list(range(len(row.numbers)))]
    return [[i for block in perm for i in block] for perm in itertools.permutations(blocks)]


def assign_columns(tables: list[ReadTable]) -> None:
    """Give every row its candidate column assignments and narrow them by arithmetic and the other tables."""
    for table in tables:
        kind = vocabulary().kinds[table.code]
        widest = max((arrangements(row, _slots(table, row)) for row in table.rows), default=0)
        if widest > MAX_ARRANGEMENTS and table.unread is None:
            table.unread = (f"its header reads as {max(map(len, table.sides), default=0)} columns: a row would "
                            f"need {widest:,} column arrangements examined (at most {MAX_ARRANGEMENTS:,})")
        if table.unread is not None:
            for row in table.rows:
                row.candidates = []
            continue
        for row in table.rows:
            slots = _slots(table, row)
            row.candidates = _row_candidates(kind, row, slots) if row.doubt is None else []
            if len(row.candidates) == 1 and row.numbers and row.numbers[0].slot is None:
                row.how = "printed" if len(row.numbers) == len(slots) else "arithmetic"
            elif row.numbers and row.numbers[0].slot is not None:
                row.how = "position"
    for _ in range(6):
        changed = False
        for table in tables:
            changed |= _narrow_by_hierarchy(table)
        changed |= _narrow_by_other_tables(tables)
        if not changed:
            break


def _slots(table: ReadTable, row: PrintedRow) -> list[Slot]:
    return table.sides[row.side] if row.side < len(table.sides) else []


def _groups(table: ReadTable) -> list[tuple[PrintedRow, list[PrintedRow]]]:
    """(parent, children) pairs: 类 → 款 → 项 by code, and the 合计 row over the 类 rows."""
    out = []
    for side in range(len(table.sides)):
        rows = [r for r in table.rows if r.side == side]
        under: dict[str, list[PrintedRow]] = {}  # code → the rows whose code extends it by two digits
        for r in rows:
            if r.code:
                under.setdefault(r.code[:-2], []).append(r)
        for parent in rows:
            if parent.code:
                kids = under.get(parent.code, [])
            elif parent.name in ("合计", "本年支出合计", "本年收入合计") and not table.code.endswith("summary"):
                kids = [r for r in rows if r.code and len(r.code) == 3]
            elif parent.name == "本年支出合计" and side == 1:
                kids = [r for r in rows if r.name.endswith("支出") and r is not parent and r.code is None
                        and "合计" not in r.name]
            else:
                continue
            if kids:
                out.append((parent, kids))
    return out


def _narrow_by_hierarchy(table: ReadTable) -> bool:
    changed = False
    for parent, kids in _groups(table):
        if len(parent.candidates) != 1:
            continue
        pvals = _values(parent, parent.candidates[0])
        nslots = len(table.sides[parent.side])
        for kid in kids:  # a column blank in the parent is blank in every child
            keep = [c for c in kid.candidates if all(s in pvals for s, n in zip(c, kid.numbers) if n.value != 0)]
            if keep and len(keep) < len(kid.candidates):
                kid.candidates, kid.how, changed = keep, "arithmetic", True
        open_kids = [k for k in kids if len(k.candidates) > 1]
        if not open_kids:
            continue
        size = 1
        for k in open_kids:
            size *= len(k.candidates)
        if size > _MAX_COMBINATIONS or any(not k.candidates for k in kids):
            continue
        fixed = [k for k in kids if len(k.candidates) == 1]
        surviving = []
        for combo in itertools.product(*(k.candidates for k in open_kids)):
            total = {s: Decimal(0) for s in range(nslots)}
            count = {s: 0 for s in range(nslots)}
            for k, cand in [*((k, k.candidates[0]) for k in fixed), *zip(open_kids, combo)]:
                for s, v in _values(k, cand).items():
                    total[s] += v
                    count[s] += 1
            if all(_holds(pvals.get(s), [total[s]] if count[s] else []) if count[s] else True for s in range(nslots)):
                if all(abs(total[s] - pvals[s]) <= Decimal("0.01") * max(count[s], 1) for s in pvals if count[s]):
                    surviving.append(combo)
        if not surviving:
            continue
        for i, k in enumerate(open_kids):
            keep = sorted({combo[i] for combo in surviving})
            if len(keep) < len(k.candidates):
                k.candidates, k.how, changed = keep, "arithmetic", True
    return changed


def _expected(tables: list[ReadTable]) -> dict[tuple[str, int, str, str], Decimal | None]:
    """(table, side, row key, column) → the figure another table states for that cell (None: printed blank there)."""
    voc = vocabulary()
    resolved: dict[tuple[str, str, str], Decimal] = {}
    by_code = {t.code: t for t in tables}
    for t in tables:
        for row in t.rows:
            if len(row.candidates) == 1:
                slots = t.sides[row.side]
                for s, v in _values(row, row.candidates[0]).items():
                    for key in {row.key, name_key(row.name)}:  # in 万元: tables may print 元 or 千元
                        resolved.setdefault((t.code, key, slots[s].column_code), v * t.scale)
    partners: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (table, column) → its corresponding cells
    for a_table, a_col, b_table, b_col in voc.corresponding:
        partners.setdefault((a_table, a_col), []).append((b_table, b_col))
    out: dict[tuple[str, int, str, str], Decimal | None] = {}
    for t in tables:
        for row in t.rows:
            for s in (t.sides[row.side] if row.side < len(t.sides) else []):
                for b_table, b_col in partners.get((t.code, s.column_code), ()):
                    if b_table not in by_code:
                        continue
                    other = by_code[b_table]
                    if not any(r.numbers for r in other.rows):
                        out[(t.code, row.side, row.key, s.column_code)] = None
                    else:
                        found = [resolved[k] for k in ((b_table, row.key, b_col), (b_table, name_key(row.name), b_col))
                                 if k in resolved]
                        if found:
                            out[(t.code, row.side, row.key, s.column_code)] = found[0]
            if t.code == "income" and row.code is None and "summary" in by_code:
                for column, source in voc.income_sources.items():
                    summary_rows = [r for r in by_code["summary"].rows if r.side == 0 and name_key(r.name) == source]
                    if summary_rows and len(summary_rows[0].candidates) == 1:
                        vals = _values(summary_rows[0], summary_rows[0].candidates[0])
                        stated = next(iter(vals.values()), None)
                        out[(t.code, 0, row.key, column)] = None if stated is None else stated * by_code["summary"].scale
    return out


def _narrow_by_other_tables(tables: list[ReadTable]) -> bool:
    expected = _expected(tables)
    changed = False
    for t in tables:
        for row in t.rows:
            if len(row.candidates) <= 1:
                continue
            slots = t.sides[row.side]
            scores = []
            for cand in row.candidates:
                vals = {s: v * t.scale for s, v in _values(row, cand).items()}
                agree = 0
                for s, slot in enumerate(slots):
                    key = (t.code, row.side, row.key, slot.column_code)
                    if key in expected and expected[key] == vals.get(s):
                        agree += 1
                scores.append(agree)
            best = max(scores)
            winners = [c for c, sc in zip(row.candidates, scores) if sc == best]
            if best > 0 and len(winners) < len(row.candidates):
                row.candidates, row.how, changed = winners, "cross_table", True
    return changed
