"""Markdown documents: what is skipped, which lines are action items, ignore comments, and
positions in the original file."""

from __future__ import annotations

from facilitator.core.blame import LintContext, lint_markdown

DOC = """\
---
title: We should have rolled back
tags: [human error]
---
# Checkout outage

## Summary

The deploy failed at 14:02 and the error rate reached 41%.
At 14:05 Maria ran the migration. The DBA was careless
with the index, and we should have
rolled back sooner.

> who pushed this? (quoted from chat)

```
human error: operator ignored the alert
```

    indented code: why didn't you check?

Inline `operator error` is code, and so is [a link](https://x/careless-human-error).

## Action items

- Improve monitoring.
- Add an alert on pool usage above 80% (owner: Ana, due: 2026-05-01, success: pages in load test)
- Review the alerting story for checkout

| action | owner | due | success criterion |
|---|---|---|---|
| Alert on p99 above 1.5 s | Platform team | 2026-05-02 | synthetic slow-down pages |
| Remind Tom to double-check | Kofi | | |

## Lessons

Reviews of the alerting story for checkout happen every quarter, led by Ana.
"""


def _where(findings):
    return [(f.line, f.column, f.rule, f.text) for f in findings]


def test_front_matter_code_quotes_and_links_are_skipped() -> None:
    findings = lint_markdown(DOC)
    lines = {f.line for f in findings}
    assert not lines & {2, 3, 13, 16, 19, 21}


def test_prose_findings_point_into_the_original_file() -> None:
    findings = lint_markdown(DOC)
    by_rule = {f.rule: f for f in findings}
    judgment = by_rule["blame-judgment"]
    assert (judgment.line, judgment.column) == (10, 35)
    assert judgment.text == "The DBA was careless"
    counterfactual = by_rule["counterfactual-we-should-have"]
    assert (counterfactual.line, counterfactual.column) == (11, 21)
    assert (counterfactual.end_line, counterfactual.end_column) == (12, 7)
    assert DOC[counterfactual.start:counterfactual.end] == counterfactual.text


def test_action_item_section_lists_and_tables() -> None:
    found = _where(lint_markdown(DOC))
    assert (26, 3, "vague-improve", "Improve monitoring.") in found
    # the fully specified item is clean
    assert not [f for f in found if f[0] == 27]
    # an action-only rule applies under the heading but not to prose in "Lessons"
    assert (28, 3, "vague-action-head", "Review the alerting story for checkout") in found
    assert not [f for f in found if f[0] == 37]
    # table rows: a team owner, a person-aimed item, missing date and criterion
    assert (32, 30, "item-team-owner", "Platform team") in found
    row = {f[2] for f in found if f[0] == 33}
    assert {"person-remind", "item-no-due-date", "item-no-success-criterion"} <= row
    assert "item-no-owner" not in row


def test_a_bare_imperative_line_counts_as_an_action_item() -> None:
    text = "Some prose here.\n\nReview the alerting story for checkout.\n"
    assert [f.rule for f in lint_markdown(text)] == ["vague-action-head"]


def test_ignore_comment_skips_the_next_block() -> None:
    text = "<!-- facilitator-ignore -->\nThe DBA was careless.\n\nHe was careless too.\n"
    assert [f.line for f in lint_markdown(text)] == [4]


def test_ignore_comment_at_line_end_skips_that_line_only() -> None:
    text = "He was careless. <!-- facilitator-ignore -->\nShe was careless.\n"
    assert [f.line for f in lint_markdown(text)] == [2]


def test_ignore_comment_for_named_rules() -> None:
    text = (
        "<!-- facilitator-ignore counterfactual -->\n"
        "He was careless and we should have rolled back.\n"
    )
    assert [f.category for f in lint_markdown(text)] == ["blame"]


def test_ignore_comment_before_a_table_skips_the_whole_table() -> None:
    text = (
        "## Action items\n\n<!-- facilitator-ignore -->\n"
        "| action | owner |\n|---|---|\n| Improve monitoring | SRE team |\n"
    )
    assert lint_markdown(text) == []


def test_ignore_file() -> None:
    text = "The DBA was careless.\n<!-- facilitator-ignore-file -->\n"
    assert lint_markdown(text) == []
    text = "The DBA was careless. We should have known.\n<!-- facilitator-ignore-file blame -->\n"
    assert [f.category for f in lint_markdown(text)] == ["counterfactual"]


