"""Each rule alone: one sentence it must flag and one it must leave alone, and switching it
off removes exactly its findings."""

from __future__ import annotations

import pytest

from facilitator.core.blame import RULES, LintContext, lint

# rule id -> (flagged, not flagged, context flags)
CASES: dict[str, tuple[str, str]] = {
    "blame-judgment": ("Olumide was sloppy with the rollout.", "Nobody was careless here."),
    "blame-human-error": ("The cause was operator error.", "The cause was not human error."),
    "blame-failed-to": ("She failed to page the DBA.", "The cron job failed to start."),
    "blame-did-not-bother": ("Henrik forgot the rotation.", "The bot forgot nothing."),
    "blame-ignored": ("The reviewer ignored the warning.", "The proxy ignored the header."),
    "blame-missed": ("The on-call engineer missed the page.", "Checkout skipped the retry queue."),
    "blame-did-not": ("He did not check the replica.", "The script did not check the exit code."),
    "blame-should-have": ("The DBA should have known.", "The alert should have a runbook."),
    "blame-too-slow": ("The on-call engineer took too long.", "The restore took too long."),
    "blame-caused": ("The intern caused the outage.", "The retry storm caused the outage."),
    "blame-mistake": ("The operator made a mistake.", "We found a mistake in the model."),
    "blame-fault": ("It was Kemal's fault.", "It was nobody's fault."),
    "blame-passive": ("The page was ignored by the on-call engineer.",
                      "The page was ignored by the router."),
    "blame-mistakes-were-made": ("Mistakes were made.", "Mistakes in the config were fixed."),
    "blame-who-question": ("Who approved this?", "Who owns the billing alerts?"),
    "blame-whose-fault": ("Whose fault was it?", "Whose dashboard is this?"),
    "blame-why-you": ("Why didn't you roll back?", "Why did the system allow this?"),
    "blame-competence": ("He clearly didn't know what he was doing.",
                         "The runbook did not explain the failover."),
    "self-fault": ("That was my fault.", "My error rate dashboard is up."),
    "self-should-have": ("I should have paged earlier.", "I should have a look later."),
    "self-judgment": ("I messed up the config.", "I fixed the config."),
    "self-lapse": ("I forgot to drain the node.", "I drained the node."),
    "counterfactual-we-should-have": ("We should have rolled back.", "We should add a gate."),
    "counterfactual-bare-should-have": ("Honestly, should've rolled back sooner.",
                                        "Should we roll back sooner?"),
    "counterfactual-if-only": ("If only there were a canary.", "If only to confirm, we reran it."),
    "counterfactual-had-we": ("Had we checked, it would be fine.", "We had checked twice."),
    "counterfactual-if-had": ("If the canary had run, it would have stopped.",
                              "If the canary fails, the rollout stops."),
    "counterfactual-avoidable": ("It was entirely preventable.", "It was not preventable."),
    "counterfactual-should-have-been": ("The change should have been tested.",
                                        "The change should be tested."),
    "person-training": ("Kenji needs more training.", "The model needs more data."),
    "person-send-to-training": ("Send the new hires to security training.",
                                "Send the logs to the vendor."),
    "person-behaviour": ("Ops must be more careful.", "The pipeline must double-check."),
    "person-remind": ("Remind Tom to drain nodes.", "Remind the scheduler to retry."),
    "person-check-before": ("Babajide must test configs in staging before pushing.",
                            "The pipeline must test configs in staging before deploying."),
    "person-make-sure": ("Make sure engineers read the runbook.",
                         "Make sure the pipeline reads the config."),
    "vague-improve": ("Improve monitoring.", "Improve p99 alerting to page at 1.5 s."),
    "vague-investigate": ("Investigate further.", "Investigate the 14:02 spike in pool usage."),
    "vague-never-again": ("Make sure this never happens again.", "Make sure backups run."),
    "vague-be-careful": ("Be more careful.", "Be ready to fail over by 10:00."),
    "vague-action-head": ("Review how retries behave in the client",
                          "Review retry limits so that load stays under 70%"),
}
ACTION_ONLY = {rule.id for rule in RULES if rule.scope == "action"}


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_flags_its_example(rule_id: str) -> None:
    flagged, _ = CASES[rule_id]
    context = LintContext(action_item=rule_id in ACTION_ONLY)
    assert rule_id in {f.rule for f in lint(flagged, context)}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_leaves_its_counter_example_alone(rule_id: str) -> None:
    _, clean = CASES[rule_id]
    context = LintContext(action_item=rule_id in ACTION_ONLY)
    assert rule_id not in {f.rule for f in lint(clean, context)}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_can_be_switched_off_alone(rule_id: str) -> None:
    flagged, _ = CASES[rule_id]
    on = LintContext(action_item=rule_id in ACTION_ONLY)
    off = LintContext(action_item=rule_id in ACTION_ONLY, disabled=frozenset({rule_id}))
    before = [f for f in lint(flagged, on) if f.rule != rule_id]
    after = lint(flagged, off)
    assert rule_id not in {f.rule for f in after}
    # other rules may now report the span this rule had claimed, but none disappear
    assert {f.rule for f in before} <= {f.rule for f in after}


