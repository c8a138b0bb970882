"""Where a check of the 100 KB post-mortem text spends its time, phase by phase.

    .venv/bin/python benchmarks/blame_phases.py

Each phase is run on its own, with the checker's caches emptied before each run (as in
``bench_blame.py``), and its least CPU time of the runs is printed beside the whole check's:
the least time is the one least disturbed by the rest of the machine. The phases are those of
``engine.run_rules`` for a long text: masking quotes and code, splitting sentences, reading
the text as arrays (``text_arrays``), finding the sentences that hold a rule's trigger word,
running the rules on those, and the sentence model on the sentences no rule flagged. "The
rest" is the whole check less the phases: the loop over the sentences, building the
findings, and what the phases cost one after another (each then starts with the memory
caches the one before left) rather than alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from bench_blame import Timing, big_text, run_once  # noqa: E402

from facilitator.core.blame import engine, lint  # noqa: E402
from facilitator.core.blame.masking import mask_quotes_and_code  # noqa: E402
from facilitator.core.blame.sentence_model import RULE_ID  # noqa: E402
from facilitator.core.blame.text_arrays import TextArrays  # noqa: E402

RUNS = 40


def least_cpu(fn: Callable[[], object]) -> float:
    """The least CPU seconds of ``RUNS`` calls of ``fn``, caches emptied before each."""
    return Timing.of([run_once(fn) for _ in range(RUNS)]).best


def main() -> None:
    text = big_text()
    lint(text)  # compiles the patterns the text calls for, as the app's warm-up does
    masked = mask_quotes_and_code(text)
    spans = engine.sentence_spans(masked)
    bounds = np.array(spans, np.int64).reshape(-1)  # (starts and ends in turn)
    arrays = TextArrays.read(masked, bounds)
    planned = engine._planned_sentences_in(arrays)
    roster = engine.roster_words(())

    def hits(index: int, mask: int) -> tuple[object, ...]:
        plan = engine._plan_of(mask, False, frozenset(), False)
        start, end = spans[index]
        return engine._sentence_hits(masked[start:end], text[start:end], roster, plan)

    def rules() -> None:  # (plans included: a first check works them out)
        for index, mask in planned:
            hits(index, mask)

    findings = lint(text)
    unruled = np.ones(len(spans), bool)
    unruled[[index for index, mask in planned if hits(index, mask)]] = False
    chosen = np.flatnonzero(unruled)

    def model() -> None:  # (on arrays read afresh: a check reads them once, for both uses)
        engine._model_hits_in(TextArrays.read(masked, bounds), chosen, roster, frozenset())

    phases = {
        "mask quotes and code": lambda: mask_quotes_and_code(text),
        "split sentences": lambda: engine._long_sentence_bounds(masked),
        "read the text as arrays": lambda: TextArrays.read(masked, bounds),
        "find trigger words, plan the rules":
            lambda: engine._planned_sentences_in(TextArrays.read(masked, bounds)),
        f"rules on {len(planned)} sentences": rules,
        f"sentence model on {chosen.size} sentences": model,
    }
    read = least_cpu(phases["read the text as arrays"])
    whole = least_cpu(lambda: lint(text))
    model_findings = sum(finding.rule == RULE_ID for finding in findings)
    print(f"one {len(text) // 1000} KB text, {len(spans)} sentences, {len(findings)} findings "
          f"({model_findings} from the sentence model); least CPU time of {RUNS} runs")
    print(f"  {'phase':40} {'ms':>7} {'share':>7}")
    rest = whole
    for name, fn in phases.items():
        spent = least_cpu(fn)
        if name in ("find trigger words, plan the rules",
                    f"sentence model on {chosen.size} sentences"):
            spent -= read  # (each timed with the arrays read first)
        rest -= spent
        print(f"  {name:40} {spent * 1000:7.2f} {spent / whole:7.0%}")
    print(f"  {'the rest (the whole less the above)':40} {rest * 1000:7.2f} {rest / whole:7.0%}")
    print(f"  {'whole check, lint()':40} {whole * 1000:7.2f} {1:7.0%}")


if __name__ == "__main__":
    main()
