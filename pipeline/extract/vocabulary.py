"""The metric vocabulary: codes (metrics.yaml) and the labels that state them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

_HERE = Path(__file__).parent / "vocabulary"


@dataclass(frozen=True)
class Metric:
    code: str
    unit: str  # wan_yuan | pct | count
    name_zh: str


@dataclass(frozen=True)
class LabelEntry:
    """Words that, inside sections of some kinds, state some metric codes."""

    sections: frozenset[str]
    labels: tuple[re.Pattern, ...]
    codes: tuple[str, ...] = ()
    counts: dict[str, str] = field(default_factory=dict)
    share: str | None = None
    change: str | None = None
    change_pct: str | None = None
    completion: str | None = None
    budget: str | None = None
    _any_label: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_any_label", re.compile("|".join(f"(?:{p.pattern})" for p in self.labels)))

    def occurs_in(self, label: str) -> bool:
        """Whether any of the entry's labels occurs in the text, on word boundaries or not: one search."""
        return self._any_label.search(label) is not None

    def last_match(self, label: str, words: frozenset[int]) -> tuple[int, int] | None:
        """(end, length) of the label match ending nearest the number.

        A match must start and end on word boundaries (``words``), so 基本支出
        is not found inside the dictionary word 一般公共预算财政拨款基本支出.
        """
        best = None
        for pattern in self.labels:
            for m in pattern.finditer(label):
                if m.start() not in words or m.end() not in words:
                    continue
                key = (m.end(), m.end() - m.start())
                best = key if best is None or key > best else best
        return best


@dataclass(frozen=True)
class PhraseRule:
    code: str
    sections: frozenset[str]
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class Vocabulary:
    metrics: dict[str, Metric]
    entries: tuple[LabelEntry, ...]
    phrases: tuple[PhraseRule, ...]
    anchors: dict[str, tuple[str, ...]]
    groups: dict[str, str]  # metric code → group, for codes outside income_expense

    def group_of(self, code: str) -> str:
        return self.groups.get(code, "income_expense")

    def entries_for(self, kind: str) -> list[LabelEntry]:
        return [e for e in self.entries if kind in e.sections]


def _label_patterns(label: str, synonyms: list[list[str]]) -> list[re.Pattern]:
    """The label, and the label with each word of a synonym group replaced by the others."""
    if label.startswith("re:"):
        return [re.compile(label[3:])]
    variants = {label}
    for group in synonyms:
        for variant in list(variants):
            word = next((w for w in sorted(group, key=len, reverse=True) if w in variant), None)
            if word:
                variants.update(variant.replace(word, other, 1) for other in group)
    return [re.compile(re.escape(v)) for v in sorted(variants, key=len, reverse=True)]


def _rules(items: list[dict]) -> tuple[PhraseRule, ...]:
    return tuple(PhraseRule(r["code"], frozenset(r["sections"]), tuple(re.compile(p) for p in r["patterns"]))
                 for r in items)


@cache
def load_vocabulary() -> Vocabulary:
    """The project's vocabulary; every code it names must exist in metrics.yaml."""
    raw_metrics = yaml.safe_load((_HERE / "metrics.yaml").read_text(encoding="utf-8"))["metrics"]
    metrics = {code: Metric(code, m["unit"], m["zh"]) for code, m in raw_metrics.items()}
    raw = yaml.safe_load((_HERE / "labels.yaml").read_text(encoding="utf-8"))
    synonyms = raw.get("synonyms", [])
    entries = tuple(
        LabelEntry(
            sections=frozenset(e["sections"]),
            labels=tuple(p for label in e["labels"] for p in _label_patterns(label, synonyms)),
            codes=tuple(e.get("codes", ())),
            counts=dict(e.get("counts", {})),
            **{k: e.get(k) for k in ("share", "change", "change_pct", "completion", "budget")},
        )
        for e in raw["entries"]
    )
    vocab = Vocabulary(metrics, entries, _rules(raw.get("phrases", [])),
                       {k: tuple(v) for k, v in raw.get("anchors", {}).items()},
                       {code: group for group, codes in raw.get("groups", {}).items() for code in codes})
    unknown = sorted(_named_codes(vocab) - metrics.keys())
    if unknown:
        raise ValueError(f"labels.yaml names codes missing from metrics.yaml: {unknown}")
    return vocab


def _named_codes(vocab: Vocabulary) -> set[str]:
    named: set[str] = set()
    for e in vocab.entries:
        named.update(e.codes, e.counts.values())
        named.update(c for c in (e.share, e.change, e.change_pct, e.completion, e.budget) if c)
    named.update(r.code for r in vocab.phrases)
    named.update(vocab.groups)
    return named
