"""The classification tables: 功能分类 (类/款/项) and 经济分类 codes by name.

Documents print names, rarely codes, and print them in variants
(行政运行支出 for 行政运行, 卫生健康 for 卫生健康支出). The reference tables
are partial; an alias file per table maps the variants. A name that matches
nothing keeps a null code — the row is never dropped.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    level: int
    parent_code: str | None


def _read_subjects(path: Path) -> list[Subject]:
    with path.open(encoding="utf-8") as f:
        return [Subject(r["code"], r["name"], int(r["level"]), r["parent_code"] or None) for r in csv.DictReader(f)]


def _read_aliases(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return {r["alias"]: r["name"] for r in csv.DictReader(f)}


class SubjectCatalog:
    """Lookups of function and economic subjects by printed name or code."""

    def __init__(self, functions: list[Subject], economics: list[Subject],
                 function_aliases: dict[str, str], economic_aliases: dict[str, str]):
        self.functions, self.economics = functions, economics
        self._function_aliases, self._economic_aliases = function_aliases, economic_aliases
        self._function_by_code = {s.code: s for s in functions}
        self._economic_by_name = {s.name: s.code for s in economics}

    @classmethod
    def load(cls, reference_dir: Path) -> "SubjectCatalog":
        return cls(_read_subjects(reference_dir / "function_subjects.csv"),
                   _read_subjects(reference_dir / "economic_subjects.csv"),
                   _read_aliases(reference_dir / "function_subject_aliases.csv"),
                   _read_aliases(reference_dir / "economic_subject_aliases.csv"))

    def _function_name(self, name: str | None) -> str | None:
        return self._function_aliases.get(name, name) if name else None

    def _children(self, parent: str | None, level: int, name: str | None) -> list[Subject]:
        canonical = self._function_name(name)
        return [s for s in self.functions if s.level == level and s.name == canonical
                and (parent is None or s.parent_code == parent)]

    def function_code(self, class_name: str | None, section_name: str | None, item_name: str,
                      printed: tuple[str | None, str | None, str | None] = (None, None, None)) -> str | None:
        """The 7-digit 项 code of a row, from printed codes or from its names."""
        class_code, section_code, item_code = printed
        if class_code and section_code and item_code:
            return f"{class_code}{section_code}{item_code}"
        classes = [s.code for s in self._children(None, 1, class_name)] or [None]
        sections = [s.code for c in classes for s in self._children(c, 2, section_name)]
        if section_name and not sections:
            return None
        items = [s.code for p in (sections or [None]) for s in self._children(p, 3, item_name)]
        if not sections:  # no 款 printed: the 项 must be unique within the 类
            items = [i for i in items if classes == [None] or i.startswith(tuple(c for c in classes if c))]
        return items[0] if len(items) == 1 else None

    def class_key(self, name: str | None) -> str:
        """One name per 类 whatever the wording (卫生健康 / 医疗卫生支出 → 卫生健康)."""
        name = re.sub(r"[（(](类|\d{3})[）)]", "", name or "").strip()
        canonical = self._function_aliases.get(name) or self._function_aliases.get(name + "支出") or name
        return canonical.removesuffix("支出")

    def item_belongs_to(self, section_name: str, item_name: str) -> bool | None:
        """Whether a 项 is one of a 款 (None when the tables do not know the 款)."""
        sections = self._children(None, 2, section_name)
        if not sections:
            return None
        return any(self._children(s.code, 3, item_name) for s in sections)

    def economic_code(self, name: str) -> str | None:
        return self._economic_by_name.get(self._economic_aliases.get(name, name))
