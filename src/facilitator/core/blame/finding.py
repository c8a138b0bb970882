"""What the blame checker reports, and what it is told about the text it checks."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

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

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready data."""
        return asdict(self)


_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: what a fingerprint sees of a text."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def fingerprint(rule: str, match: str, sentence: str) -> str:
    """A stable id for a flag: the rule, the matched words and the words of its sentence.

    Edits to other sentences, re-wrapping and punctuation changes leave it unchanged; editing
    the flagged sentence itself gives a new fingerprint (the flag deserves a new look).
    """
    key = "\x1f".join((rule, normalise(match), normalise(sentence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
