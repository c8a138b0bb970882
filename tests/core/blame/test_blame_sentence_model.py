"""The sentence model: what it adds to the rules, how it can be switched off or dismissed, and
that its fast whole-text scoring gives the same answer as scoring one sentence at a time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.blame import LintContext, engine, lint, lint_markdown
from facilitator.core.blame.masking import mask_quotes_and_code
from facilitator.core.blame.sentence_model import (
    RULE_ID,
    considers,
    features,
    shipped,
)
from facilitator.core.blame.text_arrays import Lookup, TextArrays

from .corpus_io import TRAINING_SETS, load

# Blame that no rule phrases: only the model can see it.
UNRULED = "honestly the db guy has no clue what hes doing"


def _model_findings(text: str, context: LintContext | None = None):
    return [f for f in lint(text, context) if f.rule == RULE_ID]


def test_the_model_flags_what_no_rule_phrases() -> None:
    assert not lint(UNRULED, LintContext(disabled=frozenset({RULE_ID})))
    [finding] = lint(UNRULED)
    assert finding.rule == RULE_ID
    assert finding.category == "blame"
    assert finding.severity == "warning"
    assert finding.text == UNRULED
    assert (finding.start, finding.end) == (0, len(UNRULED))
    assert finding.message.startswith("Reads as a judgment of a person")
    assert finding.suggestion
    assert finding.rewrite is None  # nothing to rewrite without inventing facts


def test_the_span_starts_after_bullets_and_checkboxes() -> None:
    text = "Notes from the review.\n- [ ] " + UNRULED + "\n"
    [finding] = _model_findings(text)
    assert finding.text == UNRULED
    assert (finding.line, finding.column) == (2, 7)
    assert text[finding.start:finding.end] == UNRULED


def test_switched_off_by_rule_id_or_by_category() -> None:
    assert not _model_findings(UNRULED, LintContext(disabled=frozenset({RULE_ID})))
    assert not _model_findings(UNRULED, LintContext(disabled=frozenset({"blame"})))
    assert _model_findings(UNRULED, LintContext(disabled=frozenset({"counterfactual"})))


def test_a_dismissed_model_flag_stays_dismissed_after_edits_elsewhere() -> None:
    [finding] = _model_findings(UNRULED)
    edited = "At 14:05 the queue backed up.\n\n" + UNRULED + "\n\nWe rolled back at 14:20."
    assert _model_findings(edited)
    assert not _model_findings(edited, LintContext(dismissed=frozenset({finding.fingerprint})))


def test_an_allowed_phrase_clears_it() -> None:
    assert not _model_findings(UNRULED, LintContext(allow=("no clue",)))


def test_a_sentence_a_rule_flagged_is_not_flagged_again() -> None:
    text = "Priya ignored the alert and honestly she has no clue what she is doing."
    findings = lint(text)
    assert findings
    assert not [f for f in findings if f.rule == RULE_ID]


def test_clean_sentences_of_a_post_mortem_stay_clean() -> None:
    text = (
        "## Lessons learned\n\n"
        "At 14:05 Maria ran the migration on the primary.\n"
        "The health check failed twice and the error rate reached 41%.\n"
        "What made the migration look safe at the time?\n"
        "We should add a staging gate for schema changes.\n"
    )
    assert lint(text) == []
    assert lint_markdown(text) == []


def test_a_markdown_heading_is_not_read_by_the_model() -> None:
    assert not _model_findings("# " + UNRULED)


def test_a_nul_character_in_the_text_does_not_shift_the_sentences() -> None:
    text = "The job wrote a \x00 byte.\n" + UNRULED
    [finding] = _model_findings(text)
    assert finding.text == UNRULED


@pytest.mark.parametrize(("lower_names", "roster"), [
    (False, ()), (True, ()), (False, ("Will Osei", "Ana María Quispe", "sam")),
])
def test_scoring_all_sentences_at_once_matches_one_at_a_time(
    lower_names: bool, roster: tuple[str, ...]
) -> None:
    model = shipped()
    assert model is not None
    examples = [e for name in TRAINING_SETS[:3] for e in load(name)]
    text = "\n".join(e.text.replace("\n", " ") for e in examples)
    if lower_names:
        text = text.lower()
    masked = mask_quotes_and_code(text)
    spans = engine.sentence_spans(masked)
    words = engine.roster_words(roster)

    def kind_of(token: str) -> str:
        return engine.token_kind(token, words, lower_names, model.words)

    engine.clear_cache()
    reader = engine._reader(model, words, lower_names)  # (reads common words without token_kind)
    one_at_a_time = [
        i for i, (start, end) in enumerate(spans)
        if considers(masked[start:end])
        and model.flag_probability(features(masked[start:end], kind_of)) > model.threshold
    ]
    sentences = [masked[start:end] for start, end in spans]
    assert model.flagged(sentences, reader) == one_at_a_time
    assert model.flagged(sentences, reader) == one_at_a_time  # with the words read before
    assert len(one_at_a_time) > 100  # the corpus holds plenty of blame
    # a long text: its tokens found and numbered as arrays, with a fresh reader and again
    every = np.arange(len(spans))
    for _ in range(2):
        arrays = TextArrays.read(masked, spans)
        assert model.flagged_in(arrays, every, reader) == one_at_a_time
        engine.clear_cache()
        reader = engine._reader(model, words, lower_names)
    # some sentences only: the others' tokens are left out, the separators stay right
    chosen = every[1::3]
    assert model.flagged_in(TextArrays.read(masked, spans), chosen, reader) == [
        i for i in one_at_a_time if i % 3 == 1]
    # one sentence at a time: few keys, looked up in the dicts rather than the hash tables
    engine.clear_cache()
    reader = engine._reader(model, words, lower_names)
    assert [i for i, sentence in enumerate(sentences)
            if model.flagged([sentence], reader)] == one_at_a_time


def test_weights_looked_up_in_bulk_or_one_by_one_are_the_same() -> None:
    weights = {key: key / 7.0 for key in range(3, 40_000, 3)}
    table = Lookup(weights)
    keys = np.arange(0, 3 * Lookup._FEW, dtype=np.int64) * 5  # every third key has a weight
    for size in (1, Lookup._FEW - 1, Lookup._FEW, 3 * Lookup._FEW):
        wanted = [weights.get(key, 0.0) for key in keys[:size].tolist()]
        assert table.look(keys[:size]).tolist() == wanted


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12_000), st.integers(0, 12_000), st.integers(0, 2**32))
def test_any_keys_are_looked_up_as_a_dict_looks_them_up(
    size: int, missing: int, seed: int
) -> None:
    # Keys that share a slot wait in the slots after it (a table of more than 4,096 is only a
    # quarter empty): a key is found however far down, and a missing key is told apart from
    # the keys it passes, by as many keys at a time as there are.
    rng = np.random.default_rng(seed)
    keys = np.unique(rng.integers(0, 2**63 - 1, size, dtype=np.int64))
    weights = dict(zip(keys.tolist(), (rng.random(keys.size) + 1).tolist(), strict=True))
    table = Lookup(weights)
    asked = np.concatenate([keys, rng.integers(0, 2**63 - 1, missing, dtype=np.int64)])
    rng.shuffle(asked)
    assert table.look(asked).tolist() == [weights.get(key, 0.0) for key in asked.tolist()]


def test_people_words_hold_every_lower_case_word_read_as_a_person() -> None:
    # The reader takes any other lower-case word as itself without asking token_kind.
    roster = engine.roster_words(("Will Osei", "sam", "Grace Lee"))
    vocabulary = {word for name in TRAINING_SETS for e in load(name)
                  for word in e.text.lower().split() if word.isalpha()}
    vocabulary |= engine.NAMES | engine.ROLES | roster
    for lower_names in (False, True):
        people = engine.people_words(roster, lower_names)
        missing = {w for w in vocabulary
                   if engine.token_kind(w, roster, lower_names) in ("self", "we", "person")
                   and w not in people}
        assert not missing


def test_the_cache_gives_the_same_findings_as_a_cold_check() -> None:
    text = "\n".join(e.text for e in load("chat")[:200])
    engine.clear_cache()
    cold = lint(text)
    warm = lint(text)
    assert [f.to_dict() for f in warm] == [f.to_dict() for f in cold]
    assert any(f.rule == RULE_ID for f in cold)


@pytest.mark.parametrize("question", [
    "What made it hard to check the dashboard before restarting the cluster?",
    "What would have made the missing index visible before the deploy?",
])
def test_questions_about_what_made_it_hard_are_left_alone(question: str) -> None:
    assert not _model_findings(question)


@pytest.mark.parametrize("label", ["Time to acknowledge", "Things to do"])
def test_short_labels_and_cells_are_left_to_the_rules(label: str) -> None:
    assert not _model_findings(label)
    assert not _model_findings(f"| {label} | 9m |")
