"""The shipped rule index (what each pattern needs before it can match) and the lazy compile
of the rules' patterns, which together keep the checker's start-up short."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.core.blame import engine, rule_index
from facilitator.core.blame.rules import RULES


def test_the_shipped_index_is_the_one_the_rules_give() -> None:
    # Fails after a rule or the code reading them changed and the file was not written again.
    assert rule_index.INDEX_FILE.read_text(encoding="utf-8") == rule_index.to_json(RULES), (
        "rule_index.json is stale: run .venv/bin/python scripts/index_rules.py"
    )
    assert rule_index.shipped_is_current(RULES)


def test_read_index_equals_a_fresh_analysis() -> None:
    assert rule_index.index(RULES) == [rule_index.analyse(rule) for rule in RULES]


def test_an_edited_rule_makes_the_shipped_index_stale() -> None:
    edited = [replace(RULES[0], patterns=(*RULES[0].patterns, r"\bblamed\b")), *RULES[1:]]
    assert rule_index.digest(edited) != rule_index.digest(RULES)
    assert not rule_index.shipped_is_current(edited)
    assert rule_index.index(edited)[0] == rule_index.analyse(edited[0])
    assert len(rule_index.index(edited)[0].required) == len(RULES[0].patterns) + 1


def test_entries_of_a_stale_index_are_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An index written from other rules: every pattern said to need the word "blame".
    stale = json.loads(rule_index.INDEX_FILE.read_text(encoding="utf-8"))
    for entry in stale["rules"].values():
        entry["required"] = [["blame"] for _ in entry["required"]]
    stale["digest"] = "0" * 64
    path = tmp_path / "rule_index.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(rule_index, "INDEX_FILE", path)
    assert rule_index.index(RULES) == [rule_index.analyse(rule) for rule in RULES]


def test_a_missing_or_broken_index_is_worked_out_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "rule_index.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(rule_index, "INDEX_FILE", broken)
    assert rule_index.index(RULES[:3]) == [rule_index.analyse(rule) for rule in RULES[:3]]
    monkeypatch.setattr(rule_index, "INDEX_FILE", tmp_path / "missing.json")
    assert rule_index.index(RULES[:3]) == [rule_index.analyse(rule) for rule in RULES[:3]]


def test_patterns_are_compiled_only_when_a_sentence_calls_for_them() -> None:
    script = (
        "from facilitator.core.blame import engine, lint\n"
        "print(engine._regex.cache_info().currsize)\n"
        "lint('Priya ignored the alert.')\n"
        "print(engine._regex.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    compiled_at_import, compiled_after_one_sentence = map(int, out)
    patterns = sum(len(rule.patterns) for rule in RULES)
    assert compiled_at_import == 0
    assert 0 < compiled_after_one_sentence < patterns // 4


def test_findings_do_not_depend_on_what_was_compiled_before() -> None:
    text = ("Priya ignored the alert. We should have caught it. Remind Tom to double-check. "
            "The health check failed at 14:05.")
    engine.clear_cache()
    first = engine.lint(text)
    engine._regex.cache_clear()
    engine._patterns_for.cache_clear()
    engine.clear_cache()
    assert engine.lint(text) == first
    assert {f.rule for f in first} >= {"blame-ignored"}
