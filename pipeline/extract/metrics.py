"""Metric facts of a document: the vocabulary applied to the clause reader.

Within a section, each sentence's numbers are read in order. A number whose
label names a vocabulary entry states that entry's codes and makes the entry
the *subject*; numbers that only qualify (占 x%、增长 x%、完成预算 x%) or
continue (…，支出决算为 x万元) apply to the subject. The subject carries over
to the next sentence of the same paragraph (“…收入总计1104.25万元。与2019年
相比，收入增加514.72万元”).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.extract.clauses import CONTINUATIONS, Mention, read_mentions
from pipeline.extract.records import MetricFact, Span, StatedShare
from pipeline.extract.vocabulary import LabelEntry, Vocabulary
from pipeline.segment.sections import Section
from pipeline.segment.tokenizer import word_boundaries
from pipeline.segment.sentences import Sentence, split_sentences

# A change of 0 (…支出决算持平, 与上年无变化); a comparison with the budget (决算数与预算数持平) is not one.
_UNCHANGED = re.compile(r"持平|无变化|没有变化|未发生变化")
_AGAINST_BUDGET = re.compile(r"预算")
# A figure stated as absent: 无/未发生/没有 + what is absent (无政府性基金预算财政拨款收入和支出).
_NONE = re.compile(r"(?:无|未发生|没有|未产生)(?P<what>[^，,。；;、（(]{2,40})")
# Two heads sharing one modifier: X收入和支出 = X收入, X支出.
_SHARED_HEAD = re.compile(r"^(?P<base>.+?)(?P<a>收入|支出)(?:和|及|与|、)(?P<b>收入|支出)$")
# Words that only say how many of the subject there were (共接待, 累计, 共计).
_HOW_MANY = re.compile(r"^(?:共|共计|合计|累计|全年)?(?:接待|有|计|达|为)?$")
_CLAUSE = re.compile(r"[^，,；;：:]+")


@dataclass
class MetricReading:
    facts: list[MetricFact] = field(default_factory=list)  # every statement of a code
    shares: list[StatedShare] = field(default_factory=list)  # shares of codes without a share code


def extract_metrics(text: str, sections: list[Section], vocab: Vocabulary) -> MetricReading:
    """Every statement of a metric code (``statement`` numbers restatements), and stated shares."""
    reading = MetricReading()
    facts = reading.facts
    for section in sections:
        if section.part == "explanation" and vocab.entries_for(section.kind):
            facts.extend(_read_section(text, section, section.kind, vocab, reading.shares))
    for section in sections:
        if section.part == "explanation":
            facts.extend(_read_phrases(text, section, vocab))
    for section in sections:  # attachments repeating the 收入/支出 paragraphs
        if section.part != "explanation":
            facts.extend(_read_anchored(text, section, vocab))
    seen: dict[str, int] = {}
    for fact in facts:
        seen[fact.metric_code] = seen.get(fact.metric_code, 0) + 1
        fact.statement = seen[fact.metric_code]
    return reading


def _read_section(text: str, section: Section, kind: str, vocab: Vocabulary, shares: list[StatedShare],
                  sentences: list[Sentence] | None = None) -> list[MetricFact]:
    reader = _SectionReader(section, kind, vocab, shares)
    explaining, paragraph = False, -1
    for sentence in sentences if sentences is not None else split_sentences(text, section.start, section.end):
        if sentence.paragraph != paragraph:  # a new paragraph names its subject afresh
            reader.subject, paragraph, explaining = None, sentence.paragraph, False
        mentions = read_mentions(sentence, explaining)
        reader.read(sentence, mentions)
        # “主要原因是…；…”: the explanation goes on after a semicolon
        explaining = bool(mentions and mentions[-1].explanatory) and text[sentence.end:sentence.end + 1] in "；;"
    return reader.facts


class _SectionReader:
    """Reads the numbers of one section's sentences in order, remembering the subject."""

    def __init__(self, section: Section, kind: str, vocab: Vocabulary, shares: list[StatedShare]):
        self.section, self.kind, self.vocab, self.shares = section, kind, vocab, shares
        self.entries = vocab.entries_for(kind)
        self.facts: list[MetricFact] = []
        self.subject: LabelEntry | None = None  # the entry the sentence is about
        self.subject_from = 0  # where the subject was named: the evidence starts there

    def read(self, sentence: Sentence, mentions: list[Mention]) -> None:
        owner = self.subject  # the entry the previous number was stated for
        listed = False  # the previous number was stated: a number listed right after it (、26人次) goes on
        for mention in mentions:
            hit = _best_entry(self.entries, mention.label)
            goes_on = listed and not mention.label
            listed = False
            if mention.role == "previous" or (mention.explanatory and not goes_on
                                              and (hit is None or mention.role != "value")):
                continue
            if mention.role in ("share", "completion"):
                if owner is not None:
                    self._emit(getattr(owner, mention.role), mention, self._since(sentence))
                    if mention.role == "share" and owner.share is None and owner.codes:
                        self.shares.append(StatedShare(owner.codes[0], mention.value, Span(self._since(sentence), mention.end)))
            elif mention.role in ("change", "change_pct"):
                if hit is not None:  # “收入总计增加x万元，增长y%”: the rate follows the named subject
                    self.subject, self.subject_from = hit, mention.clause_start
                if self.subject is not None:
                    self._emit(getattr(self.subject, mention.role), mention, self._since(sentence))
            elif hit is not None or (self.subject is not None and (
                    CONTINUATIONS.match(mention.label)
                    or (mention.unit in self.subject.counts and _HOW_MANY.match(mention.label)))):
                # a count said only by how many (…，共接待2批次) goes on with the subject
                if hit is not None:
                    self.subject, self.subject_from = hit, mention.clause_start
                owner = self.subject
                self._state(owner, mention)
                listed = True
            elif not mention.label.startswith(("其中", "包含", "含")):
                owner = None  # a number for something the vocabulary does not name
        self.facts.extend(_unchanged(sentence, self.entries, self.subject, self.kind, self.section))
        if not mentions or not mentions[0].explanatory:
            self.facts.extend(_stated_absent(sentence, self.entries, self.vocab, self.kind, self.section))

    def _since(self, sentence: Sentence) -> int:
        """Evidence of a qualifier starts where its subject was named, within the sentence."""
        return max(self.subject_from, sentence.start)

    def _state(self, entry: LabelEntry, mention: Mention) -> None:
        """A value (or budget) stated for an entry, by its unit."""
        if mention.role == "budget":
            self._emit(entry.budget, mention, self.subject_from)
        elif mention.kind == "count":
            self._emit(entry.counts.get(mention.unit), mention, self.subject_from)
        else:
            for code in entry.codes:
                self._emit(code, mention, self.subject_from)

    def _emit(self, code: str | None, mention: Mention, evidence_from: int) -> None:
        if code and self.vocab.metrics[code].unit == mention.kind:
            self.facts.append(MetricFact(code, mention.value, mention.kind, Span(evidence_from, mention.end),
                                         self.kind, self.section.path))


