"""A masked text read once into NumPy arrays, for finding and looking up its words.

A 100 KB document holds some 20,000 words. Cutting each sentence into words in Python and
looking each word up in a dict took about half of a check of such a text. Here the whole
text becomes arrays instead:
- a class for each character (letter, digit, joiner, mark);
- a running hash of its lower-cased characters.

Each run of characters (a word) then gets a 63-bit key from its hash and its length, and a
word list (the model's words, the rules' trigger words) is keyed the same way
(``word_keys``), so the words of every sentence are found and looked up at once
(``Lookup``). Two words share a key by chance about once in 2**63 pairs: a word list of
thousands against the words of any text leaves that out of sight.

Only ASCII words are keyed: a word holding any other character (a name such as "Zoë") is
read as a string by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat
from operator import ne

import numpy as np
import numpy.typing as npt

# Classes of characters, after the model's TOKEN: a letter starts a word, which runs on over
# letters, digits and joiners ("_", "'", "’", "-"); digits alone make a number; "?", "!" and
# ":" are marks, tokens of their own. LOWER and UPPER flag ASCII letters by case.
LETTER, DIGIT, JOINER, MARK, LOWER, UPPER = 1, 2, 4, 8, 16, 32
WORDISH = LETTER | DIGIT | JOINER


def _ascii_class(c: int) -> int:
    ch = chr(c)
    if ch.isalpha():
        return LETTER | (LOWER if ch.islower() else UPPER)
    if ch.isdigit():
        return DIGIT
    return JOINER if ch in "_'-" else MARK if ch in "?!:" else 0


# Each ASCII byte to its class (a bytes.translate table, and as an array). Text is read as
# ASCII, one byte per character (``_read_ascii``): every other character becomes "?", and
# gets its class from ``_wide_class`` afterwards.
_CLASS_BYTES = bytes(_ascii_class(c) if c < 128 else 0 for c in range(256))
_CLASSES = np.frombuffer(_CLASS_BYTES, np.uint8)
_NOT_PLAIN_BYTES = bytes(0 if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789-_" else 1
                         for c in range(256))
_Ints = npt.NDArray[np.int64]
# where a text's characters beyond ASCII are, the distinct ones, which of those stands at
# each place, and its class there (``_read_ascii``)
_WideChars = tuple[_Ints, list[str], _Ints, npt.NDArray[np.uint8]]


# The last text read by ``_read_ascii``, with what it gave: a long text is read twice, for
# its sentences and for its words. (One tuple, replaced whole: safe across threads.)
_last_read: tuple[str, tuple[bytes, _WideChars]] | None = None
_NO_WIDE: _WideChars = (np.zeros(0, np.int64), [], np.zeros(0, np.int64), np.zeros(0, np.uint8))


def _read_ascii(text: str) -> tuple[bytes, _WideChars]:
    """``text`` in ASCII, each character beyond it a "?"; and where those characters are,
    the distinct ones, which of those stands at each place, and its class there."""
    global _last_read
    last = _last_read
    if last is not None and last[0] is text:
        return last[1]
    if text.isascii():  # (a flag CPython keeps on every string: no scan)
        read = text.encode("ascii"), _NO_WIDE
    else:
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
        wide = np.flatnonzero(points >= 128)
        kinds, where = np.unique(points[wide], return_inverse=True)
        characters = [chr(c) for c in kinds.tolist()]
        table = np.fromiter(map(_wide_class, characters), np.uint8, kinds.size)
        in_ascii = points.astype(np.uint8)
        in_ascii[wide] = _QUESTION
        read = in_ascii.tobytes(), (wide, characters, where, table[where])
    _last_read = (text, read)
    return read


_QUESTION = ord("?")


def wide_letters(text: str) -> _Ints:
    """The offsets of the letters and digits beyond ASCII in ``text`` ("é" in "café"): what
    ``\\w`` in a pattern means, less "_". (Found in NumPy: a regular expression for them reads
    the whole text a character at a time, some 25 times slower.)"""
    _, (wide, _, _, table) = _read_ascii(text)
    return wide[(table & (LETTER | DIGIT)) > 0]


def _wide_class(ch: str) -> int:
    """The class of a character beyond ASCII, as the regular expressions see it: a letter is
    ``\\w`` and not ``\\d`` ("é", "²"), a digit is ``\\d`` ("٣")."""
    if ch.isdecimal():
        return DIGIT
    if ch.isalnum():
        return LETTER
    return JOINER if ch == "’" else 0


# The hash: the sum of (character + 1) * P**i over the characters of the text, modulo 2**64
# (NumPy's unsigned integers wrap), so a run's hash is a difference of two running sums,
# shifted back by P**-start (P is odd, so it has an inverse modulo 2**64).
_P = 0x100000001B3  # the 64-bit FNV prime
_P_INVERSE = pow(_P, -1, 1 << 64)
_LENGTH = np.uint64(0x9E3779B97F4A7C15)  # spreads the length over the key's bits
_KEY_BITS = np.uint64((1 << 63) - 1)  # keys are non-negative int64s
_powers = np.ones(1, np.uint64)
_inverse_powers = np.ones(1, np.uint64)


def _power_table(base: int, size: int) -> npt.NDArray[np.uint64]:
    """base**i modulo 2**64 for i below ``size``."""
    steps = np.full(size, base, np.uint64)
    steps[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(steps, dtype=np.uint64)


def _powers_up_to(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """P**i and P**-i for i below ``size`` (kept, and grown as longer texts come)."""
    global _powers, _inverse_powers
    if _powers.size < size:
        grown = max(size, 2 * _powers.size)
        _powers, _inverse_powers = _power_table(_P, grown), _power_table(_P_INVERSE, grown)
    return _powers, _inverse_powers


@dataclass
class TextArrays:
    """``masked`` as arrays: each character's class (``classes``), 0 outside ``spans`` (the
    sentences), and the running hash of its lower-cased characters (``running``)."""

    masked: str
    starts: _Ints  # the sentences' starts and ends
    ends: _Ints
    classes: npt.NDArray[np.uint8]
    running: npt.NDArray[np.uint64]  # running[i]: hash of the text before i
    # the classes of the lower-cased text (``words``), and where its letters and digits
    # beyond ASCII are
    word_classes: npt.NDArray[np.uint8]
    wide_letters: _Ints
    bytes: npt.NDArray[np.uint8]  # the text in ASCII, each other character a "?"
    # where a character beyond ASCII changes when lower-cased ("É")
    wide_capitals: _Ints

    @classmethod
    def read(cls, masked: str, spans: Sequence[tuple[int, int]] | _Ints) -> TextArrays:
        """``masked`` with its sentences (pairs, or an array of starts and ends in turn). The
        lower-case form of each character is what is hashed and what ``words`` reads ("K",
        the Kelvin sign, lowers to "k"). A character that lowers to two ("İ") stays itself:
        a text holding one is never read as arrays (``str.lower`` would change its
        length)."""
        size = len(masked)
        bounds = (spans if isinstance(spans, np.ndarray)
                  else np.fromiter(chain.from_iterable(spans), np.int64, 2 * len(spans)))
        starts, ends = bounds[0::2], bounds[1::2]
        ascii_text, (wide, characters, where, table) = _read_ascii(masked)
        classes = np.frombuffer(ascii_text.translate(_CLASS_BYTES), np.uint8).copy()
        # An ASCII capital is its lower case less 32, UPPER; as a lower-case letter its class
        # has LOWER (16) for UPPER.
        upper = classes & UPPER
        low = np.frombuffer(ascii_text, np.uint8) + upper
        word_classes = classes - (upper >> 1)
        wide_capitals = letters = np.zeros(0, np.int64)
        if wide.size:
            classes[wide] = table
            lowers = list(map(str.lower, characters))
            capital = np.fromiter(map(ne, lowers, characters), bool, len(characters))
            lowers = [low if len(low) == 1 else c for c, low in zip(characters, lowers,
                                                                    strict=True)]
            wide_capitals = wide[capital[where]]
            # the lower-cased characters: those beyond ASCII with their classes, and the
            # ASCII ones hashed and read as themselves
            lower_table = np.fromiter(map(_wide_class, lowers), np.uint8, len(lowers))
            word_classes[wide] = lower_table[where]
            to_ascii = [i for i, c in enumerate(lowers) if c.isascii()]
            if to_ascii:
                becomes = np.zeros(len(lowers), np.int16)
                becomes[to_ascii] = [ord(lowers[i]) for i in to_ascii]
                turned = becomes[where] > 0
                low[wide[turned]] = becomes[where[turned]]
                word_classes[wide[turned]] = _CLASSES[low[wide[turned]]]
                wide, where = wide[~turned], where[~turned]
            letters = wide[(lower_table[where] & (LETTER | DIGIT)) > 0]
        # outside the sentences nothing is a word: the classes there become 0 (each stretch
        # between two sentences, then each sentence, in turn)
        stretches = np.empty(2 * starts.size + 2, np.int64)
        stretches[0], stretches[1:-1:2], stretches[2:-1:2], stretches[-1] = 0, starts, ends, size
        in_sentence = np.zeros(2 * starts.size + 1, bool)
        in_sentence[1::2] = True
        inside = np.repeat(in_sentence, np.diff(stretches))
        classes *= inside
        word_classes *= inside
        powers, _ = _powers_up_to(size + 1)
        running = np.zeros(size + 1, np.uint64)
        with np.errstate(over="ignore"):
            np.cumsum((low + np.uint64(1)) * powers[:size], out=running[1:])
        return cls(masked, starts, ends, classes, running, word_classes, letters,
                   np.frombuffer(ascii_text, np.uint8), wide_capitals)

    def lower_case(self) -> npt.NDArray[np.bool_]:
        """Whether each sentence is all in lower case (no character of it changes when
        lower-cased): chat, where names count uncapitalised."""
        if not self.starts.size:
            return np.zeros(0, bool)
        # (each sentence with what follows it up to the next: 0 there, outside the sentences)
        lower: npt.NDArray[np.bool_] = (
            np.bitwise_or.reduceat(self.classes, self.starts) & UPPER) == 0
        if self.wide_capitals.size:
            sentence = self.sentence_of(self.wide_capitals)
            inside = (sentence >= 0) & (self.wide_capitals < self.ends[sentence])
            lower[sentence[inside]] = False
        return lower

    @cached_property
    def not_lower(self) -> npt.NDArray[np.int32]:
        """How many characters before each offset are not lower-case ASCII letters."""
        running = np.zeros(self.classes.size + 1, np.int32)
        np.cumsum((self.classes & LOWER) == 0, out=running[1:])
        return running

    @cached_property
    def not_plain(self) -> npt.NDArray[np.int32]:
        """How many characters before each offset are not lower-case ASCII letters, ASCII
        digits, "-" or "_"."""
        running = np.zeros(self.classes.size + 1, np.int32)
        np.cumsum(np.frombuffer(self.bytes.tobytes().translate(_NOT_PLAIN_BYTES), np.uint8),
                  out=running[1:])
        return running

    @cached_property
    def token_spans(self) -> tuple[_Ints, _Ints, _Ints]:
        """``tokens()``, with the index of the sentence holding each."""
        starts, ends = self.tokens()
        return starts, ends, self.sentence_of(starts)

    def keys(self, starts: _Ints, ends: _Ints) -> _Ints:
        """The key of each run ``starts[i]:ends[i]``: as ``word_keys`` gives for the same word
        in lower case (for runs of ASCII characters)."""
        _, inverse = _powers_up_to(self.running.size)
        with np.errstate(over="ignore"):
            hashed = (self.running[ends] - self.running[starts]) * inverse[starts]
            hashed += (ends - starts).astype(np.uint64) * _LENGTH
        return (hashed & _KEY_BITS).view(np.int64)

    def runs(self, within: npt.NDArray[np.bool_]) -> tuple[_Ints, _Ints]:
        """(starts, ends) of the runs of characters ``within`` marks, each cut at the start
        of a sentence."""
        # where ``within`` changes: a run's start, then its end, in turn
        edges = np.flatnonzero(np.diff(within, prepend=False, append=False))
        starts, ends = edges[0::2], edges[1::2]
        # (rare: a sentence cut inside a run of them, a long one without a space)
        inner = self.starts[(self.starts > 0) & (self.starts < within.size)]
        cut = inner[within[inner - 1] & within[inner]]
        if cut.size:
            starts = np.sort(np.concatenate((starts, cut)))
            ends = np.sort(np.concatenate((ends, cut)))
        return starts, ends

    def words(self) -> tuple[_Ints, _Ints]:
        """(starts, ends) of the words as ``pattern_words.WORD`` finds them in the lower-cased
        text, runs of letters and digits, that are all ASCII (the others are no word of the
        rules)."""
        starts, ends = self.runs((self.word_classes & (LETTER | DIGIT)) > 0)
        if self.wide_letters.size:
            # the word holding each such letter (they are few; the words are many)
            word = np.searchsorted(starts, self.wide_letters, "right") - 1
            ascii_only = np.ones(starts.size, bool)
            ascii_only[word[(word >= 0) & (self.wide_letters < ends[np.maximum(word, 0)])]] = False
            starts, ends = starts[ascii_only], ends[ascii_only]
        return starts, ends

    def tokens(self) -> tuple[_Ints, _Ints]:
        """(starts, ends) of the model's tokens (``sentence_model.TOKEN``) of every
        sentence, in text order: a letter and the letters, digits and joiners after it; a
        run of digits; a mark."""
        classes = self.classes
        run_starts, run_ends = self.runs((classes & WORDISH) > 0)
        starts, ends = [run_starts], [run_ends]
        # Most runs start with a letter and are one word. One that starts with digits or
        # joiners ("2024-06-04", "-x", "12ab") has numbers up to its first letter, which
        # starts a word running to the run's end.
        odd = (classes[run_starts] & LETTER) == 0
        if odd.any():
            odd_starts, odd_ends = run_starts[odd], run_ends[odd]
            # the characters of those runs one after another (a few in a text), with the
            # run each is in
            lengths = odd_ends - odd_starts
            at = np.arange(lengths.sum()) + np.repeat(odd_starts - (np.cumsum(lengths) - lengths),
                                                      lengths)
            kinds = classes[at]
            run = np.repeat(np.arange(odd_starts.size), lengths)
            # each run's first letter (its end if it has none)
            first = odd_ends.copy()
            letter = np.flatnonzero(kinds & LETTER)
            if letter.size:
                letter_run = run[letter]
                opens = np.flatnonzero(np.diff(letter_run, prepend=-1))
                first[letter_run[opens]] = at[letter[opens]]
            worded = first < odd_ends
            starts = [run_starts[~odd], first[worded]]
            ends = [run_ends[~odd], odd_ends[worded]]
            # the runs of digits before it: where the characters that are such change
            number = (kinds == DIGIT) & (at < first[run])
            same = np.diff(run) == 0  # (neighbours in one run are neighbours in the text)
            going_on = np.zeros(number.size + 1, bool)
            going_on[1:-1] = number[1:] & number[:-1] & same
            starts.append(at[np.flatnonzero(number & ~going_on[:-1])])
            ends.append(at[np.flatnonzero(number & ~going_on[1:])] + 1)
        marks = np.flatnonzero(classes == MARK)
        if marks.size:
            starts.append(marks)
            ends.append(marks + 1)
        if len(starts) == 1:
            return run_starts, run_ends
        all_starts = np.concatenate(starts)
        order = np.argsort(all_starts, kind="stable")
        return all_starts[order], np.concatenate(ends)[order]

    def sentence_of(self, at: _Ints) -> _Ints:
        """The index of the sentence holding each offset in ``at`` (below the text's
        length): the last to start at or before it, -1 before the first."""
        return self._sentence_index[at]

    @cached_property
    def _sentence_index(self) -> _Ints:
        """``sentence_of`` each offset of the text (one pass, rather than a binary search
        for each offset asked about): -1 up to the first sentence's start, then each
        sentence's index from its start up to the next one's."""
        stretches = np.diff(self.starts, prepend=0, append=self.classes.size)
        return np.repeat(np.arange(-1, self.starts.size, dtype=np.int64), stretches)


class Lookup:
    """Numbers keyed by non-negative integers (word keys; the sentence model's word ids and
    their pairs), looked up for a whole array of keys at once (0 where a key has none): a
    hash table with linear probing, each round of probes done for all the keys still looking
    (five to ten times faster than a binary search)."""

    _EMPTY = -1
    _SPREAD = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: spreads the keys' bits
    # Fewer keys than this are looked up in the dict one by one: each round of probes costs
    # several NumPy calls, more than a few hundred dict look-ups (a field of a form is short).
    _FEW = 512

    def __init__(self, weights: dict[int, float]) -> None:
        self._weights = weights
        # at most an eighth full (a quarter, for a large table): most keys are then settled
        # by their first probe
        bits = max(4, ((8 if len(weights) < 4096 else 4) * len(weights)).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self.keys = np.full(1 << bits, self._EMPTY, dtype=np.int64)
        self.values = np.zeros(1 << bits)
        keys = np.fromiter(weights, np.int64, len(weights))
        values = np.fromiter(weights.values(), np.float64, len(weights))
        slots = self._slots(keys)
        while keys.size:
            # each free slot takes the first key that wants it; the others try the next slot
            free = np.flatnonzero(self.keys[slots] == self._EMPTY)
            _, first = np.unique(slots[free], return_index=True)
            placed = free[first]
            self.keys[slots[placed]] = keys[placed]
            self.values[slots[placed]] = values[placed]
            waiting = np.ones(keys.size, dtype=bool)
            waiting[placed] = False
            keys, values = keys[waiting], values[waiting]
            slots = (slots[waiting] + 1) & self._mask

    def _slots(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        return ((keys.astype(np.uint64) * self._SPREAD) >> self._shift).astype(np.intp)

    def look(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        return self._look(keys, None)

    def _look(self, keys: npt.NDArray[np.int64], slots: npt.NDArray[np.intp] | None
              ) -> npt.NDArray[np.float64]:
        """The numbers of ``keys``, probed from ``slots`` (None: their own)."""
        if keys.size < self._FEW:
            return np.fromiter(map(self._weights.get, keys.tolist(), repeat(0.0)), np.float64,
                               keys.size)
        if slots is None:
            slots = self._slots(keys)
        held = self.keys[slots]
        found = self.values[slots]  # (0 at an empty slot: a key that is not there)
        going = np.flatnonzero((held != keys) & (held != self._EMPTY))  # another key sits there
        if going.size:
            found[going] = self._look(keys[going], (slots[going] + 1) & self._mask)
        return found


def word_keys(words: Sequence[str]) -> _Ints:
    """The key of each of ``words`` (ASCII, lower case), as ``TextArrays.keys`` gives."""
    if not words:
        return np.zeros(0, np.int64)
    text = "\n".join(words)
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    ends = np.cumsum(lengths + 1) - 1
    arrays = TextArrays.read(text, [(0, len(text))])
    return arrays.keys(ends - lengths, ends)


# Sentences (``sentence_bounds``), found as the engine's expression ``_SENTENCE`` finds them.
# Classes of characters: whitespace (``\s``), a cell edge, a line break, a stop, what may
# close a sentence after its stop (quotes, brackets, emphasis), a word character (``\w``).
_SPACE, _BAR, _BREAK, _STOP, _CLOSER, _WORD = 1, 2, 4, 8, 16, 32
_STOPS, _CLOSERS = ".!?\u2026", "\"'\u201d\u2019)]*_"
# Titles before a name: a full stop after one (and after a word boundary) ends no sentence.
_TITLES = ("Mr", "Ms", "Mrs", "Dr", "St", "Prof", "vs")
_TITLE_ENDS = np.zeros(256, bool)
_TITLE_ENDS[[ord(title[-1]) for title in _TITLES]] = True
_DOT = ord(".")


def _sentence_class(ch: str) -> int:
    return ((_SPACE if ch.isspace() else 0) | (_BAR if ch == "|" else 0)
            | (_BREAK if ch == "\n" else 0) | (_STOP if ch in _STOPS else 0)
            | (_CLOSER if ch in _CLOSERS else 0) | (_WORD if ch.isalnum() or ch == "_" else 0))


_SENTENCE_BYTES = bytes(_sentence_class(chr(c)) if c < 128 else 0 for c in range(256))


def sentence_bounds(masked: str) -> tuple[_Ints, _Ints]:
    """(starts, ends) of the sentences of ``masked``, as ``engine.sentence_spans`` finds
    them with a regular expression (before it cuts sentences that are too long), found
    with array operations: a sentence starts at a character that is neither a space nor a
    cell edge, and ends at a line break or cell edge, or after its stop (". ", "?!", ".)\"
    followed by a space). For a long text: on a short one the expression is faster."""
    size = len(masked)
    ascii_text, (wide, characters, where, _) = _read_ascii(masked)
    classes = np.frombuffer(ascii_text.translate(_SENTENCE_BYTES), np.uint8).copy()
    if wide.size:
        table = np.fromiter(map(_sentence_class, characters), np.uint8, len(characters))
        classes[wide] = table[where]
    # The stops that end a sentence: not the full stop of a title, and followed, after any
    # more stops and closing marks, by a space, a cell edge or the end of the text.
    stops = np.flatnonzero((classes & _STOP) > 0)
    text_bytes = np.frombuffer(ascii_text, np.uint8)
    title = np.zeros(stops.size, bool)
    # (full stops after a letter that ends a title: the few worth a closer look)
    dots = np.flatnonzero((text_bytes[stops] == _DOT)
                          & _TITLE_ENDS[text_bytes[np.maximum(stops - 1, 0)]])
    for word in _TITLES:
        at = stops[dots] - len(word)
        same = at >= 0
        for i, letter in enumerate(word.encode()):
            same[same] = text_bytes[at[same] + i] == letter
        before = at[same] - 1  # (and a word boundary before the title)
        same[same] = (before < 0) | ((classes[np.maximum(before, 0)] & _WORD) == 0)
        title[dots[same]] = True
    stops = stops[~title]
    ends = stops + 1
    for skipped in (_STOP, _CLOSER):
        going = np.flatnonzero(ends < size)
        while going.size:
            going = going[(classes[ends[going]] & skipped) > 0]
            ends[going] += 1
            going = going[ends[going] < size]
    stop_ends = ends[(classes[np.minimum(ends, size - 1)] & (_SPACE | _BAR) > 0)
                     | (ends == size)]
    # A sentence runs from its first character that is no space nor cell edge up to the
    # next boundary: a stop's end, a line break or cell edge, or the end of the text.
    boundary = np.zeros(size + 1, bool)
    boundary[:size] = classes & (_BREAK | _BAR)
    boundary[stop_ends] = True
    boundary[size] = True
    boundaries = np.flatnonzero(boundary)
    starter = (classes & (_SPACE | _BAR)) == 0
    # A sentence's first character: the one after the boundary before it, or, if that is
    # a space, where the run of spaces ends (``rises``, then the end of the text).
    starts = np.concatenate(([0], boundaries[:-1] + 1))
    rises = np.append(np.flatnonzero(starter[1:] > starter[:-1]) + 1, size)
    spaced = np.flatnonzero(starts < size)
    spaced = spaced[~starter[starts[spaced]]]
    starts[spaced] = rises[np.searchsorted(rises, starts[spaced])]
    real = starts < boundaries
    return starts[real], boundaries[real]
