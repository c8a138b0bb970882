"""A second opinion on each sentence: a small linear model over its words.

The rules (``rules.py``) know the phrasings someone wrote down; people blame in many more.
This model reads a whole sentence and says how much it reads like one of the five kinds of
blame language, from words, word pairs and triples, and "who" classes (a person, the speaker,
"we") next to the words around them, so "<person> ignored" is learnt once for every name.
It is trained offline on the labelled corpus in ``tests/core/blame/corpus`` by
``scripts/train_blame_model.py`` and shipped as ``sentence_model.json``; checking a sentence
is a sum of weights. All the sentences of a text are checked at once, their words looked up
in NumPy arrays (``SentenceModel.flagged``); a long text is read as arrays too
(``SentenceModel.flagged_in``, ``text_arrays``).

The engine asks it only about sentences no rule flagged, and only flags above a threshold
chosen for precision (written in the model file, with the corpus it was trained on).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import chain, count, pairwise, repeat
from operator import itemgetter
from pathlib import Path

import numpy as np
import numpy.typing as npt

from facilitator.core.blame.lexicon import PRONOUNS_PERSON, ROLES
from facilitator.core.blame.rules import Rule
from facilitator.core.blame.text_arrays import (
    DIGIT,
    LOWER,
    MARK,
    UPPER,
    Lookup,
    TextArrays,
    word_keys,
)

MODEL_FILE = Path(__file__).with_name("sentence_model.json")
# The model's findings carry this rule id: ``disable = ["sentence-model"]`` switches it off.
RULE_ID = "sentence-model"


def _rule(category: str, message: str, suggestion: str) -> Rule:
    return Rule(id=RULE_ID, category=category, severity="warning", patterns=(),
                message=message, suggestion=suggestion, triggers="")


# What a finding of the model says, by category. No phrase gave the sentence away (a rule
# would have), so the message speaks of how the sentence reads and no rewrite is offered.
RULES_BY_CATEGORY = {
    "blame": _rule(
        "blame",
        "Reads as a judgment of a person rather than an account of what happened and why.",
        "Say what the person saw and did, and what in the system made it the reasonable "
        "thing to do at the time.",
    ),
    "self_blame": _rule(
        "self_blame",
        "Reads as the speaker blaming themselves, which ends the look at what made the slip "
        "easy.",
        "Say what happened and what made it likely, e.g. 'the script defaults to production "
        "and nothing asked me to confirm'.",
    ),
    "counterfactual": _rule(
        "counterfactual",
        "Reads as a counterfactual: a timeline that did not happen instead of the one that "
        "did.",
        "Describe what was known at the time; if the alternative is worth having, make it an "
        "action item.",
    ),
    "person_action_item": _rule(
        "person_action_item",
        "Reads as an action aimed at a person's behaviour or knowledge rather than at the "
        "system.",
        "Change the system instead: a check, a guard rail, a runbook or an automation.",
    ),
    "vague_action_item": _rule(
        "vague_action_item",
        "Reads as a vague action item: nobody could tell what to do or when it is done.",
        "Name the change, where it goes and how you will know it is done, with an owner and "
        "a due date.",
    ),
}

# Questions in the shape the rules' rewrites give ("What made it hard to check ...?") ask about
# the system, whatever the rest of the sentence is about; the model leaves them alone.
BLAMELESS_QUESTION = re.compile(
    r"\W*(?:what|which\s+\w+)\s+(?:made|makes|would\s+(?:have\s+)?(?:made|make|helped|help)|"
    r"could\s+(?:have\s+)?(?:made|make|helped|help))\b",
    re.IGNORECASE,
)

# Shorter lines are labels and cells ("Time to acknowledge", "Things to do") far more often
# than blame, and the rules know the short blaming idioms ("my bad", "human error").
MIN_WORDS = 4

TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d+|[?!:]")
# Possessives say whose the act was: "my change", "her script", "our rollout".
_POSSESSIVE_KIND = {"my": "self", "mine": "self", "our": "we", "his": "person",
                    "her": "person", "their": "person", "your": "person"}
_PEOPLE_KINDS = {"self": "<self>", "we": "<we>", "person": "<person>", "unknown": "<person>"}


def features(masked: str, kind_of: Callable[[str], str]) -> list[str]:
    """The features of one sentence (quotes and code already masked).

    ``kind_of(token)`` says who a word refers to: person, self, we, system, unknown or
    other (the engine's ``token_kind`` with the roster bound in).
    """
    pairs = [_word_and_kind(token, kind_of) for token in TOKEN.findall(masked)]
    words = [word for word, _ in pairs]
    kinds = [kind for _, kind in pairs]
    out = ["b:" + a + " " + b for a, b in pairwise(["<s>", *words, "</s>"])]
    out += ["u:" + w for w in words]
    out += ["k:" + a + " " + b for a, b in pairwise(["<s>", *kinds])]
    out += ["t:" + a + " " + b + " " + c for a, b, c in _triples(words)]
    return out


def vocabulary(texts: Iterable[str], min_count: int = 2) -> frozenset[str]:
    """The words written in lower case in ``texts`` at least ``min_count`` times, from texts
    that use capitals (where a name would have one; chat in lower case would add names)."""
    counts: Counter[str] = Counter()
    for text in texts:
        if text.lower() != text:
            counts.update(t for t in TOKEN.findall(text) if t.isalpha() and t.islower())
    return frozenset(word for word, n in counts.items() if n >= min_count)


def considers(sentence: str) -> bool:
    """Whether the model reads a (masked) sentence at all: not a Markdown heading, not a
    question in the shape of the rules' rewrites, and at least ``MIN_WORDS`` words."""
    return (not sentence.startswith("#") and not BLAMELESS_QUESTION.match(sentence)
            and len(TOKEN.findall(sentence)) >= MIN_WORDS)


def _triples(words: list[str]) -> Iterator[tuple[str, str, str]]:
    return zip(words, words[1:], words[2:], strict=False)


def _word_and_kind(token: str, kind_of: Callable[[str], str]) -> tuple[str, str]:
    """How a token enters the features: its word (any name becomes ``<name>``) and its
    class (``<person>``, ``<self>``, ``<we>``, or the word itself)."""
    low = token.lower().replace("’", "'")
    if low.isdigit():
        return "<num>", "<num>"
    if low in _POSSESSIVE_KIND:
        return low, _PEOPLE_KINDS[_POSSESSIVE_KIND[low]]
    if low.endswith("'s"):
        low = low[:-2]
    kind = _PEOPLE_KINDS.get(kind_of(token) if token[0].isalpha() else "other", low)
    # A name is any name: what matters is that a person is named, not who.
    named = kind == "<person>" and low not in PRONOUNS_PERSON and low not in ROLES
    return ("<name>" if named else low), kind


@dataclass(frozen=True)
class SentenceModel:
    """Weights of the flag model (flagged versus clean) and of the category model."""

    threshold: float
    flag_bias: float
    flag_weights: dict[str, float]
    categories: tuple[str, ...]
    category_bias: tuple[float, ...]
    category_weights: dict[str, tuple[float, ...]]
    trained_on: str  # digest of the corpus it was trained on
    # lower-case words of the training text: capitalised, still words (``token_kind``)
    words: frozenset[str] = frozenset()
    _arrays: _FlagArrays = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_arrays", _FlagArrays(self.flag_weights))

    def reader(self, kind_of: Callable[[str], str], people_words: frozenset[str] = frozenset(),
               common_words: frozenset[str] = frozenset(),
               shared: tuple[frozenset[str], frozenset[str]] | None = None,
               roster: frozenset[str] = frozenset(),
               unnamed: frozenset[str] | None = None,
               shared_kind_of: Callable[[str], str] | None = None) -> Reader:
        """A ``Reader`` of sentences for this model (see there)."""
        return Reader(kind_of, self._arrays, people_words, common_words, shared, roster,
                      unnamed, shared_kind_of)

    def flagged(self, sentences: Sequence[str], reader: Reader) -> list[int]:
        """Indexes of the (masked) ``sentences`` the model flags: those it ``considers``
        whose probability passes the threshold.

        The same sums as ``flag_probability(features(...))`` for each sentence, worked out
        for all sentences at once (``_passing``): the sentences are joined with a separator
        that stands for both "<s>" and "</s>", and each word becomes a number (``reader``,
        which also says who each word refers to). For a few sentences (a field of a form);
        ``flagged_in`` reads a long text as arrays. ``reader`` must come from
        ``self.reader``.
        """
        if not sentences:
            return []
        joined = f" {_SEP} ".join(["", *sentences, ""])
        if joined.count(_SEP) != len(sentences) + 1:  # a sentence holds the separator
            joined = f" {_SEP} ".join(["", *(s.replace(_SEP, " ") for s in sentences), ""])
        codes = reader.numbers(_pieces(joined))
        passing = self._passing(codes, np.flatnonzero(codes == _SEP_ID))
        return [index for index in np.flatnonzero(passing).tolist()
                if considers(sentences[index])]

    def flagged_in(self, text: TextArrays, chosen: npt.NDArray[np.int64],
                   reader: Reader) -> list[int]:
        """Which of the sentences ``chosen`` (indexes in ``text``, ascending) the model flags,
        as ``flagged`` says, with the tokens of the whole text found and numbered at once
        (``TextArrays``, ``Reader.numbers_at``): for a long text, where reading its words one
        by one as strings took about a third of a check."""
        starts, ends, sentence = text.token_spans
        # only the sentences ``considers`` may pass: of MIN_WORDS tokens or more, and not a
        # heading (a question in the rules' shape is left out below, of the few that pass)
        tokens_in = np.bincount(sentence, minlength=text.starts.size)[chosen]
        chosen = chosen[(tokens_in >= MIN_WORDS) & (text.bytes[text.starts[chosen]] != _HASH)]
        if not chosen.size:
            return []
        place = np.full(text.starts.size, -1, np.int64)  # each sentence's place in chosen
        place[chosen] = np.arange(chosen.size)
        mine = place[sentence] >= 0
        tokens = reader.numbers_at(text, starts[mine], ends[mine])
        # a separator before each sentence and after the last
        separators = np.arange(chosen.size + 1)
        separators[1:] += np.cumsum(np.bincount(place[sentence[mine]], minlength=chosen.size))
        codes = np.full(tokens.size + chosen.size + 1, _SEP_ID, np.int64)
        is_token = np.ones(codes.size, bool)
        is_token[separators] = False
        codes[is_token] = tokens
        passing: list[int] = chosen[self._passing(codes, separators)].tolist()
        masked, sentence_starts, sentence_ends = text.masked, text.starts, text.ends
        return [index for index in passing if not BLAMELESS_QUESTION.match(
            masked, sentence_starts[index], sentence_ends[index])]

    def _passing(self, codes: npt.NDArray[np.int64],
                 separators: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Whether each sentence's sum of weights passes the threshold. ``codes``: the
        numbers of the sentences' tokens, with a separator (at ``separators``) before each
        sentence and after the last. Each weight is looked up in arrays (``_FlagArrays``)
        for the whole text at once, rather than by a Python loop per feature."""
        arrays = self._arrays
        # each token's word, and its class where that is a person, the speaker or "we"
        classes, words = codes >> _BITS, codes & (_BASE - 1)
        # the weight at each token of its word, of the pair and of the triple ending there
        weight = arrays.unigram[words]
        pairs = (words[:-1] << _BITS) | words[1:]
        weight[1:] += arrays.bigram.look(pairs)
        weight[2:] += arrays.trigram.look((pairs[:-1] << _BITS) | words[2:])
        # The class pairs of two ordinary words are word pairs (folded into the bigram
        # weights); only the pairs next to a person, the speaker or "we" are looked up.
        people = classes > 0
        if people.any():
            classes = np.where(people, classes, words)
            near = np.flatnonzero(people[1:] | people[:-1]) + 1
            weight[near] += arrays.class_bigram.look((classes[near - 1] << _BITS) | classes[near])
        # A sentence's sum runs from after its opening separator to its closing one (which
        # carries the "word </s>" pair).
        sums = np.add.reduceat(weight[1:], separators[:-1])
        bar = math.log(self.threshold / (1.0 - self.threshold)) - self.flag_bias
        passing: npt.NDArray[np.bool_] = sums > bar
        return passing

    def flag_probability(self, feats: list[str]) -> float:
        """How likely the sentence is blame language of some kind (0 to 1)."""
        get = self.flag_weights.get
        z = self.flag_bias + sum([get(f, 0.0) for f in feats])
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def category(self, feats: list[str]) -> str:
        """The most likely of the five categories."""
        get = self.category_weights.get
        scores = map(sum, zip(self.category_bias, *filter(None, map(get, feats)), strict=True))
        return self.categories[max(enumerate(scores), key=_SECOND)[0]]

    def to_json(self) -> str:
        return json.dumps(
            {
                "threshold": self.threshold,
                "trained_on": self.trained_on,
                "words": sorted(self.words),
                "flag": {"bias": self.flag_bias, "weights": self.flag_weights},
                "category": {
                    "labels": list(self.categories),
                    "bias": list(self.category_bias),
                    "weights": {k: list(v) for k, v in self.category_weights.items()},
                },
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SentenceModel:
        data = json.loads(text)
        return cls(
            threshold=float(data["threshold"]),
            flag_bias=float(data["flag"]["bias"]),
            flag_weights=data["flag"]["weights"],
            categories=tuple(data["category"]["labels"]),
            category_bias=tuple(data["category"]["bias"]),
            category_weights={k: tuple(v) for k, v in data["category"]["weights"].items()},
            trained_on=data["trained_on"],
            words=frozenset(data.get("words", ())),
        )


# Stands between sentences (``SentenceModel.flagged``); never a word, so never in a trained
# feature.
_SEP = "\x00"
_SEP_ID = 1  # its id (``_FlagArrays``)
_HASH = ord("#")
_HYPHEN = ord("-")
# A lower-case token that is read as itself, as a word of letters is: no apostrophe ("'s" is
# dropped), no capital, and no "-" at its end (token_kind strips it).
_PLAIN_WORD = re.compile(r"[a-z][a-z0-9_-]*(?<!-)")
# A pair of word ids is ``first * _BASE + second``; a token's class id counts _BASE times.
_BITS = 20
_BASE = 1 << _BITS  # more than the ids of any model (a triple still fits in 63 bits)
_NO_TOKEN, _TOKENS = -1, -2  # ``Reader.codes`` of a piece with no token, or several
_UNREAD = -3  # a piece the reader has not seen yet
_SECOND = itemgetter(1)
_PEOPLE = frozenset(_PEOPLE_KINDS.values())

# Every ASCII byte that is in no token becomes a space (UTF-8 sequences of other characters
# are bytes of 128 and up, left alone); ?, ! and : are tokens of their own.
_SPACE_BYTES = bytes(
    c if c >= 128 or chr(c).isalnum() or chr(c) in "_'-?!:" + _SEP else 32 for c in range(256)
)


def _pieces(text: str) -> list[str]:
    """``text`` split into runs that ``TOKEN`` reads the same way as the whole text. Most
    are one word each, which ``Reader.numbers`` reads without a regular expression."""
    text = text.encode("utf-8", "surrogatepass").translate(_SPACE_BYTES).decode(
        "utf-8", "surrogatepass")
    for mark in "?!:":
        if mark in text:
            text = text.replace(mark, f" {mark} ")
    return text.split()


class Reader:
    """The tokens of sentences as numbers for the model, for one way of telling who a word
    is (a roster, and whether names count uncapitalised).

    Each token's number is its word's id among the model's words (0 for a word no weight
    names) plus, for a token taken for a person, the speaker or "we", the id of that class
    times ``_BASE``. ``kind_of(token)`` is as for ``features``; ``people_words`` holds every
    lower-case word ``kind_of`` may take for a person, the speaker or "we". Any other
    lower-case word is read as itself without asking ``kind_of``, and so is a capitalised
    one of ``common_words``, words ``kind_of`` never takes for a name. ``shared``: the
    people words and common words with no roster, when the reader is for one, and
    ``roster`` its words: the tables of ``numbers_at`` are built once, for no roster, and
    the words a roster changes are read as strings. ``unnamed``, if given, holds every
    lower-case word that ``kind_of`` does not take for a person when capitalised, but the
    people words: then ``numbers_at`` reads any other capitalised word ("Priya", "Okafor") as
    a name without asking ``kind_of``. ``shared_kind_of``, if given, is ``kind_of`` with no
    roster (and the same way with names): the tables of ``numbers_at`` then also hold the
    numbers of the people words ("we", "engineer") and of the capitalised words that need
    ``kind_of`` ("April", "She"), worked out once from those lists rather than in each text.

    A few sentences (a field of a form) are read as strings (``numbers``), a long text as
    arrays (``numbers_at``). Either way each distinct token or piece that needs more than a
    look-up is read once and remembered for the next check (the app re-checks a field on
    every pause in typing).
    """

    LIMIT = 100_000  # pieces remembered before starting afresh

    def __init__(self, kind_of: Callable[[str], str], arrays: _FlagArrays,
                 people_words: frozenset[str] = frozenset(),
                 common_words: frozenset[str] = frozenset(),
                 shared: tuple[frozenset[str], frozenset[str]] | None = None,
                 roster: frozenset[str] = frozenset(),
                 unnamed: frozenset[str] | None = None,
                 shared_kind_of: Callable[[str], str] | None = None) -> None:
        self.kind_of = kind_of
        self.ids = arrays.ids
        self._number_code = self.ids.get("<num>", 0)
        self.people_words, self.common_words = _reading_words(people_words, common_words)
        # the model's own lower-case words, each its word's id: known before any text is read
        self._known = arrays.known_words(self.people_words)
        self._arrays, self._roster = arrays, roster
        self._shared = _reading_words(*shared) if shared else (self.people_words,
                                                                 self.common_words)
        self._unnamed = unnamed
        self._shared_kind_of = shared_kind_of
        self._forget()

    def _forget(self) -> None:
        # each piece's number; _NO_TOKEN for a piece that holds none ("—", "---"),
        # _TOKENS for one that holds several ("2024-06-04"), whose numbers are in ``_split``
        self.codes: dict[str, int] = self._known.copy()
        self._split: dict[str, list[int]] = {}

    def numbers(self, pieces: list[str]) -> npt.NDArray[np.int64]:
        """The number of each token of ``pieces`` (``_pieces``: a piece of several tokens
        gives several, a piece of none gives none)."""
        if len(self.codes) > self.LIMIT:
            self._forget()
        codes = np.fromiter(map(self.codes.get, pieces, repeat(_UNREAD)), np.int64, len(pieces))
        unread = np.flatnonzero(codes == _UNREAD)
        if unread.size:  # pieces not seen before: read each once, then look them up
            new = list(map(pieces.__getitem__, unread.tolist()))
            self._learn(set(new))
            codes[unread] = list(map(self.codes.__getitem__, new))
        several = np.flatnonzero(codes == _TOKENS)
        if several.size:
            parts = [self._split[pieces[at]] for at in several.tolist()]
            # each piece's tokens go in just before it (the piece itself is dropped below)
            codes = np.insert(codes, np.repeat(several, list(map(len, parts))),
                              list(chain.from_iterable(parts)))
        return codes[codes >= 0]

    def _learn(self, new: set[str]) -> None:
        codes, ids = self.codes, self.ids
        # Most are lower-case words, read as themselves, or numbers: sorted out in C.
        plain = set(filter(str.islower, filter(str.isalpha, new))).difference(self.people_words)
        codes.update(zip(plain, map(ids.get, plain, repeat(0)), strict=True))
        numbers = set(filter(str.isdecimal, new))
        codes.update(dict.fromkeys(numbers, self._number_code))
        common = self.common_words
        for piece in new.difference(plain, numbers):
            if piece.isalpha():  # a token of its own: "Redis", "Priya", "she"
                low = piece.lower()
                if low in common and piece[1:] == low[1:]:  # "The", "Why" opening a sentence
                    codes[piece] = ids.get(low, 0)
                else:
                    codes[piece] = self._number(piece)
                continue
            tokens = TOKEN.findall(piece)
            if tokens == [piece]:
                codes[piece] = self._number(piece)
            elif tokens:
                codes[piece] = _TOKENS
                self._split[piece] = [self._number(token) for token in tokens]
            else:
                codes[piece] = _NO_TOKEN

    def numbers_at(self, text: TextArrays, starts: npt.NDArray[np.int64],
                   ends: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The number of each token ``starts[i]:ends[i]`` of ``text`` (``TextArrays.tokens``).

        Lower-case words (also "p99", "follow-up"), capitalised words (common ones, and names
        no list knows), numbers and marks are looked up by their keys for the whole text at
        once; the other tokens ("Redis", "DNS", "don't", words beyond ASCII, the words a
        roster changes) are read as strings."""
        if len(self.codes) > self.LIMIT:
            self._forget()
        table, plain_codes, capital_codes = self._arrays.tables(*self._shared, self._unnamed,
                                                                self._shared_kind_of)
        codes = np.zeros(starts.size, np.int64)
        first = text.classes[starts]
        read = first == DIGIT
        codes[read] = self._number_code
        marks = np.flatnonzero(first == MARK)
        codes[marks] = self._marks[text.bytes[starts[marks]]]
        read[marks] = True
        # Lower-case words (of ASCII letters, digits, "-" and "_", not ending in "-", which
        # token_kind strips), and capitalised ones (of letters).
        plain = (((first & LOWER) > 0) & (text.not_plain[ends] == text.not_plain[starts])
                 & (text.bytes[ends - 1] != _HYPHEN))
        capital = (((first & UPPER) > 0)
                   & (text.not_lower[ends] - text.not_lower[starts] == 1))
        cased = np.flatnonzero(plain | capital)
        keys = text.keys(starts[cased], ends[cased])
        row = table.look(keys).astype(np.int64)
        found = np.where(plain[cased], plain_codes[row], capital_codes[row])
        if self._unnamed is not None:
            # a capitalised word of no list, of two letters or more, is a name ("Okafor")
            found[(row == 0) & capital[cased] & (ends[cased] - starts[cased] > 1)] = \
                self._name_code
        extra = self._roster_keys
        if extra.size:
            found[np.isin(keys, extra)] = -1
        known = found >= 0
        codes[cased[known]] = found[known]
        read[cased[known]] = True
        unread = np.flatnonzero(~read)
        if unread.size:
            masked, known_codes = text.masked, self.codes
            tokens = list(map(masked.__getitem__,
                              map(slice, starts[unread].tolist(), ends[unread].tolist())))
            for token in set(tokens).difference(known_codes):
                known_codes[token] = self._number(token)
            codes[unread] = list(map(known_codes.__getitem__, tokens))
        return codes

    @cached_property
    def _roster_keys(self) -> npt.NDArray[np.int64]:
        """The keys of the words this reader's roster changes (its names, and the words it
        makes people or no longer common), which ``numbers_at`` reads as strings."""
        people, common = self._shared
        if self.people_words is people and self.common_words is common:  # (no roster)
            return _word_keys(self._roster)
        return _word_keys(self._roster.union(self.people_words.difference(people),
                                             common.difference(self.common_words)))

    @cached_property
    def _name_code(self) -> int:
        """The number of a token taken for a person's name."""
        return self.ids.get("<name>", 0) + _BASE * self.ids["<person>"]

    @cached_property
    def _marks(self) -> npt.NDArray[np.int64]:
        """The number of "?", "!" and ":" by their byte."""
        marks = np.zeros(128, np.int64)
        for mark in "?!:":
            marks[ord(mark)] = self.ids.get(mark, 0)
        return marks

    def _number(self, token: str) -> int:
        return _number_of(token, self.kind_of, self.ids)


def _number_of(token: str, kind_of: Callable[[str], str], ids: dict[str, int]) -> int:
    """The number of ``token`` (see ``Reader``), who it is told by ``kind_of``."""
    if token.isdecimal():  # (the dates and times of a timeline)
        return ids.get("<num>", 0)
    word, kind = _word_and_kind(token, kind_of)
    return ids.get(word, 0) + (_BASE * ids[kind] if kind in _PEOPLE else 0)


@lru_cache(maxsize=16)
def _reading_words(
    people_words: frozenset[str], common_words: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """The words a ``Reader`` asks ``kind_of`` about (possessives too), and the lower-case
    words it reads as themselves even capitalised ("The", "Why"), worked out once a roster."""
    people = people_words.union(_POSSESSIVE_KIND)
    return people, common_words - people


class _FlagArrays:
    """The flag weights keyed for ``SentenceModel.flagged``. Each word a weight names has an
    id (0 is any other word; 1 the separator, which stands for "<s>" and "</s>"); a pair of
    words is the number ``first * _BASE + second``, a triple likewise. A class pair of two
    ordinary words is the same pair of words (see ``_word_and_kind``), so its weight joins
    the pair's; the class pairs with a person, the speaker or "we" in them are looked up on
    their own."""

    def __init__(self, weights: dict[str, float]) -> None:
        ids = {"<s>": _SEP_ID, "</s>": _SEP_ID, _SEP: _SEP_ID}
        next_id = count(_SEP_ID + 1)
        ids.update((kind, next(next_id)) for kind in sorted(_PEOPLE))
        people = {ids[kind] for kind in _PEOPLE}
        unigrams: dict[int, float] = {}
        pairs: dict[int, float] = {}
        class_pairs: dict[int, float] = {}
        triples: dict[int, float] = {}
        for key, weight in weights.items():
            number = 0
            numbers = []
            for part in key[2:].split(" "):
                known = ids.get(part)
                if known is None:
                    known = ids[part] = next(next_id)
                numbers.append(known)
                number = number * _BASE + known
            kind = key[0]
            if kind == "u":
                unigrams[number] = weight
            elif kind == "b" or (kind == "k" and people.isdisjoint(numbers)):
                # (a class pair of two ordinary words: the classes are the words themselves)
                pairs[number] = pairs.get(number, 0.0) + weight
            elif kind == "k":
                class_pairs[number] = weight
            else:
                triples[number] = weight
        if len(ids) >= _BASE:
            raise ValueError(f"a model of {len(ids)} words is too large for its word ids")
        self.ids = ids
        self.unigram = np.zeros(len(ids) + 1)
        self.unigram[list(unigrams)] = list(unigrams.values())
        self.bigram, self.class_bigram = Lookup(pairs), Lookup(class_pairs)
        self.trigram = Lookup(triples)
        # the lower-case words a weight names, each with its id (``known_words``): of
        # letters, or of ASCII letters, digits and joiners ("on-call", "p99")
        self._plain = {word: number for word, number in ids.items()
                       if (word.isalpha() and word.islower()) or _PLAIN_WORD.fullmatch(word)}
        self._known: dict[frozenset[str], dict[str, int]] = {}
        self._tables: dict[
            tuple[frozenset[str], frozenset[str], frozenset[str] | None,
                  Callable[[str], str] | None],
            tuple[Lookup, npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}

    def known_words(self, people_words: frozenset[str]) -> dict[str, int]:
        """The number of each lower-case word a weight names, but ``people_words`` (whose
        numbers depend on who they are taken for), with the separator's: where a ``Reader``
        starts. (Kept for the last few sets of people words: a roster each.)"""
        known = self._known.get(people_words)
        if known is None:
            if len(self._known) >= 16:
                self._known.clear()
            known = self._known[people_words] = {**self._plain, _SEP: _SEP_ID}
            for word in self._plain.keys() & people_words:
                del known[word]
        return known

    def tables(self, people_words: frozenset[str], common_words: frozenset[str],
               unnamed: frozenset[str] | None = None,
               kind_of: Callable[[str], str] | None = None,
               ) -> tuple[Lookup, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """What ``Reader.numbers_at`` looks up by key (``text_arrays``), for a reader's
        ``people_words``, ``common_words``, ``unnamed`` words and ``kind_of`` with no roster
        (its ``shared_kind_of``): a table giving each word a row (from 1; 0 for any other
        word), and in that row the number of the word in lower case and capitalised, or -1
        where the token must be read as a string. Without ``kind_of`` those are the person
        words, and capitalised words that may be a name or are ``unnamed``; with it, only
        words beyond ASCII are left to strings (the words a roster changes are the
        reader's). (Built once for the people and common words of no roster.)"""
        key = (people_words, common_words, unnamed, kind_of)
        tables = self._tables.get(key)
        if tables is None:
            if len(self._tables) >= 16:
                self._tables.clear()
            words = sorted({word for word in self._plain if word.isascii()}
                           | {word for word in people_words | common_words | (unnamed or set())
                              if word.isascii()})
            ids = self.ids

            def told(token: str) -> int:  # (a word whose number depends on who it is)
                return -1 if kind_of is None else _number_of(token, kind_of, ids)

            plain = [told(word) if word in people_words else ids.get(word, 0)
                     for word in words]
            capital = [told(word.capitalize()) if word in people_words or word not in
                       common_words else ids.get(word, 0) for word in words]
            tables = self._tables[key] = (
                Lookup(dict(zip(word_keys(words).tolist(), map(float, count(1)),
                                strict=False))),
                np.array([0, *plain], np.int64),  # (row 0: a word of none of these)
                np.array([-1, *capital], np.int64),
            )
        return tables


@lru_cache(maxsize=64)
def _word_keys(words: frozenset[str]) -> npt.NDArray[np.int64]:
    """``word_keys`` of the ASCII ones of ``words``, sorted (for ``np.isin``)."""
    return np.sort(word_keys(sorted(word for word in words if word.isascii())))


@cache
def shipped() -> SentenceModel | None:
    """The model shipped with the package (read once), or None if the file is missing."""
    try:
        return SentenceModel.from_json(MODEL_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