def _best_entry(entries: list[LabelEntry], label: str) -> LabelEntry | None:
    # most labels name no entry: they are segmented only when some entry's words occur in them
    named = [e for e in entries if e.occurs_in(label)] if label else []
    if not named:
        return None
    words = word_boundaries(label)
    scored = [(match, e) for e in named if (match := e.last_match(label, words))]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _unchanged(sentence: Sentence, entries: list[LabelEntry], subject: LabelEntry | None,
               kind: str, section: Section) -> list[MetricFact]:
    """“…支出决算持平 / 与上年无变化” states a change of 0 for the entry its clause names (else the subject)."""
    facts = []
    for clause in _CLAUSE.finditer(sentence.text):
        m = _UNCHANGED.search(clause.group(0))
        if not m or _AGAINST_BUDGET.search(clause.group(0)):
            continue
        target = _best_entry(entries, clause.group(0)[:m.start()]) or subject
        if target is not None and target.change:
            facts.append(MetricFact(target.change, Decimal(0), "wan_yuan",
                                    Span(sentence.start + clause.start(), sentence.start + clause.start() + m.end()),
                                    kind, section.path))
    return facts


def _stated_absent(sentence: Sentence, entries: list[LabelEntry], vocab: Vocabulary,
                   kind: str, section: Section) -> list[MetricFact]:
    """“无/未发生 X” states 0 for X, when X is what an entry names (from its first word on)."""
    facts = []
    for m in _NONE.finditer(sentence.text):
        what = m.group("what")
        shared = _SHARED_HEAD.match(what)
        subjects = [shared["base"] + shared["a"], shared["base"] + shared["b"]] if shared else [what]
        for subject in subjects:
            entry = _entry_from_start(entries, subject)
            if entry is None:
                continue
            codes = entry.codes or tuple(entry.counts.values())[:1]
            for code in codes:
                facts.append(MetricFact(code, Decimal(0), vocab.metrics[code].unit,
                                        Span(sentence.start, sentence.start + m.end()), kind, section.path))
    return facts


def _entry_from_start(entries: list[LabelEntry], phrase: str) -> LabelEntry | None:
    """The entry whose label the phrase begins with (the longest such label)."""
    best = None
    for entry in entries:
        for pattern in entry.labels:
            m = pattern.match(phrase)
            if m and m.end() in word_boundaries(phrase) and (best is None or m.end() > best[0]):
                best = (m.end(), entry)
    return best[1] if best else None


def _read_phrases(text: str, section: Section, vocab: Vocabulary) -> list[MetricFact]:
    """Counts stated by a whole sentence (反映…等5个项目绩效目标实际完成情况)."""
    facts = []
    rules = [rule for rule in vocab.phrases if section.kind in rule.sections]
    if not rules:
        return facts
    sentences = split_sentences(text, section.start, section.end)
    for rule in rules:
        hit = next(((s, m) for p in rule.patterns for s in sentences if (m := p.search(s.text))), None)
        if hit:
            sentence, m = hit
            facts.append(MetricFact(rule.code, Decimal(m.group("n")), "count", Span(sentence.start, sentence.end),
                                    section.kind, section.path))
    return facts


def _read_anchored(text: str, section: Section, vocab: Vocabulary) -> list[MetricFact]:
    facts = []
    body = text[section.start:section.end]
    anchored_kinds = [(kind, anchors) for kind, anchors in vocab.anchors.items() if any(a in body for a in anchors)]
    if not anchored_kinds:  # most sections of the attachments: no sentence to split
        return facts
    sentences = split_sentences(text, section.start, section.end)
    for kind, anchors in anchored_kinds:
        anchored = {s.paragraph for s in sentences if any(a in s.text for a in anchors)}
        hits = [s for s in sentences if s.paragraph in anchored]
        if hits:
            facts.extend(_read_section(text, section, kind, vocab, [], hits))
    return facts
