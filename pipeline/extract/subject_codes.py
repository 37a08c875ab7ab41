"""The classification tables: 功能分类 (类/款/项) and 经济分类 codes by name.

Documents print names, rarely codes, and print them in variants
(行政运行支出 for 行政运行, 卫生健康 for 卫生健康支出, 维修(护)费 with ASCII
parentheses). The reference tables are partial; an alias file per table maps
the variants. A name that matches nothing keeps a null code — the row is
never dropped.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

_LEVEL_MARK = re.compile(r"[（(](类|款|项\d*|\d{2,3})[）)]\s*$")


@dataclass(frozen=True)
class Subject:
    """One row of a reference table, as the dimension tables publish it."""

    code: str
    name: str
    level: int  # 1 = 类, 2 = 款, 3 = 项
    parent_code: str | None


def canonical_name(name: str | None) -> str:
    """A printed name in the form the tables use: full-width parentheses, no spaces or level mark."""
    text = re.sub(r"\s+", "", name or "").replace("(", "（").replace(")", "）")
    return _LEVEL_MARK.sub("", text)


def _read_subjects(path: Path) -> list[Subject]:
    with path.open(encoding="utf-8") as f:
        return [Subject(r["code"], r["name"], int(r["level"]), r["parent_code"] or None) for r in csv.DictReader(f)]


def _read_aliases(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return {canonical_name(r["alias"]): r["name"] for r in csv.DictReader(f)}


class SubjectCatalog:
    """Lookups of function and economic subjects by printed name or code.

    ``functions`` and ``economics`` are the reference rows (code, name, level,
    parent_code) the loader publishes as dim_function_subject and
    dim_economic_subject.
    """

    def __init__(self, functions: list[Subject], economics: list[Subject],
                 function_aliases: dict[str, str], economic_aliases: dict[str, str]):
        self.functions, self.economics = functions, economics
        self._function_aliases, self._economic_aliases = function_aliases, economic_aliases
        self._economic_by_name = {s.name: s.code for s in economics}
        self._function_codes: dict[tuple[int, str], list[str]] = {}  # (level, name) → codes, in table order
        for subject in functions:
            self._function_codes.setdefault((subject.level, subject.name), []).append(subject.code)

    @classmethod
    def load(cls, reference_dir: Path) -> "SubjectCatalog":
        """Both reference tables and their alias files from ``reference_dir``."""
        return cls(_read_subjects(reference_dir / "function_subjects.csv"),
                   _read_subjects(reference_dir / "economic_subjects.csv"),
                   _read_aliases(reference_dir / "function_subject_aliases.csv"),
                   _read_aliases(reference_dir / "economic_subject_aliases.csv"))

    def _function_name(self, name: str | None) -> str:
        name = canonical_name(name)
        return self._function_aliases.get(name, name)

    def _named(self, level: int, name: str | None, within: str | None) -> list[str]:
        """Codes of the subjects of ``level`` called ``name`` under the code ``within``."""
        wanted = self._function_name(name)
        codes = [code for code in self._function_codes.get((level, wanted), []) if code.startswith(within or "")]
        if not codes and level == 3 and wanted.endswith("支出"):
            # a 项 printed with a trailing 支出 (行政运行支出) is the 项 of that name
            return self._named(level, wanted.removesuffix("支出"), within)
        return codes

    def _resolve(self, level: int, name: str | None, printed: str | None, within: str | None) -> str | None:
        """One level's code: the printed digits appended to the parent, else the unique name match."""
        if printed and (within or level == 1):
            return f"{within or ''}{printed}"
        matches = self._named(level, name, within)
        return matches[0] if len(matches) == 1 else None

    def function_code(self, class_name: str | None, section_name: str | None, item_name: str,
                      printed: tuple[str | None, str | None, str | None] = (None, None, None)) -> str | None:
        """The 7-digit 项 code of a row, level by level from printed codes or names.

        A level that is printed (by name or code) but cannot be resolved stops
        the lookup: its 项 would only be guessed. A level that is not printed
        (a 项 without its 款) is skipped, and the 项 must then be unique
        within the levels above.
        """
        class_code, section_code, item_code = printed
        within = None
        for level, name, code in ((1, class_name, class_code), (2, section_name, section_code)):
            if name or code:
                within = self._resolve(level, name, code, within)
                if within is None:
                    return None
        return self._resolve(3, item_name, item_code, within)

    def knows_function_name(self, name: str) -> bool:
        """Whether some 类, 款 or 项 of the 功能分类 is called ``name`` (or an alias of it)."""
        return any(self._named(level, name, None) for level in (1, 2, 3))

    def class_key(self, name: str | None) -> str:
        """One name per 类 whatever the wording (卫生健康 / 医疗卫生支出 → 卫生健康)."""
        name = canonical_name(name)
        canonical = self._function_aliases.get(name) or self._function_aliases.get(name + "支出") or name
        return canonical.removesuffix("支出")

    def item_belongs_to(self, section_name: str, item_name: str) -> bool | None:
        """Whether a 项 is one of a 款 (None when the tables do not know the 款)."""
        sections = self._named(2, section_name, None)
        if not sections:
            return None
        return any(self._named(3, item_name, s) for s in sections)

    def economic_code(self, name: str) -> str | None:
        """The 经济分类 款 code of a printed item name, or None."""
        name = canonical_name(name)
        return self._economic_by_name.get(self._economic_aliases.get(name, name))
