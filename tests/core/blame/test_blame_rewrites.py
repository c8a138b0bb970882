"""Rewrites a facilitator accepts with one key: replacement text about the system, made from
the flagged sentence's own words, and None where no rule can write one safely."""

from __future__ import annotations

import dataclasses

import pytest

from facilitator.core.blame import Finding, LintContext, apply_rewrite, lint
from facilitator.core.blame.rewrites import REWRITERS

from .corpus_io import load


def only(text: str, rule: str, roster: tuple[str, ...] = ()) -> Finding:
    findings = [f for f in lint(text, LintContext(roster=roster)) if f.rule == rule]
    assert len(findings) == 1, lint(text)
    return findings[0]


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("blame-who-question", "Who pushed this?", "What in our process let this change go out?"),
        ("blame-who-question", "so who merged the config change?",
         "What in our process let the config change go out?"),
        ("blame-who-question", "Who signed off on this migration?",
         "What in our review process let this migration through?"),
        ("blame-whose-fault", "Whose fault was the expired certificate?",
         "What conditions made this outcome likely?"),
        ("blame-whose-fault", "Whose idea was it to run the migration at peak traffic?",
         "What made it look right to run the migration at peak traffic then?"),
        ("blame-why-you", "Why did you restart the primary?",
         "What made it look right to restart the primary at the time?"),
        ("blame-why-you", "Why didn't you check the dashboard?",
         "What made it hard to check the dashboard at the time?"),
        ("blame-human-error", "The root cause was human error.",
         "The root cause was a gap in the process."),
        ("blame-human-error", "This was a human error.", "This was a gap in the process."),
        ("blame-human-error", "Human error caused the deletion.",
         "A gap in the process caused the deletion."),
        ("blame-should-have", "She should have caught this in review.",
         "What would have helped catch this in review sooner?"),
        ("counterfactual-we-should-have", "We should have caught this.",
         "What would have helped us catch this sooner?"),
        ("counterfactual-we-should-have", "we shouldve just rolled back tbh",
         "What would have helped us roll back sooner?"),
        ("counterfactual-we-should-have", "We should have tested the failover before the peak.",
         "What would have helped us test the failover before the peak?"),
        ("counterfactual-bare-should-have", "shouldve rolled back imo",
         "What would have helped us roll back sooner?"),
        ("self-should-have", "I should have known better.",
         "What would have made this clear at the time?"),
        ("self-should-have", "I should have known the flag was global.",
         "What would have made it clear earlier that the flag was global?"),
        ("self-should-have", "I should have double-checked the region.",
         "What would have helped me double-check the region sooner?"),
        ("counterfactual-avoidable", "This entire incident was avoidable.",
         "What would have helped prevent this entire incident?"),
        ("person-training", "Sarah needs Kubernetes training.",
         "Write a Kubernetes runbook that someone new to Kubernetes can follow"),
        ("person-remind", "Remind Tom to double-check the region before deploys.",
         "Add an automated check of the region before deploys"),
    ],
)
def test_rewrite_replaces_the_sentence_with_a_question_about_the_system(
    rule: str, text: str, expected: str
) -> None:
    finding = only(text, rule)
    assert finding.rewrite is not None
    assert apply_rewrite(text, finding) == expected


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        # a second clause would be cut in half
        ("counterfactual-we-should-have", "We should have caught this, but the alert was muted."),
        # an object that is itself a judgment is not reused
        ("blame-who-question", "Who pushed this garbage?"),
        # a participle whose base form is not known gets no guess
        ("counterfactual-we-should-have", "We should have bulkheaded the workers."),
        # negative hindsight has no plain question form
        ("counterfactual-we-should-have", "We shouldn't have deployed on a Friday."),
        # slang reads badly when replaced word for word
        ("blame-human-error", "Classic layer 8 problem."),
        # the person is named right after the phrase
        ("blame-human-error", "The cause was human error by the DBA."),
        # no topic to write a runbook about
        ("person-training", "Sarah needs more training."),
        # a dashboard is looked at, not checked by a machine
        ("person-remind", "Remind Tom to check the dashboard."),
        ("blame-why-you", "Why did you even touch it?"),
    ],
)
def test_no_rewrite_where_a_rule_cannot_write_one_safely(rule: str, text: str) -> None:
    assert only(text, rule).rewrite is None


def test_rewrite_offsets_point_into_the_whole_text() -> None:
    text = "The deploy went out at 16:55.\n\nWho pushed this? Then the pager fired."
    finding = only(text, "blame-who-question")
    assert text[finding.rewrite_start:finding.rewrite_end] == "Who pushed this?"
    assert apply_rewrite(text, finding) == (
        "The deploy went out at 16:55.\n\nWhat in our process let this change go out? "
        "Then the pager fired."
    )


def test_span_rewrite_keeps_the_rest_of_the_sentence() -> None:
    text = "Incident caused by operator error during routine maintenance."
    finding = only(text, "blame-human-error")
    assert (finding.rewrite_start, finding.rewrite_end) == (finding.start, finding.end)
    assert apply_rewrite(text, finding) == (
        "Incident caused by a gap in the process during routine maintenance."
    )


def test_without_a_rewrite_the_span_defaults_and_apply_changes_nothing() -> None:
    text = "That was really sloppy work."
    finding = only(text, "blame-judgment")
    assert finding.rewrite is None
    assert (finding.rewrite_start, finding.rewrite_end) == (finding.start, finding.end)
    assert apply_rewrite(text, finding) == text


def test_apply_rewrite_refuses_a_span_outside_the_text() -> None:
    finding = only("Who pushed this?", "blame-who-question")
    with pytest.raises(ValueError):
        apply_rewrite("Who?", finding)


def test_finding_stays_constructible_without_the_new_fields() -> None:
    fields = {f.name: 0 for f in dataclasses.fields(Finding) if not f.name.startswith("rewrite")}
    made = Finding(**{**fields, "start": 3, "end": 9, "category": "blame", "rule": "x",
                      "severity": "warning", "message": "", "suggestion": "", "text": "",
                      "fingerprint": ""})
    assert (made.rewrite, made.rewrite_start, made.rewrite_end) == (None, 3, 9)
    assert {"rewrite", "rewrite_start", "rewrite_end"} <= made.to_dict().keys()


def test_every_rewrite_in_the_corpus_reads_clean_and_keeps_the_other_sentences() -> None:
    offered = set()
    for example in load("dev") + load("heldout"):
        context = LintContext(roster=example.roster)
        for finding in lint(example.text, context):
            if finding.rewrite is None:
                continue
            offered.add(finding.rule)
            fixed = apply_rewrite(example.text, finding)
            assert fixed[:finding.rewrite_start] == example.text[:finding.rewrite_start]
            end = finding.rewrite_start + len(finding.rewrite)
            assert fixed[end:] == example.text[finding.rewrite_end:]
            again = [f for f in lint(fixed, context)
                     if f.start < end and f.end > finding.rewrite_start]
            assert again == [], (example.text, fixed, again)
    assert offered == set(REWRITERS)