def test_roster_and_dismissals_work_in_markdown() -> None:
    text = "# Notes\n\nZorbex missed the page.\n"
    assert lint_markdown(text) == []
    [finding] = lint_markdown(text, LintContext(roster=("Zorbex",)))
    assert (finding.line, finding.column) == (3, 1)
    dismissed = frozenset({finding.fingerprint})
    assert lint_markdown("# Notes, longer\n\nIntro.\n\n" + text[8:],
                         LintContext(roster=("Zorbex",), dismissed=dismissed)) == []


def test_headings_and_plain_facts_are_clean() -> None:
    text = "# Root cause\n\n## Contributing factors\n\nWill restarted the pods at 09:12.\n"
    assert lint_markdown(text) == []


def test_action_table_checks_only_the_action_cell_and_not_headers() -> None:
    text = (
        "## Follow-ups\n\n"
        "| ID | Follow-up | Owner | Due | Kind | Success criterion |\n"
        "|---|---|---|---|---|---|\n"
        "| A1 | Alert on p99 above 1.5 s | Lena Vogt | 2026-03-20 | prevent recurrence | pages |\n"
        "| A2 | Improve monitoring | Sam | 2026-03-21 | improve detection | pages |\n"
    )
    found = [(f.line, f.rule, f.text) for f in lint_markdown(text)]
    assert found == [(6, "vague-improve", "Improve monitoring")]


def test_an_inline_owner_ends_at_its_sentence() -> None:
    # "on-call" in the criterion is not part of the owner, who is a person
    text = ("## Action items\n\n- Add a DKIM probe. Owner: Grace Okafor. Due: 2026-10-25. "
            "Done when: deleting the record pages on-call.\n"
            "- Add a bounce alert. Owner: Platform team. Due: 2026-11-01. Done when: it pages.\n")
    owners = [f.text for f in lint_markdown(text) if f.rule == "item-team-owner"]
    assert owners == ["Platform team"]


def test_an_item_led_by_its_owner_has_one() -> None:
    text = ("## Action items\n\n"
            "- Leilani Kahale: set the editor's default format to v4. Due 2026-11-15. "
            "Done when all maps are v4.\n"
            "- [ ] Mark Jensen: add the 3.2 image to the simulator. Due: 2026-11-29. "
            "Done when: it reproduces the stop.\n"
            "- Platform team: add a probe. Due 2026-12-01. Done when it pages.\n"
            "- Fix: add a probe. Due 2026-12-01. Done when it pages.\n")
    found = [(f.line, f.rule) for f in lint_markdown(text) if f.rule.startswith("item-")]
    # a team leading the item is a team owner; a label ("Fix") is no owner at all
    assert found == [(5, "item-team-owner"), (6, "item-no-owner")]


def test_done_when_needs_no_colon() -> None:
    text = ("## Action items\n\n- Add a bounce alert. Owner: Ana Lima. Due 2026-11-01. "
            "Done when a test bounce pages on-call.\n")
    assert not [f for f in lint_markdown(text) if f.rule == "item-no-success-criterion"]


def test_fields_written_in_a_row_are_read() -> None:
    text = ("## Action items\n\n"
            "- **Spread the gate's pods** - Kofi Boateng - 2025-02-18 - Done when a drain works.\n"
            "- **Alert on zero endpoints** (Sofia Marchetti, 2025-02-21). Done when it pages.\n"
            "- **Alert on zero endpoints** - the gateway - 2025-02-21 - Done when it pages.\n")
    found = [(f.line, f.rule) for f in lint_markdown(text) if f.rule.startswith("item-")]
    assert found == [(5, "item-no-owner")]


def test_bold_field_labels_and_items_already_done() -> None:
    text = ("## Action items\n\n"
            "- Disk alert at 80%. **Owner:** Mark Jansen · **Due:** 18 Sep · "
            "**Done when:** a test alert pages on-call\n"
            "- Retry batch default raised to 500. Owner: Grace Whitfield. Done 12 Mar.\n"
            "- Probe for DKIM. **Owner:** Platform team · **Due:** 18 Sep · "
            "**Done when:** it pages\n")
    found = [(f.line, f.rule, f.text) for f in lint_markdown(text) if f.rule.startswith("item-")]
    assert found == [(5, "item-team-owner", "Platform team")]
