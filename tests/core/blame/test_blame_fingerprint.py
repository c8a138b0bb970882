"""A dismissed flag stays dismissed when other parts of the text change."""

from __future__ import annotations

from facilitator.core.blame import LintContext, fingerprint, lint

SENTENCE = "The DBA was careless with the index."


def _print(text: str) -> str:
    [finding] = [f for f in lint(text) if f.rule == "blame-judgment"]
    return finding.fingerprint


def test_fingerprint_survives_edits_elsewhere() -> None:
    original = _print(f"Intro line.\n{SENTENCE} Then we restored it.")
    assert _print(SENTENCE) == original
    assert _print(f"A much longer intro, rewritten twice.\n\n{SENTENCE}") == original
    assert _print(f"{SENTENCE}\nWe restored the index at 10:40 and verified it.") == original


def test_fingerprint_ignores_spacing_case_and_punctuation() -> None:
    assert _print("the  DBA was careless with the index!") == _print(SENTENCE)


def test_fingerprint_changes_when_the_sentence_changes() -> None:
    assert _print("The DBA was careless with the backup.") != _print(SENTENCE)


def test_dismissed_fingerprint_filters_only_that_flag() -> None:
    text = f"{SENTENCE} We should have rolled back."
    findings = lint(text)
    assert {f.rule for f in findings} == {"blame-judgment", "counterfactual-we-should-have"}
    dismissed = frozenset({f.fingerprint for f in findings if f.rule == "blame-judgment"})
    # the same dismissal still applies after the document grows
    later = lint("New opening paragraph.\n\n" + text, LintContext(dismissed=dismissed))
    assert [f.rule for f in later] == ["counterfactual-we-should-have"]


def test_fingerprint_is_rule_match_and_sentence() -> None:
    assert fingerprint("r", "A b", "x.") == fingerprint("r", "a  B", "X")
    assert fingerprint("r", "a b", "x") != fingerprint("q", "a b", "x")
    assert len(fingerprint("r", "a", "b")) == 16


def test_cached_and_fresh_results_agree() -> None:
    from facilitator.core.blame.engine import clear_cache

    text = "Zorbex missed the page. We should have rolled back.\nImprove monitoring."
    context = LintContext(roster=("Zorbex",))
    warm = lint(text, context)
    clear_cache()
    assert lint(text, context) == warm
    # the same sentence under another roster is not served from the cache
    assert [f.rule for f in lint(text)] == [
        "counterfactual-we-should-have", "vague-improve"
    ]
    # an edit elsewhere moves offsets but keeps the flags and their fingerprints
    edited = lint("Intro. " + text, context)
    assert [f.fingerprint for f in edited] == [f.fingerprint for f in warm]
    assert [f.start - 7 for f in edited] == [f.start for f in warm]