def test_a_whole_category_can_be_switched_off() -> None:
    text = "We should have rolled back. He was careless."
    findings = lint(text, LintContext(disabled=frozenset({"counterfactual"})))
    assert {f.category for f in findings} == {"blame"}


def test_action_only_rule_needs_action_context() -> None:
    text = "Review how retries behave in the client"
    assert not lint(text)
    assert lint(text, LintContext(action_item=True))


def test_every_rule_explains_itself_and_offers_a_rewrite() -> None:
    for rule in RULES:
        assert rule.message.endswith((".", "?")) and len(rule.message) > 20, rule.id
        assert len(rule.suggestion) > 20, rule.id
        assert rule.category in {"blame", "self_blame", "counterfactual", "person_action_item",
                                 "vague_action_item"}


def test_roster_makes_an_unknown_name_a_person() -> None:
    text = "Zorbex missed the alert."
    assert not lint(text)
    findings = lint(text, LintContext(roster=("Zorbex Quill",)))
    assert [(f.rule, f.text) for f in findings] == [("blame-missed", "Zorbex missed")]


@pytest.mark.parametrize("name", ["Will", "Grace", "Mark"])
def test_names_that_are_words(name: str) -> None:
    assert not lint(f"{name} restarted the consumer at 09:12.")
    assert not lint(f"{name} the incident as resolved once the queue drains.")
    assert lint(f"{name} ignored the alert.", LintContext(roster=(name,)))


def test_findings_carry_positions_and_the_matched_text() -> None:
    text = "Timeline ok.\nAt 10:02 the DBA was careless\nagain."
    [finding] = lint(text)
    assert text[finding.start:finding.end] == finding.text == "the DBA was careless"
    assert (finding.line, finding.column) == (2, 10)
    assert (finding.end_line, finding.end_column) == (2, 30)
    assert finding.severity == "warning"


def test_overlapping_rules_give_one_flag() -> None:
    findings = lint("We must be more careful.")
    assert len(findings) == 1
    assert findings[0].category == "person_action_item"


def test_allowlisted_phrase_is_not_flagged() -> None:
    text = "Our runbook calls this operator error handling."
    assert not lint(text)  # "error handling" is not blame
    text = "The team calls it the human error drill."
    assert lint(text)
    assert not lint(text, LintContext(allow=("human error drill",)))


@pytest.mark.parametrize(("text", "flagged"), [
    ("The lease renewal code is careless about threads: it runs inline.", False),
    ("The importer was sloppy with encodings until 2.3.", False),
    ("Tomasz was careless about locks.", True),
    ("That was sloppy work.", True),
])
def test_a_judgment_word_about_a_program_is_a_figure_of_speech(text: str, flagged: bool) -> None:
    assert ("blame-judgment" in [f.rule for f in lint(text)]) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("Why were they evicted?", False),
    ("Why wasn't she paged when the queue backed up?", False),
    ("Why were you so careless?", True),
    ("Why were you not prepared for the failover?", True),
    ("Why was he not watching the alerts?", True),
])
def test_a_passive_why_question_asks_what_happened_to_someone(text: str, flagged: bool) -> None:
    assert ("blame-why-you" in [f.rule for f in lint(text)]) is flagged
