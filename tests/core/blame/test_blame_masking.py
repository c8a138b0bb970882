"""Quotes and code are masked before matching, and offsets stay those of the original."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.blame import LintContext, lint
from facilitator.core.blame.masking import mask_quotes_and_code


def test_masking_keeps_length_newlines_and_quote_marks() -> None:
    text = 'He said "who pushed this?"\nthen `rm -rf` and “my fault” and Maria\'s change.'
    masked = mask_quotes_and_code(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert "who pushed" not in masked and "rm -rf" not in masked and "my fault" not in masked
    assert "Maria's change" in masked
    assert masked.count('"') == 2 and "“" in masked and "”" in masked


def test_apostrophes_do_not_open_quotes() -> None:
    text = "don't panic, it's Tom's 'careless' phrase and Ana's"
    masked = mask_quotes_and_code(text)
    assert "don't" in masked and "Tom's" in masked and "Ana's" in masked
    assert "careless" not in masked


def test_quoted_blame_is_not_flagged_but_the_rest_is() -> None:
    text = 'Someone wrote "he was careless" in chat. Later Tomás was careless too.'
    findings = lint(text)
    assert [f.text for f in findings] == ["Tomás was careless"]
    assert findings[0].start == text.index("Tomás")


def test_curly_quotes_code_spans_fences_and_quoted_lines() -> None:
    assert not lint("The note said “this was human error” and we discussed why.")
    assert not lint("The log read `operator error` at 10:02.")
    assert not lint("```\nwho pushed this?\n```\nThe job then retried.")
    assert not lint("> why didn't you roll back?\nThe facilitator rephrased it.")
    assert not lint("See https://wiki.example/human-error-was-the-cause for the old page.")


def test_an_unclosed_quote_does_not_hide_the_rest() -> None:
    text = 'The rack is 19" wide.\n\nThe DBA was careless.'
    assert [f.text for f in lint(text)] == ["The DBA was careless"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab \n.\"'`“”’>?!") + [
    "careless ", "we should have rolled ", "Tom ", "ignored ", "my fault ", "Improve monitoring"
]), max_size=40).map("".join))
def test_any_text_gives_findings_inside_the_text(text: str) -> None:
    for finding in lint(text, LintContext(roster=("Tom",), action_item=True)):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert finding.line >= 1 and finding.column >= 1


def test_pathological_inputs_stay_fast() -> None:
    """Walls of quote marks, backticks or brackets must not make matching quadratic (a test
    that would hang, not a timing assertion)."""
    from facilitator.core.blame import lint_markdown

    for text in (
        "`" * 30000 + " who pushed this",
        "\u201c" * 40000 + " careless",
        "[" * 30000 + "](" * 20000,
        "we should have the on call engineer who was careless " * 2000,
    ):
        assert isinstance(lint(text), list)
        assert isinstance(lint_markdown(text), list)
