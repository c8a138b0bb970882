"""A long text is read as arrays (``text_arrays``): its words and the sentence model's tokens
are found for the whole text at once. What it finds must be what the regular expressions find
sentence by sentence, and a check must give the same findings either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from facilitator.core.blame import LintContext, engine, lint, lint_markdown
from facilitator.core.blame.masking import mask_quotes_and_code
from facilitator.core.blame.pattern_words import WORD
from facilitator.core.blame.sentence_model import TOKEN, _pieces, shipped
from facilitator.core.blame.text_arrays import TextArrays, sentence_bounds, word_keys

from .corpus_io import DOCUMENT_SETS, HELD_OUT_SETS, TRAINING_SETS, documents, load

# Pieces that make the hard cases: names and words beyond ASCII, capitals that lower-case
# to ASCII ("K", the Kelvin sign) or to two characters ("İ"), digits beyond ASCII, joiners,
# marks, quotes and code, table cells, list items, sentence ends and NUL.
PIECES = [
    "Priya", "ignored", "the", "alert", "Will", "Zoë", "İlker", "Kelvin", "Sun-hee",
    "Okafor", "Redis", "S3", "p99", "follow-up", "sign-off", "on-call-", "re_run",
    "O'Neil", "don't", "she", "SHE", "They", "ops", "we", "should", "have", "known",
    "human", "error", "who", "pushed", "this", "improve", "monitoring", "careless",
    "café", "naïve", "٣", "²", "502s", "14:05", "2024-06-04", "on-call", "_x", "a-", "’s",
    "?", "!", ":", ". ", ", ", "\n", "\n- ", "| ", "—", "…", '"quoted blame"',
    "`code`", "\x00", "  ",
]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join)
# Pieces run together, with runs of word characters too long for one sentence: a sentence
# over 600 characters without a space is cut inside a word, and the word with it.
LONG_RUNS = ["x" * 700, "2024-06-04" * 80, "Zoë" * 250, "ab1_-" * 150]
run_together = st.lists(st.sampled_from([*PIECES, *LONG_RUNS]), max_size=12).map("".join)


def _arrays(text: str) -> tuple[str, list[tuple[int, int]], TextArrays]:
    masked = mask_quotes_and_code(text)
    spans = engine.sentence_spans(masked)
    return masked, spans, TextArrays.read(masked, spans)


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, run_together))
@example("Priya " + "x" * 700 + " ignored 12ab" + "2024-06-04" * 80 + "?")
def test_tokens_are_those_of_the_model_s_expression_sentence_by_sentence(text: str) -> None:
    masked, spans, arrays = _arrays(text)
    starts, ends = arrays.tokens()
    found = [masked[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    assert found == [t for s, e in spans for t in TOKEN.findall(masked[s:e])]
    # each ASCII token keyed as its lower-case word is
    plain = [i for i, token in enumerate(found) if token.isascii()]
    assert arrays.keys(starts[plain], ends[plain]).tolist() == word_keys(
        [found[i].lower() for i in plain]).tolist()


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, run_together))
@example("Priya " + "x" * 700 + " ignored " + "Zoë" * 250)
def test_words_are_the_rules_words_that_are_ascii(text: str) -> None:
    masked, spans, arrays = _arrays(text)
    lowered = masked.lower()
    if len(lowered) != len(masked):
        return  # (such a text is read sentence by sentence)
    starts, ends = arrays.words()
    found = [lowered[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    assert found == [w for s, e in spans for w in WORD.findall(lowered, s, e) if w.isascii()]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_lower_case_sentences_are_those_lower_leaves_alone(text: str) -> None:
    masked, spans, arrays = _arrays(text)
    assert arrays.lower_case().tolist() == [masked[s:e].lower() == masked[s:e]
                                            for s, e in spans]


ROSTERS = [(), ("Priya Raman", "Will Osei", "Sun-hee Park", "Zoë", "grace")]


def _numbers_both_ways(text: str, roster: tuple[str, ...], lower: bool) -> None:
    """The sentence model's number for each token, read as arrays and as strings (each
    with a reader that has read nothing yet): the same."""
    masked, spans, arrays = _arrays(text)
    model = shipped()
    assert model is not None
    words = engine.roster_words(roster)
    engine.clear_cache()
    starts, ends, _ = arrays.token_spans
    by_arrays = engine._reader(model, words, lower).numbers_at(arrays, starts, ends)
    engine.clear_cache()
    # (no token runs over a space; a NUL would read as the model's separator)
    joined = " ".join(masked[s:e] for s, e in spans).replace("\x00", " ")
    by_strings = engine._reader(model, words, lower).numbers(_pieces(joined))
    assert by_arrays.tolist() == by_strings.tolist()


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(ROSTERS), st.booleans())
def test_the_model_numbers_tokens_the_same_as_arrays_or_as_strings(
    text: str, roster: tuple[str, ...], lower: bool
) -> None:
    _numbers_both_ways(text, roster, lower)


@pytest.mark.parametrize("roster", ROSTERS)
@pytest.mark.parametrize("lower", [False, True])
def test_the_corpus_is_numbered_the_same_as_arrays_or_as_strings(
    roster: tuple[str, ...], lower: bool
) -> None:
    text = "\n".join(e.text for name in TRAINING_SETS + HELD_OUT_SETS for e in load(name))
    _numbers_both_ways(text.lower() if lower else text, roster, lower)


def test_words_of_the_corpus_get_keys_of_their_own() -> None:
    words = sorted({w.lower() for name in HELD_OUT_SETS for e in load(name)
                    for w in WORD.findall(e.text) if w.isascii()})
    assert len(words) > 1000
    assert len(set(word_keys(words).tolist())) == len(words)


CONTEXTS = [
    LintContext(),
    LintContext(roster=("Priya Raman", "Will Osei", "Sun-hee Park", "Zoë")),
    LintContext(action_item=True),
]


def _both_ways(monkeypatch: pytest.MonkeyPatch, check, text: str) -> None:  # noqa: ANN001
    """``check(text)`` read sentence by sentence, as arrays all at once, and as arrays in
    parts of 700 characters: the same findings."""
    found = []
    for long_text, part in ((10 ** 9, engine._PART), (0, engine._PART), (0, 700)):
        monkeypatch.setattr(engine, "_LONG_TEXT", long_text)
        monkeypatch.setattr(engine, "_PART", part)
        engine.clear_cache()
        found.append([vars(f) for f in check(text)])
    assert found[0] == found[1] == found[2]


@settings(max_examples=150, deadline=None)
@given(texts, st.sampled_from(CONTEXTS), st.booleans())
def test_a_check_finds_the_same_read_as_arrays_or_sentence_by_sentence(
    text: str, context: LintContext, chat: bool
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both_ways(monkeypatch, lambda t: lint(t, context), text.lower() if chat else text)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, min_size=1, max_size=40).map("\n".join), st.booleans())
def test_each_finding_s_line_and_column_count_the_line_breaks_before_it(
    text: str, long: bool
) -> None:
    # (the line breaks are counted once for all the findings, from one to the next)
    text = text * (1 + 8000 // (len(text) + 1)) if long else text
    for finding in lint(text, LintContext(roster=("Priya",))):
        for offset, line, column in ((finding.start, finding.line, finding.column),
                                     (finding.end, finding.end_line, finding.end_column)):
            assert line == text.count("\n", 0, offset) + 1
            assert column == offset - text.rfind("\n", 0, offset)


@pytest.mark.parametrize("split", DOCUMENT_SETS)
def test_documents_give_the_same_findings_either_way(
    split: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths: list[Path] = documents(split)
    whole = "\n\n".join(path.read_text(encoding="utf-8") for path in paths)
    # plus blame the rules and the model find, in prose and in chat
    blame = "\n".join(e.text for e in load("dev") if e.label != "clean")
    for text in (whole, blame, blame.lower()):
        for context in CONTEXTS:
            _both_ways(monkeypatch, lambda t, c=context: lint(t, c), text)
    _both_ways(monkeypatch, lint_markdown, whole)


# What makes sentences hard to tell apart: titles before names, stops and what may close a
# sentence after them, cell edges, line breaks, and spaces beyond ASCII.
SENTENCE_PIECES = [
    "Mr.", "Mrs.", "aMr.", "éDr.", "Prof.", "vs.", "VS.", "St.", "Ms", " ", "  ", "\n", "|",
    ".", "!", "?", "…", '"', "”", "’", ")", "]", "*", "_", "word", "Zoë", "\u2028", "\xa0",
    "\x1c", "\t", "\r", "x.y", "3.5", "..", "?!",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=40).map("".join))
def test_sentences_found_as_arrays_are_those_of_the_expression(text: str) -> None:
    starts, ends = sentence_bounds(text)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == [
        m.span() for m in engine._SENTENCE.finditer(text)]


def _spans_by_expression(masked: str) -> list[tuple[int, int]]:
    """What ``sentence_spans`` gives: the expression's sentences, the longest cut."""
    return [part for m in engine._SENTENCE.finditer(masked) for part in (
        engine._cut(masked, *m.span()) if m.end() - m.start() > engine._LONGEST_SENTENCE
        else (m.span(),))]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*SENTENCE_PIECES, "x" * 700, "a " * 400]), max_size=40)
       .map("".join))
