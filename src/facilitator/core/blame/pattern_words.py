r"""Words and strings a regular expression cannot match without, read from its parsed form.

The checker runs hundreds of patterns; most cannot match most sentences, and finding that out
by running them is what made it slow. Each pattern is parsed once, when the rules are
compiled, into clauses: sets of words of which a match holds at least one each ("fault" in
``\b(?:the\s+)?fault\s+of``; one of "failed", "neglected", "refused", "omitted" in
``\b(?:failed|neglected|refused|omitted)\s+to``). A sentence lacking every word of one clause
is not searched. ``pattern_clauses`` gives whole words (sound where the pattern runs on
lower-case text without IGNORECASE); ``gate`` gives plain strings as a small search of their
own (sound for IGNORECASE patterns on lower-case text).

How: the parsed items of a pattern are spelled out where they have few spellings
("f(?:ault|ired)" -> "fault", "fired"), and a spelled word counts only when what stands
before and after it cannot continue it (a space, ``\b``, the start of an anchored match).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any, TypeVar, cast

# A word as the sentences are searched for them (letters and digits; "_" and "'" split).
WORD = re.compile(r"[^\W_]+")
# The same for ASCII text, as a bytes.translate table: letters and digits stay, every other
# byte becomes a space, so str.split() gives WORD's words (several times faster).
ASCII_WORD_BYTES = bytes(c if c < 128 and chr(c).isalnum() else 32 for c in range(256))

REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)  # the parser's two repeat operators

# Words a pattern cannot match without, read from its parsed form. A pattern is skipped on a
# sentence that lacks a word from one of its clauses (each clause: "one of these words").
# Sound only where the pattern runs on lower-cased text without IGNORECASE, as a word is
# then spelled exactly as in the pattern.
_EDGE = "\x00"  # a zero-width \b, ^ or $ in a spelled-out string: a word edge
_EDGE_ATS = frozenset((_constants.AT_BOUNDARY, _constants.AT_BEGINNING,
                       _constants.AT_BEGINNING_STRING, _constants.AT_END, _constants.AT_END_STRING))
_MAX_SPELLINGS = 64
_NON_WORD_CLASSES = frozenset((_constants.CATEGORY_SPACE, _constants.CATEGORY_NOT_WORD))
_Items = Sequence[tuple[Any, Any]]
_Result = TypeVar("_Result")
# What was worked out for each parsed node: reading the clauses asks for the spellings and
# the shape of the same nodes again and again (every level of nesting, every position), which
# made the import slow. Keyed by identity; the node is kept in the entry, so its id cannot be
# reused by another while the entry lives. Emptied after each pattern.
_NODE_MEMO: dict[tuple[object, int, int], tuple[object, object]] = {}


def _per_node(function: Callable[[Any, Any], _Result]) -> Callable[[Any, Any], _Result]:
    def remembered(op: Any, arg: Any) -> _Result:
        key = (function, id(op), id(arg))
        hit = _NODE_MEMO.get(key)
        if hit is not None and hit[0] is arg:
            return cast(_Result, hit[1])
        result = function(op, arg)
        _NODE_MEMO[key] = (arg, result)
        return result

    return remembered


def _spellings(items: _Items) -> frozenset[str] | None:
    """Every string a sequence of parsed regex items can match, when they are few; None when
    there are many or infinitely many."""
    found = {""}
    for op, arg in items:
        options = _item_spellings(op, arg)
        if options is None:
            return None
        found = {a + b for a in found for b in options}
        if len(found) > _MAX_SPELLINGS:
            return None
    return frozenset(found)


@_per_node
def _item_spellings(op: Any, arg: Any) -> frozenset[str] | None:
    if op is _constants.LITERAL:
        return frozenset(chr(arg))
    if op is _constants.IN:
        chars = set()
        for kind, value in arg:
            if kind is _constants.LITERAL:
                chars.add(chr(value))
            elif kind is _constants.RANGE and value[1] - value[0] < 10:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None
        return frozenset(chars)
    if op is _constants.AT:
        return frozenset((_EDGE,)) if arg in _EDGE_ATS else None
    if op in (_constants.ASSERT, _constants.ASSERT_NOT):
        return frozenset(("",))  # zero-width: adds no characters
    if op is _constants.SUBPATTERN:
        return _spellings(arg[3])
    if op is _constants.BRANCH:
        found: set[str] = set()
        for alternative in arg[1]:
            options = _spellings(alternative)
            if options is None:
                return None
            found |= options
        return frozenset(found) if len(found) <= _MAX_SPELLINGS else None
    if op in REPEATS and arg[1] <= 2:
        low, high, repeated = arg
        once = _spellings(repeated)
        if once is None:
            return None
        found, current = set(), {""}
        for count in range(high + 1):
            if count >= low:
                found |= current
            current = {a + b for a in current for b in once}
        return frozenset(found) if len(found) <= _MAX_SPELLINGS else None
    return None


def _is_word_char(char: str) -> bool:
    return char != _EDGE and WORD.match(char) is not None


def _shape(items: _Items) -> tuple[bool, bool, bool]:
    """(can match nothing, every match starts apart from a word, every match ends apart):
    "apart" meaning with a character that is not part of a word, or at a \b edge."""
    nullable, starts, ends = True, True, True
    starts_known = False
    for op, arg in items:
        item_nullable, item_starts, item_ends = _item_shape(op, arg)
        if not starts_known:
            starts = starts and item_starts
            starts_known = not item_nullable
        ends = item_ends if not item_nullable else (ends and item_ends)
        nullable = nullable and item_nullable
    return nullable, starts, ends


def _spelled_shape(spelled: frozenset[str]) -> tuple[bool, bool, bool]:
    real = [s for s in spelled if s]
    return (len(real) < len(spelled), all(not _is_word_char(s[0]) for s in real),
            all(not _is_word_char(s[-1]) for s in real))


@_per_node
def _item_shape(op: Any, arg: Any) -> tuple[bool, bool, bool]:
    spelled = _item_spellings(op, arg)
    if spelled is not None:
        return _spelled_shape(spelled)
    if op is _constants.IN:
        apart = all(
            (kind is _constants.LITERAL and not _is_word_char(chr(value)))
            or (kind is _constants.CATEGORY and value in _NON_WORD_CLASSES)
            for kind, value in arg
        )
        return False, apart, apart
    if op in REPEATS:
        nullable, starts, ends = _shape(arg[2])
        return arg[0] == 0 or nullable, starts, ends
    if op is _constants.BRANCH:
        shapes = [_shape(alternative) for alternative in arg[1]]
        return (any(s[0] for s in shapes), all(s[1] for s in shapes), all(s[2] for s in shapes))
    if op is _constants.SUBPATTERN:
        return _shape(arg[3])
    if op is _constants.AT:
        return True, True, True  # \B: zero-width, and it never sits at a word's edge
    return False, False, False  # any other character: maybe part of a word


def _apart_after(items: _Items, right: bool) -> list[bool]:
    """For each index i, whether what follows ``items[:i]`` is apart from a word (``right``:
    what follows the whole sequence is). Worked out from the end, one item at a time."""
    apart = [right] * (len(items) + 1)
    for index in range(len(items) - 1, -1, -1):
        nullable, starts, _ = _item_shape(*items[index])
        apart[index] = starts and (apart[index + 1] if nullable else True)
    return apart


def _spelled_clause(spelled: Iterable[str], left: bool, right: bool) -> frozenset[str] | None:
    """One whole word from each spelling (the longest), or None when one has none."""
    chosen = set()
    for spelling in spelled:
        words = [m.group() for m in WORD.finditer(spelling)
                 if (m.start() or left) and (m.end() < len(spelling) or right)]
        if not words:
            return None
        chosen.add(max(words, key=len))
    return frozenset(chosen)


_Pick = Callable[[frozenset[str], bool, bool], "frozenset[str] | None"]


def _clauses(items: _Items, left: bool, right: bool,
             pick: _Pick = _spelled_clause) -> list[frozenset[str]]:
    """Sets of words of which a match of ``items`` holds at least one each. ``left`` and
    ``right``: whether what comes before and after ``items`` is apart from a word.
    ``pick``: what to take from a run of spelled-out strings (whole words by default)."""
    clauses = []
    edge = left  # whether what precedes items[i] is apart from a word
    apart = _apart_after(items, right)
    i = 0
    while i < len(items):
        # A run of items with few spellings is spelled out as a whole: "f(?:ault|ired)".
        run, j = frozenset(("",)), i
        while j < len(items):
            options = _item_spellings(*items[j])
            if options is None or len(run) * len(options) > _MAX_SPELLINGS:
                break
            run = frozenset(a + b for a in run for b in options)
            j += 1
        if j > i:
            clause = pick(run, edge, apart[j])
            shape = _spelled_shape(run)
        else:
            op, arg = items[i]
            clause = None
            clauses.extend(
                _item_clauses(op, arg, edge, apart[i + 1], pick))
            shape = _item_shape(op, arg)
            j = i + 1
        if clause:
            clauses.append(clause)
        nullable, _, ends = shape
        edge = ends and (edge or not nullable)
        i = j
    return clauses


def _item_clauses(op: Any, arg: Any, left: bool, right: bool,
                  pick: _Pick) -> list[frozenset[str]]:
    if op is _constants.SUBPATTERN:
        return _clauses(arg[3], left, right, pick)
    if op is _constants.BRANCH:
        # one of the alternatives matched: one word of its clauses is there
        found = [_clauses(alternative, left, right, pick) for alternative in arg[1]]
        if not all(found):
            return []
        return [frozenset().union(*(min(clauses, key=len) for clauses in found))]
    if op in REPEATS and arg[0] >= 1:
        # the first repetition is followed by the next (or by what follows the repeat)
        after = right if arg[1] == 1 else right and _shape(arg[2])[1]
        return _clauses(arg[2], left, after, pick)
    return []


def _parsed(source: str) -> tuple[tuple[Any, Any], ...]:
    """The parsed items of ``source`` as plain tuples (the parser's own sequences look up each
    item in Python, and the clauses visit every item many times)."""
    return _plain(_parser.parse(source))


def _plain(items: Iterable[tuple[Any, Any]]) -> tuple[tuple[Any, Any], ...]:
    plain = []
    for op, arg in items:
        if op is _constants.SUBPATTERN:
            arg = (*arg[:3], _plain(arg[3]))
        elif op is _constants.BRANCH:
            arg = (arg[0], tuple(_plain(alternative) for alternative in arg[1]))
        elif op in REPEATS:
            arg = (arg[0], arg[1], _plain(arg[2]))
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT):
            arg = (arg[0], _plain(arg[1]))
        plain.append((op, arg))
    return tuple(plain)


def pattern_clauses(source: str, anchored: bool) -> tuple[frozenset[str], ...]:
    """The word clauses of a pattern (run with .match() when ``anchored``: its start is then
    the start of the sentence)."""
    try:
        clauses = _clauses(_parsed(source), anchored, False)
    finally:
        _NODE_MEMO.clear()
    kept = [c for c in clauses if not any(other < c for other in clauses)]
    return tuple(dict.fromkeys(kept))


def _plain_runs(spelled: frozenset[str], left: bool, right: bool) -> frozenset[str] | None:
    """The longest run of plain characters of each spelling, lower-cased; None when one has
    none. Plain: ASCII or without case, so IGNORECASE matches it in lower-case text only as
    itself (the edge marker is not plain)."""
    chosen = set()
    for spelling in spelled:
        runs = "".join(c if c != _EDGE and (c.isascii() or c.lower() == c.upper()) else "\0"
                       for c in spelling.lower()).split("\0")
        longest = max(runs, key=len)
        if not longest:
            return None
        chosen.add(longest)
    return frozenset(chosen)


def gate(source: str) -> re.Pattern[str] | None:
    """A quick search that must succeed in a lower-case text for ``source`` (compiled with
    IGNORECASE) to match there: one of the strings of its most telling clause (or the two
    letters that IGNORECASE also takes for "i" and "s"). None when no clause tells much."""
    try:
        clauses = _clauses(_parsed(source), False, False, _plain_runs)
    finally:
        _NODE_MEMO.clear()
    if not clauses:
        return None
    best = max(clauses, key=lambda clause: min(map(len, clause)))
    if min(map(len, best)) < 2:
        return None
    # a string holding another of the set adds nothing: drop it
    needed = sorted(s for s in best if not any(o != s and o in s for o in best))
    return re.compile("|".join(map(re.escape, [*needed, "ı", "ſ"])))
