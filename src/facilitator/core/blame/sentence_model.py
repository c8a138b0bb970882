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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain, compress, count, pairwise, repeat
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
    _batch: _BatchWeights = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_batch", _BatchWeights(self.flag_weights))

    def flagged(self, masked: str, spans: Sequence[tuple[int, int]],
                kind_of: Callable[[str], str]) -> list[int]:
        """Indexes of the ``spans`` of ``masked`` whose probability passes the threshold.

        The same sums as ``flag_probability(features(...))`` for each sentence, worked out
        for all sentences at once: the sentences are joined with a separator that stands
        for both "<s>" and "</s>", so each weight is looked up by C-level ``map`` over the
        whole text rather than by a Python loop per feature (a 100 KB document holds some
        20,000 words). ``kind_of`` is as for ``features``.
        """
        if not spans:
            return []
        sentences = [masked[s:e] for s, e in spans]
        if any(_SEP in sentence for sentence in sentences):
            sentences = [sentence.replace(_SEP, " ") for sentence in sentences]
        # Splitting at spaces is much faster than a regular expression over the whole text;
        # each distinct piece is tokenised once (tokens never contain a space).
        pieces = f" {_SEP} ".join(["", *sentences, ""]).split()
        tokens_of: dict[str, tuple[tuple[str, str], ...]] = {_SEP: ((_SEP, _SEP),)}
        for piece in set(pieces).difference(tokens_of):
            tokens_of[piece] = tuple([_word_and_kind(token, kind_of)
                                      for token in TOKEN.findall(piece)])
        pairs = list(chain.from_iterable(map(tokens_of.__getitem__, pieces)))
        words = list(map(_FIRST, pairs))
        kinds = list(map(_SECOND, pairs))
        weights = self._batch
        zero = repeat(0.0)
        # weight at each token of: its word, the pair ending there, the class pair, the triple
        columns = (
            map(weights.unigram.get, words, zero),
            [0.0, *map(weights.bigram.get, pairwise(words), zero)],
            [0.0, *map(weights.kind_bigram.get, pairwise(kinds), zero)],
            [0.0, 0.0, *map(weights.trigram.get, _triples(words), zero)],
        )
        edges = list(compress(count(), map(_SEP.__eq__, words)))
        # running totals read at each separator: a sentence's sum runs from after its
        # opening separator to its closing one (which carries the "word </s>" pair)
        at_edges = [0.0] * len(edges)
        for column in columns:
            at_edges = list(map(add, at_edges, map(list(accumulate(column)).__getitem__, edges)))
        bar = math.log(self.threshold / (1.0 - self.threshold)) - self.flag_bias
        return list(compress(count(), map(bar.__lt__, map(sub, at_edges[1:], at_edges[:-1]))))

    def flag_probability(self, feats: list[str]) -> float:
        """How likely the sentence is blame language of some kind (0 to 1)."""
        get = self.flag_weights.get
        z = self.flag_bias + sum([get(f, 0.0) for f in feats])
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def category(self, feats: list[str]) -> str:
        """The most likely of the five categories."""
        scores = list(self.category_bias)
        get = self.category_weights.get
        for f in feats:
            weights = get(f)
            if weights is not None:
                for i, w in enumerate(weights):
                    scores[i] += w
        return self.categories[max(range(len(scores)), key=scores.__getitem__)]

    def to_json(self) -> str:
        return json.dumps(
            {
                "threshold": self.threshold,
                "trained_on": self.trained_on,
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
        )


# Joins sentences for ``SentenceModel.flagged``; never a word, so never in a trained feature.
_SEP = "\x00"
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


class _BatchWeights:
    """The flag weights keyed for ``SentenceModel.flagged``: words and tuples of words, with
    "<s>" and "</s>" both written as the separator."""

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
            elif kind == "b":
                self.bigram[parts] = weight  # type: ignore[index]
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
