"""A second opinion on each sentence: a small linear model over its words.

The rules (``rules.py``) know the phrasings someone wrote down; people blame in many more.
This model reads a whole sentence and says how much it reads like one of the five kinds of
blame language, from words, word pairs and triples, and "who" classes (a person, the speaker,
"we") next to the words around them, so "<person> ignored" is learnt once for every name.
It is trained offline on the labelled corpus in ``tests/core/blame/corpus`` by
``scripts/train_blame_model.py`` and shipped as ``sentence_model.json``; checking a sentence
is a sum of weights, with no other dependency.

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
from functools import cache
from itertools import accumulate, compress, count, pairwise, repeat
from operator import add, itemgetter, sub
from pathlib import Path

from facilitator.core.blame.lexicon import PRONOUNS_PERSON, ROLES
from facilitator.core.blame.rules import Rule

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
    _batch: _BatchWeights = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_batch", _BatchWeights(self.flag_weights))

    def flagged(self, sentences: Sequence[str], reader: Reader) -> list[int]:
        """Indexes of the (masked) ``sentences`` the model flags: those it ``considers``
        whose probability passes the threshold.

        The same sums as ``flag_probability(features(...))`` for each sentence, worked out
        for all sentences at once: the sentences are joined with a separator that stands
        for both "<s>" and "</s>", so each weight is looked up by C-level ``map`` over the
        whole text rather than by a Python loop per feature (a 100 KB document holds some
        20,000 words). ``reader`` says who each word refers to (see ``Reader``).
        """
        if not sentences:
            return []
        if any(_SEP in sentence for sentence in sentences):
            sentences = [sentence.replace(_SEP, " ") for sentence in sentences]
        pieces = reader.read(_pieces(f" {_SEP} ".join(["", *sentences, ""])))
        words = list(map(reader.word.get, pieces, pieces))
        weights = self._batch
        # The class pairs of two ordinary words are word pairs (folded into the bigram
        # weights); only the pairs next to a person, the speaker or "we" are looked up.
        by_class = [0.0] * len(pieces)
        near_people = {at for person in compress(count(), map(reader.people.__contains__, pieces))
                       for at in (person, person + 1)}
        get, kind = weights.kind_bigram.get, reader.kind.get
        for at in near_people:  # (never 0 nor past the end: the text opens and ends with _SEP)
            before, here = pieces[at - 1], pieces[at]
            by_class[at] = get((kind(before, before), kind(here, here)), 0.0)
        # weight at each token of: its word, the pair ending there, the triple, the classes
        # (each column a list of its own: a chain of lazy maps runs twice as slow)
        unigrams = list(map(weights.unigram.get, words, repeat(0.0)))
        bigrams = [0.0, *map(weights.bigram.get, pairwise(words), repeat(0.0))]
        trigrams = [0.0, 0.0, *map(weights.trigram.get, _triples(words), repeat(0.0))]
        running = list(accumulate(map(add, map(add, unigrams, bigrams),
                                      map(add, trigrams, by_class))))
        # running totals read at each separator: a sentence's sum runs from after its
        # opening separator to its closing one (which carries the "word </s>" pair)
        at_edges = list(map(running.__getitem__, compress(count(), map(_SEP.__eq__, words))))
        bar = math.log(self.threshold / (1.0 - self.threshold)) - self.flag_bias
        passing = compress(count(), map(bar.__lt__, map(sub, at_edges[1:], at_edges[:-1])))
        return [index for index in passing if considers(sentences[index])]

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


# Joins sentences for ``SentenceModel.flagged``; never a word, so never in a trained feature.
_SEP = "\x00"
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_PEOPLE = frozenset(_PEOPLE_KINDS.values())

# Every ASCII byte that is in no token becomes a space (UTF-8 sequences of other characters
# are bytes of 128 and up, left alone); ?, ! and : are tokens of their own.
_SPACE_BYTES = bytes(
    c if c >= 128 or chr(c).isalnum() or chr(c) in "_'-?!:" + _SEP else 32 for c in range(256)
)


def _pieces(text: str) -> list[str]:
    """``text`` split into runs that ``TOKEN`` reads the same way as the whole text. Most
    are one word each, which ``Reader`` reads without a regular expression."""
    text = text.encode("utf-8", "surrogatepass").translate(_SPACE_BYTES).decode(
        "utf-8", "surrogatepass")
    for mark in "?!:":
        if mark in text:
            text = text.replace(mark, f" {mark} ")
    return text.split()


class Reader:
    """The words of sentences as the model reads them, for one way of telling who a word is
    (a roster, and whether names count uncapitalised).

    ``kind_of(token)`` is as for ``features``; ``people_words`` holds every lower-case word
    ``kind_of`` may take for a person, the speaker or "we". Any other lower-case word is
    read as itself without asking ``kind_of``, and so is a capitalised one of
    ``common_words``, words ``kind_of`` never takes for a name. Each distinct piece of text
    is read once and remembered for the next check (the app re-checks a field on every
    pause in typing).
    """

    LIMIT = 100_000  # pieces remembered before starting afresh

    def __init__(self, kind_of: Callable[[str], str],
                 people_words: frozenset[str] = frozenset(),
                 common_words: frozenset[str] = frozenset()) -> None:
        self.kind_of = kind_of
        self.people_words = people_words | _POSSESSIVE_KIND.keys()
        # lower-case words ``kind_of`` reads as themselves even capitalised ("The", "Why")
        self.common_words = common_words - self.people_words
        self._forget()

    def _forget(self) -> None:
        self._seen: set[str] = {_SEP}
        self.word: dict[str, str] = {}  # a one-token piece's word, where not the piece
        self.kind: dict[str, str] = {}  # a one-token piece's class, where not the piece
        self.people: set[str] = set()  # pieces whose class is a person, the speaker or we
        self._split: dict[str, str] = {}  # other pieces: their tokens, joined by spaces

    def read(self, pieces: list[str]) -> list[str]:
        """``pieces`` as one token each (a piece of several tokens becomes several), each
        token's word and class then found in ``word`` and ``kind``."""
        if len(self._seen) > self.LIMIT:
            self._forget()
        self._learn(pieces)
        if not self._split.keys().isdisjoint(pieces):
            pieces = " ".join(map(self._split.get, pieces, pieces)).split()
            self._learn(pieces)
        return pieces

    def _learn(self, pieces: list[str]) -> None:
        new = set(pieces).difference(self._seen)
        people, common, kind_of = self.people_words, self.common_words, self.kind_of
        for piece in new:
            if piece.isalpha():
                if piece.islower() and piece not in people:
                    continue  # a word read as itself
                low = piece.lower()
                if low in common and piece[1:] == low[1:]:  # "The", "Why" opening a sentence
                    self.word[piece] = self.kind[piece] = low
                    continue
            tokens = TOKEN.findall(piece)
            if tokens != [piece]:
                self._split[piece] = " ".join(tokens)
                continue
            word, kind = _word_and_kind(piece, kind_of)
            if word != piece:
                self.word[piece] = word
            if kind != piece:
                self.kind[piece] = kind
            if kind in _PEOPLE:
                self.people.add(piece)
        self._seen |= new


