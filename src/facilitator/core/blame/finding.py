"""What the blame checker reports, and what it is told about the text it checks."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from facilitator.core.blame.pattern_words import ASCII_WORD_BYTES

CATEGORIES = ("blame", "self_blame", "counterfactual", "person_action_item", "vague_action_item")


@dataclass(frozen=True)
class LintContext:
    """What the checker knows besides the text.

    ``roster``: the post-mortem's participants, so "Priya ignored the alert" is caught even
    when "Priya" is not a name the checker knows. ``action_item``: the text is an action item,
    which turns on the action-item checks. ``dismissed``: fingerprints of flags the facilitator
    dismissed. ``allow``: phrases never flagged. ``disabled``: rule ids or whole categories
    switched off (usually from ``facilitator.toml``).
    """

    roster: Sequence[str] = ()
    action_item: bool = False
    dismissed: frozenset[str] = frozenset()
    allow: Sequence[str] = ()
    disabled: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Finding:
    """One flagged span. Offsets are character offsets into the checked text (end exclusive);
    lines and columns are 1-based, ``end_column`` points just past the last character."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    category: str
    rule: str
    severity: str
    message: str
    suggestion: str
    text: str
    fingerprint: str
    # Replacement text about the system that a facilitator can accept with one key, or None
    # when no rule can write one without inventing facts. It replaces
    # ``rewrite_start:rewrite_end`` (the flagged span, or the sentence holding it when a
    # question about a person becomes one about the system); see ``apply_rewrite``.
    rewrite: str | None = None
    rewrite_start: int = -1
    rewrite_end: int = -1

    def __post_init__(self) -> None:
        # Unset offsets mean the finding's own span.
        if self.rewrite_start < 0:
            object.__setattr__(self, "rewrite_start", self.start)
        if self.rewrite_end < 0:
            object.__setattr__(self, "rewrite_end", self.end)

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready data."""
        return asdict(self)


_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: what a fingerprint sees of a text."""
    lowered = text.lower()
    if lowered.isascii():  # the faster route to the same words
        return " ".join(lowered.encode("ascii").translate(ASCII_WORD_BYTES).decode().split())
    return _NON_WORD.sub(" ", lowered).strip()


def fingerprint(rule: str, match: str, sentence: str) -> str:
    """A stable id for a flag: the rule, the matched words and the words of its sentence.

    Edits to other sentences, re-wrapping and punctuation changes leave it unchanged; editing
    the flagged sentence itself gives a new fingerprint (the flag deserves a new look).
    """
    return fingerprint_normalised(rule, match, normalise(sentence))


def fingerprint_normalised(rule: str, match: str, normalised_sentence: str) -> str:
    """``fingerprint`` for a sentence already passed through ``normalise`` (the checker
    normalises each sentence once, however many flags it holds)."""
    key = "\x1f".join((rule, normalise(match), normalised_sentence))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def apply_rewrite(text: str, finding: Finding) -> str:
    """``text`` with ``finding``'s rewrite put in place of the words it replaces.

    ``text`` must be the text the finding was made on; without a rewrite it comes back
    unchanged. Pure: nothing else is touched.
    """
    if finding.rewrite is None:
        return text
    start, end = finding.rewrite_start, finding.rewrite_end
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"rewrite span {start}:{end} is outside a text of {len(text)} characters")
    return text[:start] + finding.rewrite + text[end:]
