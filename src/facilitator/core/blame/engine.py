"""Runs the rule table over a text and turns matches into findings.

The text is masked first (quotes, code, URLs), so offsets stay those of the original. Work is
kept small because the app re-checks a field on every pause in typing: one pass collects the
words present; only the rules whose trigger words occur are run at all, and of their patterns
only those whose needed words are there (``rule_index``, worked out once and shipped). The
checks around a match (exceptions, the words before and after it) first look for a string they
cannot match without (``pattern_words.gate``). A long text (a whole document on the command
line) is read as arrays instead (``text_arrays``): the words of all its sentences are found
and looked up at once, for the trigger words and for the sentence model.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import compress, count
from operator import eq, not_

import numpy as np
import numpy.typing as npt

from facilitator.core.blame import rule_index
from facilitator.core.blame.finding import (
    CATEGORIES,
    Finding,
    LintContext,
    fingerprint_normalised,
    normalise,
)
from facilitator.core.blame.lexicon import (
    CLAUSE_WORDS,
    DETERMINERS,
    FILLERS,
    NAMES,
    PREPOSITIONS,
    PRONOUNS_PERSON,
    PRONOUNS_SELF,
    PRONOUNS_WE,
    ROLES,
    SYSTEM_WORDS,
    WORD_NAMES,
)
from facilitator.core.blame.masking import mask_quotes_and_code
from facilitator.core.blame.pattern_words import ASCII_WORD_BYTES, gate
from facilitator.core.blame.pattern_words import WORD as _WORD
from facilitator.core.blame.rewrites import Rewrite, rewrite
from facilitator.core.blame.rule_index import RuleNeeds, with_unpunctuated_forms
from facilitator.core.blame.rules import RULES, Rule, expand
from facilitator.core.blame.sentence_model import RULE_ID as MODEL_RULE
from facilitator.core.blame.sentence_model import RULES_BY_CATEGORY as MODEL_RULES
from facilitator.core.blame.sentence_model import Reader, SentenceModel
from facilitator.core.blame.sentence_model import features as model_features
from facilitator.core.blame.sentence_model import shipped as shipped_model
from facilitator.core.blame.text_arrays import (
    Lookup,
    TextArrays,
    sentence_bounds,
    wide_letters,
    word_keys,
)


@dataclass(frozen=True)
class _CompiledRule:
    """A rule with what its patterns need (``rule_index``). Its regular expressions are
    compiled the first time a sentence calls for them (``_regex``): compiling them all took
    most of a second at start-up, and a short text calls for few."""

    rule: Rule
    needs: RuleNeeds
    triggers: frozenset[str]
    sources: tuple[str, ...]  # the patterns, expanded

    # Each with its gate (``pattern_words.gate``): a cheap search that must succeed first.
    @cached_property
    def exceptions(self) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
        return _with_gates(self.rule.exceptions)

    @cached_property
    def before(self) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
        return _with_gates(self.rule.before)

    @cached_property
    def after(self) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
        # .match() at an offset anchors there already; a leading ^ would never match.
        return _with_gates(tuple(a.removeprefix("^") for a in self.rule.after))


def _with_gates(
    patterns: Sequence[str],
) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
    return tuple((re.compile(source, re.IGNORECASE), gate(source))
                 for source in map(expand, patterns))


@cache
def _regex(source: str, flags: int) -> re.Pattern[str]:
    """``source`` compiled, once (``re`` keeps only the latest few hundred)."""
    return re.compile(source, flags)


_COMPILED = tuple(
    _CompiledRule(rule=rule, needs=needs, triggers=with_unpunctuated_forms(rule.triggers.split()),
                  sources=tuple(map(expand, rule.patterns)))
    for rule, needs in zip(RULES, rule_index.index(RULES), strict=True)
)
_CATEGORY_RANK = {c: i for i, c in enumerate(CATEGORIES)}

_TOKEN = re.compile(r"\w[\w'’-]*")
_NAME_SHAPE = re.compile(r"^[^\W\d_][^\W\d_A-Z]+(?:['’-][^\W\d_][^\W\d_A-Z]+)?$")
# A sentence ends at ., ! or ? followed by space, at a line break, or at a table cell edge.
# A title before a name ("Mr. Haddad", "Dr. Osei") does not end a sentence.
# (The look-behinds sit after the first mark: placed first they would run at every character.)
_STOP = (
    r"[.!?…](?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bProf\.)(?<!\bvs\.)"
    r"[.!?…]*[\"'”’)\]*_]*(?=[\s|]|\Z)"
)
# One sentence, found in the whole text in one pass: it starts at a character that is not a
# space (or at a stop standing alone) and runs over everything but line breaks, cell edges
# and stops, up to and including its stop. The possessive quantifiers (++, *+) keep the
# engine from backtracking into a sentence it has already read.
_SENTENCE = re.compile(
    rf"{_STOP}|[^\s|](?:[^\n|.!?…]++|(?!{_STOP})[.!?…])*+(?:{_STOP})?"
)
_BEFORE_WINDOW = 60
# A text this long is read as arrays (``text_arrays``): its sentences, the ones holding
# trigger words, and the sentence model's tokens are found for the whole text at once. A
# shorter one (a field of a form, re-checked on every pause in typing) is read sentence by
# sentence, and each sentence's results are remembered: there NumPy's cost per call
# outweighs the work.
_LONG_TEXT = 8_000
_PART = 1 << 17  # characters read as arrays at a time (a 100 KB document: all at once)
# The one character that str.lower() turns into two ("İ" into "i" and a combining dot), as a
# test checks over all of Unicode.
_LONGER_WHEN_LOWERED = "\u0130"


def sentence_spans(masked: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``masked``, leading whitespace excluded.

    A sentence ends at ., ! or ? followed by a space, at a line break, or at a table cell edge.
    A long text's sentences are found with array operations (``_long_sentence_bounds``).
    """
    if len(masked) >= _LONG_TEXT:
        starts, ends = _long_sentence_bounds(masked)
        return list(zip(starts.tolist(), ends.tolist(), strict=True))
    spans = [m.span() for m in _SENTENCE.finditer(masked)]
    # A sentence lies within a line: with no line that long (one pass in C) none is.
    if len(masked) > _LONGEST_SENTENCE and max(map(len, masked.split("\n"))) > _LONGEST_SENTENCE:
        spans = _cut_long(masked, spans)
    return spans