class _BatchWeights:
    """The flag weights keyed for ``SentenceModel.flagged``: words and tuples of words, with
    "<s>" and "</s>" both written as the separator. A class pair of two ordinary words is
    the same pair of words (see ``_word_and_kind``), so its weight joins the bigram's."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.unigram: dict[str, float] = {}
        self.bigram: dict[tuple[str, str], float] = {}
        self.kind_bigram: dict[tuple[str, str], float] = {}
        self.trigram: dict[tuple[str, ...], float] = {}
        for key, weight in weights.items():
            kind, _, rest = key.partition(":")
            parts = tuple(_SEP if p in ("<s>", "</s>") else p for p in rest.split(" "))
            if kind == "u":
                self.unigram[parts[0]] = weight
            elif kind == "b" or (kind == "k" and _PEOPLE.isdisjoint(parts)):
                # (a class pair of two ordinary words: the classes are the words themselves)
                self.bigram[parts] = self.bigram.get(parts, 0.0) + weight  # type: ignore
            elif kind == "k":
                self.kind_bigram[parts] = weight  # type: ignore[index]
            else:
                self.trigram[parts] = weight


@cache
def shipped() -> SentenceModel | None:
    """The model shipped with the package (read once), or None if the file is missing."""
    try:
        return SentenceModel.from_json(MODEL_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