def test_a_long_text_is_split_as_a_short_one_is_in_parts_of_any_size(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(engine, "_LONG_TEXT", 0)
        for part in (engine._PART, 30, 1):
            monkeypatch.setattr(engine, "_PART", part)
            assert engine.sentence_spans(text) == _spans_by_expression(text)


def test_the_documents_are_split_the_same_either_way() -> None:
    for split in DOCUMENT_SETS:
        masked = mask_quotes_and_code("\n\n".join(
            path.read_text(encoding="utf-8") for path in documents(split)))
        assert len(masked) >= engine._LONG_TEXT
        assert engine.sentence_spans(masked) == _spans_by_expression(masked)


def test_only_one_character_grows_when_lower_cased() -> None:
    # (a text holding it is lowered sentence by sentence, never read as arrays)
    assert [c for c in map(chr, range(0x110000)) if len(c.lower()) != 1] == [
        engine._LONGER_WHEN_LOWERED]


def _looked_for(sentence: str) -> frozenset[str]:
    return engine._LOOKED_FOR.intersection(
        w for w in WORD.findall(sentence.lower()) if w.isascii())


def _plans_both_ways(sentences: list[str]) -> None:
    """The patterns planned for each sentence as bits for all at once
    (``_planned_sentences_in``) are those ``_patterns_for`` gives it alone."""
    text = "\n".join(sentences)
    spans = engine.sentence_spans(text)
    by_bits = engine._planned_sentences_in(TextArrays.read(text, spans))
    one_by_one = [(i, mask) for i, (s, e) in enumerate(spans)
                  if (mask := engine._patterns_for(_looked_for(text[s:e]), False))]
    assert by_bits == one_by_one


@st.composite
def needy_sentences(draw: st.DrawFn) -> str:
    """Words that meet some of one pattern's needs (and perhaps all), among other words."""
    rule, i = draw(st.sampled_from(engine._PATTERNS))
    needs = engine._COMPILED[rule].needs
    groups = [needs.pattern_words[i] or engine._COMPILED[rule].triggers,
              *({word} for word in needs.required[i]), *needs.clauses[i]]
    words = [draw(st.sampled_from(sorted(group))) for group in groups
             if draw(st.integers(0, 5))]  # (now and then a need left unmet)
    words += draw(st.lists(st.sampled_from(engine._LOOKED_FOR_WORDS[1:]), max_size=4))
    return " ".join(draw(st.permutations(words)))


@settings(max_examples=300, deadline=None)
@given(st.lists(needy_sentences(), min_size=1, max_size=6))
def test_patterns_planned_as_bits_are_those_planned_from_the_words(
    sentences: list[str],
) -> None:
    _plans_both_ways(sentences)


def test_the_corpus_is_planned_the_same_as_bits_or_from_the_words() -> None:
    _plans_both_ways([e.text for name in TRAINING_SETS + HELD_OUT_SETS for e in load(name)])
