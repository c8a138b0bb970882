"""Precision and recall of the checker on the labelled corpus must not fall below what was
reached. ``dev`` is what the rules were tuned on; ``heldout`` was never tuned on: its first
part was written before any rule (first measurement: precision 1.000, recall 0.989), its
second part later, blind (first measurement: precision 1.000, recall 0.926), its third part
in other registers (formal, chat, tables), blind (first measurement: 0.974 / 0.731), its
fourth and fifth parts after later rounds of rules (first measurements: 1.000 / 0.500 and
1.000 / 0.333)."""

from __future__ import annotations

import re

import pytest

from facilitator.core.blame import LintContext, lint
from facilitator.core.blame.lexicon import NAMES

from .corpus_io import LABELS, Example, load

# Floors slightly under the measured figures (benchmarks/bench_blame.py prints them).
FLOORS = {
    "dev": {"precision": 0.99, "recall": 0.975, "category_accuracy": 0.98},  # 1.0 / 0.985
    # 0.995 / 0.887: parts 3-5 (other registers; 4 and 5 written after rule rounds, blind)
    "heldout": {"precision": 0.98, "recall": 0.875, "category_accuracy": 0.98},
}


def score(examples: list[Example]) -> dict[str, float]:
    tp = fp = fn = right_category = 0
    for example in examples:
        findings = lint(example.text, LintContext(roster=example.roster))
        flagged, wanted = bool(findings), example.label != "clean"
        if flagged and wanted:
            tp += 1
            right_category += example.label in {f.category for f in findings}
        elif flagged:
            fp += 1
        elif wanted:
            fn += 1
    return {
        "precision": tp / max(1, tp + fp),
        "recall": tp / max(1, tp + fn),
        "category_accuracy": right_category / max(1, tp),
    }


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_figures_do_not_fall_below_the_floors(split: str) -> None:
    figures = score(load(split))
    for name, floor in FLOORS[split].items():
        assert figures[name] >= floor, f"{split} {name} {figures[name]:.3f} < {floor}"


def test_corpus_has_the_agreed_shape() -> None:
    examples = load("dev") + load("heldout")
    assert len(examples) >= 500
    labels = {e.label for e in examples}
    assert labels == set(LABELS)
    clean = [e for e in examples if e.label == "clean"]
    assert len(clean) / len(examples) >= 0.45
    # Hard negatives: clean sentences holding what a naive checker would flag.
    tempting = re.compile(
        r"\b(?:fail\w*|error\w*|mistake\w*|fault\w*|should|who|why|what|how|human|missed|"
        r"ignored|skipped|careless|blame\w*|caused|root|improve|add|review|broke|"
        r"acknowledged|ran|restarted|deployed|merged|will|grace|mark)\b",
        re.IGNORECASE,
    )
    hard = [
        e for e in clean
        if tempting.search(e.text) or any(w.lower() in NAMES for w in re.findall(r"\w+", e.text))
    ]
    assert len(hard) >= len(clean) / 2
    held = load("heldout")
    assert 0.25 <= len(held) / len(examples) <= 0.40


def test_the_splits_do_not_share_sentences() -> None:
    dev = {e.text.lower() for e in load("dev")}
    assert not dev & {e.text.lower() for e in load("heldout")}
