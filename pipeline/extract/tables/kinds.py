"""What the vocabulary (``vocabulary/statement_tables.yaml``) says of each kind of table: titles, header
labels → column codes, the arithmetic of a row, which tables repeat each other."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pipeline.extract.tables.model import squeeze

_VOCABULARY = Path(__file__).parent.parent / "vocabulary" / "statement_tables.yaml"


@dataclass(frozen=True)
class TableKind:
    code: str
    titles: tuple[str, ...]
    two_sided: bool
    columns: tuple[tuple[str, str, int | None], ...]  # (printed label, column code, side or None)
    relations: tuple[tuple[str, tuple[str, ...]], ...]  # total column = Σ part columns, per row
    items: tuple[tuple[str, tuple[str, ...], str], ...] = ()  # (item code, printed labels, standard name): items printed as columns
    item_relations: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class TableVocabulary:
    kinds: dict[str, TableKind]
    titles: tuple[tuple[str, str], ...]  # (squeezed title, table code), longest first
    row_starts: tuple[str, ...]
    column_titles: dict[str, str]
    corresponding: tuple[tuple[str, str, str, str], ...]
    income_sources: dict[str, str]
    header_words: tuple[str, ...]
    unit_name_endings: tuple[str, ...]
    table_set_headings: tuple[str, ...]
    line_number_labels: tuple[str, ...]


@cache
def vocabulary() -> TableVocabulary:
    data = yaml.safe_load(_VOCABULARY.read_text(encoding="utf-8"))
    kinds: dict[str, TableKind] = {}
    titles: list[tuple[str, str]] = []
    for code, spec in data["tables"].items():
        columns = tuple((c["label"], c["code"], c.get("side")) for c in spec.get("columns", []))
        kinds[code] = TableKind(
            code=code, titles=tuple(spec["titles"]), two_sided=bool(spec.get("two_sided")), columns=columns,
            relations=tuple((r["total"], tuple(r["parts"])) for r in spec.get("relations", [])),
            items=tuple((i["code"], tuple(i["labels"]), i["name"]) for i in spec.get("items", [])),
            item_relations=tuple((r["total"], tuple(r["parts"])) for r in spec.get("item_relations", [])))
        titles.extend((squeeze(t), code) for t in spec["titles"])
    titles.sort(key=lambda t: len(t[0]), reverse=True)
    return TableVocabulary(kinds=kinds, titles=tuple(titles),
                           row_starts=tuple(sorted(data["row_starts"], key=len, reverse=True)),
                           column_titles=data["column_titles"],
                           corresponding=tuple(tuple(c) for c in data["corresponding"]),
                           income_sources=data["income_sources"], header_words=tuple(data["header_words"]),
                           unit_name_endings=tuple(data["unit_name_endings"]),
                           table_set_headings=tuple(data["table_set_headings"]),
                           line_number_labels=tuple(data["line_number_labels"]))