def _long_sentence_bounds(masked: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``sentence_spans`` of a long text, as arrays of starts and ends: found with
    ``text_arrays.sentence_bounds`` (which finds what ``_SENTENCE`` does), a part of the text
    at a time."""
    found: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    start = 0
    while start < len(masked):
        # parts end at a line break (no sentence runs over one)
        end = len(masked) if len(masked) - start <= _PART else (
            masked.rfind("\n", start, start + _PART) + 1
            or masked.find("\n", start + _PART) + 1 or len(masked))
        starts, ends = sentence_bounds(masked[start:end])  # (the whole: no copy)
        found.append((starts + start, ends + start))
        start = end
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts, ends = (np.concatenate(bounds) for bounds in zip(*found, strict=True))
    if starts.size and (ends - starts).max() > _LONGEST_SENTENCE:
        cut = np.array(_cut_long(masked, list(zip(starts.tolist(), ends.tolist(),
                                                     strict=True))), np.int64).reshape(-1, 2)
        starts, ends = cut[:, 0], cut[:, 1]
    return starts, ends


def _cut_long(masked: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each sentence longer than ``_LONGEST_SENTENCE`` cut (``_cut``)."""
    return [part for start, end in spans for part in (
        _cut(masked, start, end) if end - start > _LONGEST_SENTENCE else ((start, end),))]


# A run of text this long without a full stop is not a sentence (a pasted log, a wall of
# words); cutting it at spaces keeps every step of a check proportional to a sentence.
_LONGEST_SENTENCE = 600


def _cut(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    while end - start > _LONGEST_SENTENCE:
        cut = masked.rfind(" ", start + _LONGEST_SENTENCE // 2, start + _LONGEST_SENTENCE)
        if cut <= start:
            cut = start + _LONGEST_SENTENCE
        parts.append((start, cut))
        start = cut
        while start < end and masked[start].isspace():
            start += 1
    if start < end:
        parts.append((start, end))
    return parts


@lru_cache(maxsize=64)
def roster_words(roster: tuple[str, ...]) -> frozenset[str]:
    words: set[str] = set()
    for name in roster:
        for word in _TOKEN.findall(name.lower()):
            words.add(word)
    return frozenset(words)


def token_kind(token: str, roster: frozenset[str], lower_names: bool = False,
               words: frozenset[str] = frozenset()) -> str:
    """Who a single word refers to: person, self, we, system, unknown, other.

    ``lower_names``: the text is written all in lower case (chat), so a known given name
    counts even without its capital ("sam broke staging"). ``words``: lower-case words that
    stay words when capitalised ("Why", "Each" opening a sentence), never unknown names.
    """
    raw = token.strip("'’-")
    if raw.lower().endswith(("'s", "’s")):
        raw = raw[:-2]
    low = raw.lower()
    if not low:
        return "other"
    if low in PRONOUNS_SELF:
        return "self"
    if low in PRONOUNS_WE:
        return "we"
    if low in PRONOUNS_PERSON:
        return "person"
    capital = raw[:1].isupper()
    if low in roster and (capital or low not in WORD_NAMES):
        return "person"
    if low in ROLES:
        return "person"
    if low in SYSTEM_WORDS:
        return "system"
    if capital:
        first = low.split("-")[0]
        if (low in NAMES or first in NAMES) and low not in WORD_NAMES:
            return "person"
        if low in WORD_NAMES or low in words:
            return "other"
        # Shaped like a given name (Xochitl, O'Neil, Jean-Luc) rather than an acronym or a
        # product name (DNS, PagerDuty, S3): possibly a person the lists do not know.
        if _NAME_SHAPE.match(raw):
            return "unknown"
        return "system"
    if lower_names and low in NAMES and low not in WORD_NAMES and low not in _NAME_WORDS:
        return "person"
    return "other"


@lru_cache(maxsize=64)
def people_words(roster: frozenset[str], lower_names: bool = False) -> frozenset[str]:
    """Every lower-case word ``token_kind`` may take for a person, the speaker or "we"."""
    words = PRONOUNS_SELF | PRONOUNS_WE | PRONOUNS_PERSON | ROLES | (roster - WORD_NAMES)
    if lower_names:
        words |= NAMES - WORD_NAMES - _NAME_WORDS
    return words


# Given names that are also common lower-case words.
_NAME_WORDS = frozenset(
    ["young", "sun", "long", "rich", "joy", "jack", "hope", "min", "lee", "van", "dean", "gay"]
)

_KIND_RANK = {"self": 0, "we": 1, "person": 2, "system": 3, "unknown": 4, "other": 5, "none": 6}


def group_kind(text: str, roster: frozenset[str], lower_names: bool = False) -> str:
    """The most person-like kind among the words of a short phrase."""
    best = "none"
    for token in _TOKEN.findall(text):
        if token.lower() in DETERMINERS:
            continue
        kind = token_kind(token, roster, lower_names)
        if _KIND_RANK[kind] < _KIND_RANK[best]:
            best = kind
    return best


_CLAUSE_MARKS = ",;:()\u2014\u2013"
# Everything up to the last clause mark (greedy): one search instead of one per mark.
_UP_TO_LAST_MARK = re.compile(r"[^\n]*[" + _CLAUSE_MARKS + "]", re.DOTALL)
_DISCOURSE = frozenset(("um", "uh", "er", "erm", "like", "well", "ok", "okay", "yeah", "so"))
_COORDINATORS = frozenset(("and", "but", "or", "then", "so"))


def _clause_start(lows: list[str], end: int) -> int:
    """Index of the first word after the last clause word ("and", "because", "that"...)
    before ``end``; 0 when there is none."""
    for i in range(end - 1, -1, -1):
        if lows[i] in CLAUSE_WORDS:
            return i + 1
    return 0


def subject_before(masked: str, sentence_start: int, pos: int,
                   roster: frozenset[str], lower_names: bool = False,
                   depth: int = 0) -> tuple[str, int]:
    """The kind of the clause subject just before ``pos`` and where that subject starts."""
    # A subject sits within a few words of its verb, after the last clause mark.
    start = max(sentence_start, pos - 160)
    last_mark = _UP_TO_LAST_MARK.match(masked, start, pos)
    if last_mark is not None:
        start = last_mark.end()
    tokens = list(_TOKEN.finditer(masked, start, pos))
    if not tokens and start > sentence_start and depth < 2:
        mark = masked[start - 1]
        if mark == ":" or (mark == "," and start - 1 > sentence_start):
            # "- Kalinda: skipped the canary" (a note's label is its subject) and "Mahlet was
            # in a hurry, ignored the check" (a list of verbs shares the first one's subject).
            return subject_before(masked, sentence_start, start - 1, roster, lower_names,
                                  depth + 1)
    lows = [t.group().lower() for t in tokens]
    end = len(tokens)
    while end and (lows[end - 1] in FILLERS or lows[end - 1] in DETERMINERS):
        end -= 1
    first = _clause_start(lows, end)
    if first >= end and first and lows[first - 1] in _COORDINATORS:
        # "I was in a rush and got careless": the subject is the previous clause's.
        end = first - 1
        while end and lows[end - 1] in FILLERS:
            end -= 1
        first = _clause_start(lows, end)
        if first < end:
            for i in range(first, end):
                if lows[i] in PREPOSITIONS:
                    end = i
                    break
            if first < end:
                head_kind = token_kind(tokens[first].group(), roster, lower_names)
                if head_kind in ("self", "we", "person"):
                    return head_kind, tokens[first].start()
        return "none", pos
    if first >= end:
        return "none", pos
    if "whoever" in lows[first:end]:
        # "Whoever wrote this script was incompetent": the subject is a person.
        return "person", tokens[first].start()
    head = end - 1
    for i in range(first, end):
        if lows[i] in PREPOSITIONS:
            if i > first:
                head = i - 1
            break
    # "Mahlet was in a hurry": the noun sits before the verb the preposition follows.
    while head > first and lows[head] in FILLERS:
        head -= 1
    if head == first and head < end - 1 and (lows[head] in FILLERS or lows[head].endswith("ly")
                                             or lows[head] in _DISCOURSE):
        # "basically like the oncall guy": a spoken filler, not a noun with a preposition
        head = end - 1
    kind = token_kind(tokens[head].group(), roster, lower_names)
    # "The individual responsible for the change": the noun may sit before an adjective.
    while kind == "other" and head > first and lows[head - 1] not in DETERMINERS:
        earlier = token_kind(tokens[head - 1].group(), roster, lower_names)
        if earlier != "person":
            break
        head, kind = head - 1, earlier
    # The flagged span starts at the subject's noun phrase: "the on-call engineer", "Li Wei".
    position = head
    while position > first and head - position < 3:
        low = lows[position - 1]
        if low in DETERMINERS:
            position -= 1
            break
        if low in FILLERS or low in PREPOSITIONS:
            break
        previous = tokens[position - 1].group()
        if previous[:1].isupper():
            if token_kind(previous, roster, lower_names) != "person":
                break
        elif not (previous.isalpha() or "-" in previous):
            break
        position -= 1
    return kind, tokens[position].start()


def _place(findings: list[Finding], text: str) -> None:
    """Fill in the line and column (from 1) of each finding's start and end in ``text``:
    the line breaks are counted once, from one offset to the next in order (a text of many
    lines has few findings)."""
    offsets = {offset for finding in findings for offset in (finding.start, finding.end)}
    places: dict[int, tuple[int, int]] = {}
    line, last, line_start = 1, 0, 0
    for offset in sorted(offsets):
        breaks = text.count("\n", last, offset)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", last, offset) + 1
        places[offset] = (line, offset - line_start + 1)
        last = offset
    for finding in findings:
        (line, column), (end_line, end_column) = places[finding.start], places[finding.end]
        finding.__dict__.update(line=line, column=column, end_line=end_line,
                                end_column=end_column)


# Trigger word -> indexes of the rules it can wake.
_RULES_BY_TRIGGER: dict[str, tuple[int, ...]] = {}
for _index, _compiled in enumerate(_COMPILED):
    for _word in _compiled.triggers:
        _RULES_BY_TRIGGER[_word] = (*_RULES_BY_TRIGGER.get(_word, ()), _index)

_TRIGGER_WORDS = frozenset(_RULES_BY_TRIGGER)
# The words a sentence is searched for: triggers, and the words some pattern requires.
_LOOKED_FOR = _TRIGGER_WORDS.union(
    *(words for c in _COMPILED for words in c.needs.required),
    *(clause for c in _COMPILED for clauses in c.needs.clauses for clause in clauses),
)
# The looked-for words in ASCII, each found by its key (``text_arrays``) as its index here
# (from 1: 0 is "none").
_LOOKED_FOR_WORDS = ("", *sorted(word for word in _LOOKED_FOR
                                 if word.isascii() and word.isalnum()))


@cache
def _looked_for_keys() -> Lookup:
    """The index in _LOOKED_FOR_WORDS of each looked-for word, by its key (built on the first
    long text)."""
    return Lookup(dict(zip(word_keys(_LOOKED_FOR_WORDS[1:]).tolist(),
                           map(float, range(1, len(_LOOKED_FOR_WORDS))), strict=True)))


# start, end (in the sentence), rule, fingerprint, rewrite (offsets in the sentence)
_Hit = tuple[int, int, Rule, str, Rewrite | None]


# Every pattern of every rule, numbered in rule order: pattern n of a plan's mask is
# _COMPILED[r].sources[i] for (r, i) = _PATTERNS[n].
_PATTERNS = tuple((index, i) for index, compiled in enumerate(_COMPILED)
                  for i in range(len(compiled.sources)))
_RULE_OF_PATTERN = tuple(index for index, _ in _PATTERNS)
_FIRST_PATTERN = tuple(n for n, (_, i) in enumerate(_PATTERNS) if i == 0)  # (by rule)
_PATTERN_COUNT = tuple(len(compiled.sources) for compiled in _COMPILED)


@lru_cache(maxsize=4096)
def _patterns_for(triggers: frozenset[str], case_insensitive: bool) -> int:
    """The patterns that may match in a sentence holding ``triggers`` (the looked-for words
    it holds), as a mask (bit n for pattern n of _PATTERNS): those of the rules the words
    wake whose needs (``rule_index``) the words meet. The clauses hold for lower-case
    patterns only (not ``case_insensitive``). A long text works these out as bits for all
    its sentences at once (``_planned_sentences_in``)."""
    indexes: set[int] = set()
    for word in triggers:
        indexes.update(_RULES_BY_TRIGGER.get(word, ()))
    mask = 0
    for index in indexes:
        needs = _COMPILED[index].needs
        for i, (words, required, clauses) in enumerate(zip(
                needs.pattern_words, needs.required, needs.clauses, strict=True)):
            if ((not words or words & triggers) and required <= triggers
                    and (case_insensitive or all(not c.isdisjoint(triggers) for c in clauses))):
                mask |= 1 << (_FIRST_PATTERN[index] + i)
    return mask


# A rule of a plan: the rule, whether it is anchored, and the patterns to run.
_RulePatterns = tuple[_CompiledRule, bool, tuple[re.Pattern[str], ...]]


class _Plan:
    """Which rules, and which of their patterns, to run on a sentence (``_plan_of``). One
    object per distinct plan, compared by identity: a cheap key for ``_sentence_hits``."""

    __slots__ = ("rules",)

    def __init__(self, rules: tuple[_RulePatterns, ...]):
        self.rules = rules

    def __bool__(self) -> bool:
        return bool(self.rules)


@lru_cache(maxsize=4096)
def _plan_of(mask: int, action: bool, disabled: frozenset[str], case_insensitive: bool) -> _Plan:
    """The plan of the patterns in ``mask`` (``_patterns_for``), less the rules that are
    disabled or for action items only (unless ``action``). Sentences share few masks."""
    rules = []
    kept = _rules_kept(action, disabled)
    while mask:
        index = _RULE_OF_PATTERN[(mask & -mask).bit_length() - 1]  # (the lowest pattern's rule)
        first = _FIRST_PATTERN[index]
        bits = mask >> first & ((1 << _PATTERN_COUNT[index]) - 1)
        mask ^= bits << first
        if kept >> index & 1:
            rules.append(_rule_patterns(index, bits, case_insensitive))
    return _Plan(tuple(rules))


@lru_cache(maxsize=64)
def _rules_kept(action: bool, disabled: frozenset[str]) -> int:
    """The rules neither ``disabled`` (by id or category) nor for action items only (unless
    ``action``), as bits."""
    kept = 0
    for index, compiled in enumerate(_COMPILED):
        rule = compiled.rule
        if (rule.id not in disabled and rule.category not in disabled
                and (action or rule.scope != "action")):
            kept |= 1 << index
    return kept


@lru_cache(maxsize=4096)  # (kept across checks, as the compiled patterns are)
def _rule_patterns(index: int, bits: int, case_insensitive: bool) -> _RulePatterns:
    """The rule ``_COMPILED[index]``, whether it is anchored, and its patterns that ``bits``
    names (bit i: pattern i), compiled: lower-case patterns, run on lower-cased text, unless
    lower() changed its length."""
    compiled = _COMPILED[index]
    flags = re.IGNORECASE if case_insensitive else 0
    return compiled, compiled.rule.anchored, tuple(
        _regex(source, flags) for i, source in enumerate(compiled.sources) if bits >> i & 1)


@cache
def _need_tables() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64],
                            npt.NDArray[np.intp], npt.NDArray[np.uint64]]:
    """``_patterns_for`` as bits, for the sentences of a long text (lower-case patterns).

    For each looked-for word (by its index in _LOOKED_FOR_WORDS): the patterns it wakes (a
    pattern's words hold it; a pattern with none has its rule's trigger words), and the
    needs it meets (a required word, a clause holding it). Each pattern's needs (a dozen at
    most) lie in one 64-bit word of those: which word, and their bits there.
    """
    index = {word: n for n, word in enumerate(_LOOKED_FOR_WORDS)}
    wakes = np.zeros((len(_LOOKED_FOR_WORDS), (len(_PATTERNS) + 63) // 64), np.uint64)
    needs_of: list[list[frozenset[str]]] = []
    for n, (rule, i) in enumerate(_PATTERNS):
        compiled = _COMPILED[rule]
        for word in compiled.needs.pattern_words[i] or compiled.triggers:
            if word in index:
                wakes[index[word], n // 64] |= np.uint64(1 << n % 64)
        needs_of.append([frozenset([word]) for word in compiled.needs.required[i]]
                        + list(compiled.needs.clauses[i]))
    # the needs laid out a pattern at a time, each pattern's within one word
    place, bit = np.zeros(len(_PATTERNS), np.intp), 0
    for n, needs in enumerate(needs_of):
        if bit % 64 + len(needs) > 64:
            bit += 64 - bit % 64
        place[n] = bit
        bit += len(needs)
    meets = np.zeros((len(_LOOKED_FOR_WORDS), bit // 64 + 1), np.uint64)
    all_needs = np.zeros(len(_PATTERNS), np.uint64)
    for n, needs in enumerate(needs_of):
        for b, need in enumerate(needs, place[n]):
            all_needs[n] |= np.uint64(1 << b % 64)
            for word in need:
                if word in index:
                    meets[index[word], b // 64] |= np.uint64(1 << b % 64)
    return wakes, meets, place // 64, all_needs


def _found(
    checks: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...], text: str,
    pos: int = 0, endpos: int = sys.maxsize, at_start: bool = False,
) -> bool:
    """True when one of ``checks`` (pattern, gate) matches in ``text[pos:endpos]`` (at ``pos``
    only, with ``at_start``). A pattern is tried only when its gate is found first."""
    for pattern, needed in checks:
        if needed is not None and needed.search(text, pos, endpos) is None:
            continue
        if (pattern.match if at_start else pattern.search)(text, pos, endpos):
            return True
    return False


@lru_cache(maxsize=8192)
def _sentence_hits(
    masked: str,
    original: str,
    roster: frozenset[str],
    plan: _Plan,
) -> tuple[_Hit, ...]:
    """The flags of one sentence, given its plan (``_plan_of``). Cached: the app re-checks a
    field on every pause in typing, and only the sentence being edited has changed."""
    lowered = masked.lower()
    # Lower-case text with patterns compiled without IGNORECASE is markedly faster; lower()
    # may change the length of rare characters, then the case-insensitive patterns are used.
    target = lowered if len(lowered) == len(masked) else masked
    # Most sentences match no pattern: the patterns first, then what the matches need.
    matched: list[tuple[_CompiledRule, list[re.Match[str]]]] = []
    for compiled, anchored, patterns in plan.rules:
        if anchored:
            for pattern in patterns:
                m = pattern.match(target)
                if m and m.end() > m.start():
                    matched.append((compiled, [m]))
                    break
        else:
            matches = [m for pattern in patterns for m in pattern.finditer(target)]
            if matches:
                matched.append((compiled, matches))
    if not matched:
        return ()
    chat = lowered == masked  # written all in lower case
    size = len(masked)
    raw: list[tuple[int, int, Rule]] = []
    subjects: dict[int, tuple[str, int]] = {}
    for compiled, matches in matched:
        rule = compiled.rule
        # An exception clears the whole sentence for the rule, whatever the match.
        if compiled.exceptions and _found(compiled.exceptions, lowered):
            continue
        for m in matches:
            start, end = m.span()
            if rule.anchored:
                # An anchored match may include the bullet or lead-in; flag from the first word.
                while start < end and not masked[start].isalnum():
                    start += 1
            while end > start and masked[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            if compiled.before:
                window = lowered[max(0, start - _BEFORE_WINDOW):start]
                if _found(compiled.before, window):
                    continue
            if compiled.after and _found(compiled.after, lowered, end, size, at_start=True):
                continue
            who_span = m.span("who") if "who" in m.re.groupindex else (-1, -1)
            if rule.who is not None and who_span[0] >= 0:
                if group_kind(masked[who_span[0]:who_span[1]], roster, chat) not in rule.who:
                    continue
            elif rule.subject is not None or rule.who is not None:
                accepted = rule.subject if rule.subject is not None else rule.who
                subject = subjects.get(start)
                if subject is None:
                    # several rules often match at one place ("didn't check"): ask once
                    subject = subjects[start] = subject_before(masked, 0, start, roster, chat)
                kind, subject_start = subject
                if kind not in accepted:  # type: ignore[operator]
                    continue
                if kind in ("person", "unknown", "self", "we") and subject_start < start:
                    start = subject_start
            raw.append((start, end, rule))

    if not raw:
        return ()
    # One flag per span: where rules overlap keep the most specific category.
    raw.sort(key=lambda r: (_CATEGORY_RANK[r[2].category], r[0], -(r[1] - r[0])))
    kept: list[tuple[int, int, Rule]] = []
    kept_starts: list[int] = []  # kept spans never overlap, so neighbours by start suffice
    for item in raw:
        at = bisect_right(kept_starts, item[0])
        if at and kept[at - 1][1] > item[0]:
            continue
        if at < len(kept) and kept[at][0] < item[1]:
            continue
        kept_starts.insert(at, item[0])
        kept.insert(at, item)
    if not kept:
        return ()
    sentence_words = normalise(original)
    return tuple(
        (start, end, rule, fingerprint_normalised(rule.id, original[start:end], sentence_words),
         rewrite(rule.id, original, masked, start, end))
        for start, end, rule in kept
    )


def clear_cache() -> None:
    """Forget cached sentence results, the plans worked out for them and the words read
    (for benchmarks of a first check). What is built once from the rules or per roster (the
    compiled patterns of each rule, ``people_words``, the readers' word tables) is kept."""
    _sentence_hits.cache_clear()
    _patterns_for.cache_clear()
    _plan_of.cache_clear()
    _MODEL_CACHE.clear()
    _READERS.clear()


def _new_finding() -> Finding:
    return object.__new__(Finding)


def run_rules(
    text: str,
    masked: str,
    context: LintContext,
    *,
    action_spans: Sequence[tuple[int, int]] = (),
    ignored: Sequence[tuple[int, int, frozenset[str] | None]] = (),
) -> list[Finding]:
    """Check ``masked`` (same length as ``text``) and return findings on ``text``.

    ``action_spans``: ranges known to be action items (besides ``context.action_item``).
    ``ignored``: ranges whose findings are dropped, for all rules (None) or for some.
    """
    roster = roster_words(tuple(context.roster))
    disabled = frozenset(context.disabled)
    needles = tuple(p.lower().strip() for p in context.allow if p.strip())
    findings: list[Finding] = []
    # A rare character changes length when lower-cased: then each sentence is lowered alone,
    # and may need the case-insensitive patterns (a plan at least as large as the other).
    same_length = _LONGER_WHEN_LOWERED not in masked
    long_text = same_length and len(masked) >= _LONG_TEXT
    # A long text's sentences stay arrays (it is read as arrays); a short one's are pairs.
    if long_text:
        start_array, end_array = _long_sentence_bounds(masked)
        span_starts, span_ends = start_array.tolist(), end_array.tolist()
        spans: list[tuple[int, int]] = []
    else:
        spans = sentence_spans(masked)
        span_starts, span_ends = [start for start, _ in spans], [end for _, end in spans]
    action_spans = sorted(action_spans)  # non-overlapping ranges: the one before decides
    action_starts = [start for start, _ in action_spans]

    def emit(s_start: int, s_end: int, start: int, end: int, rule: Rule, print_id: str,
             offered: Rewrite | None) -> None:
        """Add the finding of ``rule`` at ``start:end`` (in sentence ``s_start:s_end``)
        unless it is dismissed, allowed or in an ignored range. (Its line and column are
        filled in once all are found: ``_place``.)"""
        if print_id in context.dismissed:
            return
        if needles and _allowed(text[s_start:s_end].lower(), start - s_start, end - s_start,
                                needles):
            return
        if ignored and is_ignored(ignored, start, rule.id, rule.category):
            return
        finding = _new_finding()
        # A frozen dataclass sets each field through object.__setattr__, which costs more
        # than the whole check of a cached sentence; the fields are filled in one step.
        finding.__dict__.update(
            start=start,
            end=end,
            category=rule.category,
            rule=rule.id,
            severity=rule.severity,
            message=rule.message,
            suggestion=rule.suggestion,
            text=text[start:end],
            fingerprint=print_id,
            rewrite=offered[0] if offered else None,
            rewrite_start=s_start + offered[1] if offered else start,
            rewrite_end=s_start + offered[2] if offered else end,
        )
        findings.append(finding)

    model = shipped_model()
    use_model = model is not None and MODEL_RULE not in disabled
    # A long text is read as arrays a part at a time (the memory they take stays that of a
    # part); a short one is read sentence by sentence, all at once.
    for first, last in _parts(span_starts, span_ends) if long_text else ((0, len(spans)),):
        part_start, arrays = (
            _read_part(masked, start_array, end_array, first, last) if long_text else (0, None))
        # each sentence that holds a trigger word, with the patterns it may match
        holding = (
            [(first + index, mask) for index, mask in _planned_sentences_in(arrays)]
            if arrays is not None else
            [(index, _patterns_for(words, not same_length))
             for index, words in _sentences_with_triggers(masked, masked.lower(), spans)])
        ruled: list[int] = []  # the sentences a rule flagged (counted from ``first``)
        for index, mask in holding:
            s_start, s_end = span_starts[index], span_ends[index]
            action = context.action_item
            if not action and action_spans:
                at = bisect_right(action_starts, s_start) - 1
                action = at >= 0 and s_end <= action_spans[at][1]
            plan = _plan_of(mask, action, disabled, not same_length)
            if not plan:
                continue  # no pattern can match: not worth a look-up in the sentence cache
            hits = _sentence_hits(masked[s_start:s_end], text[s_start:s_end], roster, plan)
            if hits:
                ruled.append(index - first)
            for rel_start, rel_end, rule, print_id, offered in hits:
                emit(s_start, s_end, s_start + rel_start, s_start + rel_end, rule, print_id,
                     offered)
        if not use_model:
            continue
        # The sentence model reads the sentences no rule flagged (see sentence_model.py).
        unruled = np.ones(last - first, bool)
        unruled[ruled] = False
        chosen = np.flatnonzero(unruled)
        for start, end, rule in (
            _model_hits_in(arrays, chosen, roster, disabled) if arrays is not None
            else _model_hits(masked, list(map(spans.__getitem__, chosen.tolist())), roster,
                             disabled)
        ):
            start, end = start + part_start, end + part_start
            sentence = text[start:end]
            emit(start, end, start, end, rule,
                 fingerprint_normalised(MODEL_RULE, sentence, normalise(sentence)), None)
    if use_model:
        findings.sort(key=lambda f: (f.start, f.end))
    _place(findings, text)
    return findings


def _read_part(masked: str, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64],
               first: int, last: int) -> tuple[int, TextArrays]:
    """Where the part of ``masked`` that holds the sentences ``first`` to ``last`` (not
    included) starts, and the part read as arrays."""
    start, end = int(starts[first]), int(ends[last - 1])
    bounds = np.empty(2 * (last - first), np.int64)
    bounds[0::2], bounds[1::2] = starts[first:last], ends[first:last]
    if start:
        bounds -= start
    return start, TextArrays.read(masked[start:end], bounds)  # (the whole: no copy)


def _parts(starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """The sentences (``starts``, ``ends``) of a long text in parts of at most ``_PART``
    characters (a sentence is never longer): (first, last) of each, the last not
    included."""
    if not starts:
        return []
    if ends[-1] - starts[0] <= _PART:
        return [(0, len(starts))]
    parts = []
    first = 0
    while first < len(starts):
        last = max(first + 1, bisect_right(starts, starts[first] + _PART - _LONGEST_SENTENCE))
        parts.append((first, last))
        first = last
    return parts


# What the sentence model made of a sentence: None (not flagged) or its category, by roster
# and masked sentence (which says itself whether names count uncapitalised). The app
# re-checks a whole field on every pause in typing, and only the edited sentence has changed.
_MODEL_CACHE: dict[frozenset[str], dict[str, str | None]] = {}
_MODEL_CACHE_SIZE = 8192  # sentences remembered per roster before starting afresh
# How the model reads words, by roster and lower_names (each remembers the words it read).
_READERS: dict[tuple[frozenset[str], bool], Reader] = {}


@lru_cache(maxsize=16)
def _common_words(words: frozenset[str], roster: frozenset[str]) -> frozenset[str]:
    """Of ``words``, those that stay words capitalised to token_kind: not a name, not a
    roster name (nor a role: Reader leaves out people_words)."""
    return words - NAMES - roster


@lru_cache(maxsize=4)
def _unnamed_words(words: frozenset[str]) -> frozenset[str]:
    """The lower-case words token_kind may not take for a person's name when capitalised,
    roster and people words aside: system words, and words that stay words ("Mark", "The",
    ``words``). Any other capitalised word of two letters or more is a name, known
    ("Priya") or shaped like one ("Okafor")."""
    return SYSTEM_WORDS | WORD_NAMES | words


def _reader(model: SentenceModel, roster: frozenset[str], lower_names: bool) -> Reader:
    """How ``model`` reads words for ``roster`` (and names uncapitalised or not), kept with
    what it read."""
    reader = _READERS.get((roster, lower_names))
    if reader is None:
        if len(_READERS) >= 64:
            _READERS.clear()
        words = model.words

        def kind_of(token: str) -> str:
            return token_kind(token, roster, lower_names, words)

        reader = _READERS[(roster, lower_names)] = model.reader(
            kind_of, people_words(roster, lower_names), _common_words(words, roster),
            shared=(people_words(frozenset(), lower_names), _common_words(words, frozenset())),
            roster=roster, unnamed=_unnamed_words(words),
            shared_kind_of=_kind_without_roster(lower_names, words))
    return reader


@lru_cache(maxsize=4)
def _kind_without_roster(lower_names: bool, words: frozenset[str]) -> Callable[[str], str]:
    """``token_kind`` with no roster: one function for each way with names, so that the
    readers' tables built from it are built once (``SentenceModel.reader``)."""

    def kind_of(token: str) -> str:
        return token_kind(token, frozenset(), lower_names, words)

    return kind_of


def _model_cache(roster: frozenset[str]) -> dict[str, str | None]:
    """What the sentence model made of each sentence it read for ``roster`` (``_MODEL_CACHE``),
    emptied when it has grown past its size."""
    if len(_MODEL_CACHE) >= 64:
        _MODEL_CACHE.clear()
    cache = _MODEL_CACHE.setdefault(roster, {})
    if len(cache) > _MODEL_CACHE_SIZE:
        cache.clear()
    return cache


def _model_hits(
    masked: str, spans: list[tuple[int, int]], roster: frozenset[str], disabled: frozenset[str]
) -> list[tuple[int, int, Rule]]:
    """The sentences of ``spans`` the sentence model flags: (start, end, rule), the span
    from the sentence's first letter or digit (past bullets and checkboxes) to its end."""
    model = shipped_model()
    if model is None or not spans:
        return []
    cache = _model_cache(roster)
    sentences = [masked[start:end] for start, end in spans]
    verdicts: list[str | None] = list(map(cache.get, sentences))  # (None for the unseen too)
    unseen = list(compress(count(), map(not_, map(cache.__contains__, sentences))))
    if unseen:
        texts = list(map(sentences.__getitem__, unseen))
        # chat, written all in lower case: names count uncapitalised
        lowers = list(map(eq, map(str.lower, texts), texts))
        for lower, group in ((False, list(compress(unseen, map(not_, lowers)))),
                             (True, list(compress(unseen, lowers)))):
            if not group:
                continue
            reader = _reader(model, roster, lower)
            for at in model.flagged(list(map(sentences.__getitem__, group)), reader):
                index = group[at]
                verdicts[index] = model.category(model_features(sentences[index],
                                                                reader.kind_of))
        cache.update(zip(texts, map(verdicts.__getitem__, unseen), strict=True))
    hits = []
    for index in compress(count(), verdicts):  # (the sentences flagged)
        category = verdicts[index]
        if category is None or category in disabled:
            continue
        hit = _model_hit(masked, *spans[index], category)
        if hit is not None:
            hits.append(hit)
    return hits


def _model_hits_in(
    text: TextArrays, chosen: npt.NDArray[np.int64], roster: frozenset[str],
    disabled: frozenset[str],
) -> list[tuple[int, int, Rule]]:
    """``_model_hits`` for a long text read as arrays: the sentences ``chosen`` (indexes in
    ``text``) the sentence model flags, all read at once. Only the flagged ones are looked
    up in the cache (for their category); the others are not remembered."""
    model = shipped_model()
    if model is None or not chosen.size:
        return []
    cache = _model_cache(roster)
    masked = text.masked
    # chat, written all in lower case: names count uncapitalised
    chat = text.lower_case()[chosen]
    hits = []
    for lower in (False, True):
        group = chosen[chat] if lower else chosen[~chat]
        if not group.size:
            continue
        reader = _reader(model, roster, lower)
        for index in model.flagged_in(text, group, reader):
            start, end = int(text.starts[index]), int(text.ends[index])
            sentence = masked[start:end]
            category = cache.get(sentence)
            if category is None:
                category = cache[sentence] = model.category(
                    model_features(sentence, reader.kind_of))
            hit = None if category in disabled else _model_hit(masked, start, end, category)
            if hit is not None:
                hits.append(hit)
    return hits


def _model_hit(masked: str, start: int, end: int, category: str) -> tuple[int, int, Rule] | None:
    """The sentence model's flag of the sentence ``start:end`` as (start, end, rule), from
    its first letter or digit (past bullets and checkboxes) to its end; None if it is
    empty."""
    while start < end and not masked[start].isalnum():
        start += 1
    while end > start and masked[end - 1].isspace():
        end -= 1
    return (start, end, MODEL_RULES[category]) if start < end else None


def _sentences_with_triggers(
    masked: str, lowered: str, spans: list[tuple[int, int]]
) -> list[tuple[int, frozenset[str]]]:
    """The sentences holding at least one rule's trigger word (the others cannot match),
    each as its index and the words it holds that a rule looks for (``_LOOKED_FOR``).
    ``lowered``: ``masked.lower()``."""
    found: list[tuple[int, frozenset[str]]] = []
    # (names bound locally: this loop runs once per sentence of the text)
    append, looked_for, words_of = found.append, _LOOKED_FOR.intersection, _WORD.findall
    triggers = _TRIGGER_WORDS.isdisjoint
    if len(lowered) == len(masked):
        # The words of a sentence are _WORD's runs of letters and digits. Where all of them
        # are ASCII, a copy of the text with every other character turned into a space gives
        # the same words through str.split(), several times faster than the regex. The copy
        # is made in three C passes; "replace" keeps one character per character, so offsets
        # hold. Sentences holding a letter beyond ASCII ("café") keep the regex.
        spaced = lowered.encode("ascii", "replace").translate(ASCII_WORD_BYTES).decode("ascii")
        beyond: set[int] = set()  # indexes of sentences with a letter beyond ASCII
        if not lowered.isascii():  # (a flag CPython keeps on every string: no scan)
            starts = [start for start, _ in spans]
            beyond = {bisect_right(starts, at) - 1 for at in wide_letters(lowered).tolist()}
        for index, (start, end) in enumerate(spans):
            # (beyond may also name the sentence just before such a letter: harmless)
            words = words_of(lowered, start, end) if index in beyond else spaced[start:end].split()
            if not triggers(words):  # (most sentences hold no trigger: stop there)
                append((index, looked_for(words)))
    else:
        for index, (start, end) in enumerate(spans):
            words = words_of(masked[start:end].lower())
            if not triggers(words):
                append((index, looked_for(words)))
    return found


def _planned_sentences_in(text: TextArrays) -> list[tuple[int, int]]:
    """The sentences of a long text read as arrays that have patterns to run, each as its
    index and their mask (as ``_patterns_for`` gives for the looked-for words it holds): the
    words of all its sentences are found and looked up at once, and what they wake and need
    is worked out as bits (``_need_tables``)."""
    word_starts, word_ends = text.words()
    looked = _looked_for_keys().look(text.keys(word_starts, word_ends))
    at = np.flatnonzero(looked > 0)
    if not at.size:
        return []
    words = looked[at].astype(np.intp)
    sentence = text.sentence_of(word_starts[at])
    wakes, meets, needs_word, all_needs = _need_tables()
    # each sentence's words (in text order, so each sentence's together): what they wake,
    # and the needs they meet
    firsts = np.flatnonzero(np.concatenate(([True], sentence[1:] != sentence[:-1])))
    # (np.take gathers rows several times faster than indexing does)
    woken = np.bitwise_or.reduceat(np.take(wakes, words, axis=0), firsts, axis=0)
    some = np.flatnonzero(woken.any(axis=1))
    if not some.size:
        return []
    met = np.bitwise_or.reduceat(np.take(meets, words, axis=0), firsts, axis=0)[some]
    patterns = np.unpackbits(woken[some].astype("<u8").view(np.uint8), axis=1,
                             bitorder="little")
    # each woken pattern of each sentence (in a flat array of 0 and 1: read as bools)
    held, pattern = np.divmod(np.flatnonzero(patterns.reshape(-1).view(bool)),
                              patterns.shape[1])
    needed = all_needs[pattern]
    unmet = (np.take(met, held * met.shape[1] + needs_word[pattern]) & needed) != needed
    patterns[held[unmet], pattern[unmet]] = 0
    masks = np.packbits(patterns, axis=1, bitorder="little").view("<u8")
    planned = np.flatnonzero(masks.any(axis=1))
    columns = masks[planned].T.tolist()  # each mask as an int: its 64-bit words in turn
    keys = columns[0]
    for n, column in enumerate(columns[1:], 1):
        keys = [key | word << 64 * n for key, word in zip(keys, column, strict=True)]
    return list(zip(sentence[firsts[some[planned]]].tolist(), keys, strict=True))


def is_ignored(
    ignored: Sequence[tuple[int, int, frozenset[str] | None]], start: int, rule: str,
    category: str,
) -> bool:
    """True when a finding of ``rule`` starting at ``start`` falls in an ignored range that
    covers all rules (None) or that rule or its category."""
    return any(
        s <= start < e and (rules is None or rule in rules or category in rules)
        for s, e, rules in ignored
    )


def _allowed(sentence: str, start: int, end: int, needles: tuple[str, ...]) -> bool:
    """True when an allowed phrase overlaps the span ``start:end`` of ``sentence``."""
    for needle in needles:
        at = sentence.find(needle)
        while at != -1:
            if at < end and start < at + len(needle):
                return True
            at = sentence.find(needle, at + 1)
    return False


def lint(text: str, context: LintContext | None = None) -> list[Finding]:
    """Flag blame language in ``text``: judgments of people, self-blame, counterfactuals,
    action items aimed at people and vague action items.

    Quoted passages, code spans and URLs are not checked. Findings come in text order, each
    with its span, position, rule, a one-sentence reason and a rewrite aimed at the system.
    """
    context = context or LintContext()
    if not text:
        return []
    return run_rules(text, mask_quotes_and_code(text), context)
