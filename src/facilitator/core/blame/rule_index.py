"""What each rule's patterns cannot match without, worked out once and shipped with the package.

The engine skips a pattern on a sentence that lacks the words it needs (see
``engine._patterns_for``). Finding those words means parsing every pattern
(``pattern_words``), which takes most of a second: too long to pay each time
``facilitator lint`` starts. So it is worked out by ``scripts/index_rules.py`` and shipped as
``rule_index.json``, with a digest of what it was read from: the rules' patterns and the
source of the code that reads them. When the digest does not match (a rule was edited and the
file not written again), the index is worked out afresh at start-up: slower, never wrong. A
test fails while the shipped file is stale.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any, cast

from facilitator.core.blame import pattern_words
from facilitator.core.blame.pattern_words import REPEATS, pattern_clauses
from facilitator.core.blame.rules import Rule, expand

INDEX_FILE = Path(__file__).with_name("rule_index.json")


@dataclass(frozen=True)
class RuleNeeds:
    """For each pattern of a rule, in order:

    ``pattern_words``: the trigger words written in it (empty: it runs whenever the rule does);
    ``required``: words it cannot match without ("without" in "... without testing");
    ``clauses``: sets of words it needs one of each (``pattern_words.pattern_clauses``), which
    hold for the lower-case patterns only.
    """

    pattern_words: tuple[frozenset[str], ...]
    required: tuple[frozenset[str], ...]
    clauses: tuple[tuple[frozenset[str], ...], ...]


# Contractions typed without the apostrophe ("didnt", "shouldve") are one word, not two.
_NT_STEMS = frozenset(
    ["didn", "doesn", "don", "wasn", "weren", "shouldn", "couldn", "wouldn", "isn", "aren",
     "hadn", "haven", "hasn", "won", "can"]
)


def with_unpunctuated_forms(words: Iterable[str]) -> frozenset[str]:
    """``words`` and the forms they take typed without an apostrophe ("didnt", "ive")."""
    found = set(words)
    for word in list(found):
        if word in _NT_STEMS:
            found.add(word + "t")
        if word in ("should", "could", "would", "must", "might"):
            found.add(word + "ve")
    if "i" in found:
        found.update(("im", "ive", "id"))
    return frozenset(found)


def _pattern_words(rule: Rule) -> tuple[frozenset[str], ...]:
    """Which trigger words each pattern spells out, so a pattern can be skipped when none of
    its words is in the sentence. A trigger spelt by no pattern (written through an
    alternation such as ``negligen(?:t|ce)``) counts for every pattern; a pattern that spells
    no trigger always runs."""
    triggers = rule.triggers.split()
    # "\bforgot" in a pattern's source: drop the escapes so the word stands alone.
    sources = [re.sub(r"\\[a-zA-Z]", " ", p) for p in rule.patterns]
    found = [frozenset(w for w in triggers if re.search(rf"(?<![a-z]){w}(?![a-z])", src))
             for src in sources]
    orphans = frozenset(triggers) - frozenset().union(*found)
    return tuple(
        with_unpunctuated_forms(words | orphans) if words else frozenset() for words in found
    )


_SPACE_CLASS = (_constants.CATEGORY, _constants.CATEGORY_SPACE)


def _word_edge(item: tuple[object, object] | None) -> bool:
    """True when a parsed regex item can only stand at a word's edge: the start or end of
    the pattern, ``\b`` or one or more spaces."""
    if item is None:
        return True
    op, arg = item
    if op is _constants.AT:
        return True
    if op is _constants.IN:
        return _SPACE_CLASS in arg  # type: ignore[operator]
    if op in REPEATS:
        low, _, repeated = cast(tuple[int, int, Any], arg)
        parts = list(repeated)
        return low >= 1 and len(parts) == 1 and _word_edge(parts[0])
    return False


def _required_words(source: str) -> frozenset[str]:
    """Whole words written outside any alternation or optional part of a pattern: a sentence
    without one of them cannot match, so the pattern need not run on it."""
    items = list(_parser.parse(source))
    words = set()
    i = 0
    while i < len(items):
        if items[i][0] is not _constants.LITERAL:
            i += 1
            continue
        j = i
        while j < len(items) and items[j][0] is _constants.LITERAL:
            j += 1
        text = "".join(chr(items[k][1]) for k in range(i, j))
        if (text.isalpha() and len(text) >= 3 and _word_edge(items[i - 1] if i else None)
                and _word_edge(items[j] if j < len(items) else None)):
            words.add(text)
        i = j
    return frozenset(words)


def analyse(rule: Rule) -> RuleNeeds:
    """Work out what ``rule``'s patterns need (parses each pattern: slow)."""
    return RuleNeeds(
        pattern_words=_pattern_words(rule),
        required=tuple(_required_words(expand(p)) for p in rule.patterns),
        clauses=tuple(pattern_clauses(expand(p), rule.anchored) for p in rule.patterns),
    )


def digest(rules: Sequence[Rule]) -> str:
    """A digest of all an index is read from: each rule's id, triggers, anchoring and expanded
    patterns, and the source of this module and of ``pattern_words``."""
    h = hashlib.sha256()
    for rule in rules:
        h.update(json.dumps([rule.id, rule.triggers, rule.anchored,
                             [expand(p) for p in rule.patterns]]).encode())
    for module in (__file__, pattern_words.__file__):
        try:
            h.update(Path(module).read_bytes())
        except OSError:  # no source installed: nothing shipped can be trusted
            h.update(b"?")
    return h.hexdigest()


def to_json(rules: Sequence[Rule]) -> str:
    """The index of ``rules`` as ``rule_index.json`` holds it."""
    entries = {}
    for rule in rules:
        needs = analyse(rule)
        entries[rule.id] = {
            "pattern_words": [sorted(words) for words in needs.pattern_words],
            "required": [sorted(words) for words in needs.required],
            "clauses": [[sorted(clause) for clause in clauses] for clauses in needs.clauses],
        }
    return json.dumps({"digest": digest(rules), "rules": entries}, indent=1,
                      sort_keys=True) + "\n"


def _shipped(rules: Sequence[Rule]) -> dict[str, Any] | None:
    """The entries of the shipped ``rule_index.json`` when it was written from ``rules`` and
    this code; None otherwise."""
    try:
        data = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("digest") != digest(rules):
        return None
    return cast(dict[str, Any], data["rules"])


def shipped_is_current(rules: Sequence[Rule]) -> bool:
    """Whether the shipped ``rule_index.json`` was written from ``rules`` and this code."""
    return _shipped(rules) is not None


def index(rules: Sequence[Rule]) -> list[RuleNeeds]:
    """What each of ``rules`` needs, in order: read from the shipped file when it is current,
    worked out afresh otherwise."""
    entries = _shipped(rules)
    if entries is None:
        return [analyse(rule) for rule in rules]
    return [
        RuleNeeds(
            pattern_words=tuple(map(frozenset, entries[r.id]["pattern_words"])),
            required=tuple(map(frozenset, entries[r.id]["required"])),
            clauses=tuple(tuple(map(frozenset, clauses))
                          for clauses in entries[r.id]["clauses"]),
        )
        for r in rules
    ]
