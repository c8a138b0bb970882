"""Train the blame checker's sentence model on the labelled corpus and write it to the package.

    .venv/bin/python scripts/train_blame_model.py    # about 3 minutes; prints its figures

Training sets: ``corpus_io.TRAINING_SETS``, the development corpus and eight writers' sets
in ``tests/core/blame/corpus``. The held-out sets (``heldout``, ``blind_general``,
``blind_roles``) are never read here. Training is plain Python and deterministic (a fixed
seed, sorted features), so the same corpus gives the same file on any machine.

The threshold is chosen by cross-validation on the training sets alone: each writer's set is
checked by a model trained on everything else, with the rules in front (as in the engine),
and the threshold is the lowest one whose pooled precision stays at or above the target.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "core" / "blame"))

from corpus_io import TRAINING_SETS, Example, load, training_digest  # noqa: E402

from facilitator.core.blame import engine  # noqa: E402
from facilitator.core.blame.finding import CATEGORIES, LintContext, apply_rewrite  # noqa: E402
from facilitator.core.blame.masking import mask_quotes_and_code  # noqa: E402
from facilitator.core.blame.sentence_model import (  # noqa: E402
    MODEL_FILE,
    RULE_ID,
    SentenceModel,
    features,
    vocabulary,
)

PRECISION_TARGET = 0.98
THRESHOLDS = [round(0.50 + 0.02 * i, 2) for i in range(25)]  # 0.50 .. 0.98
EPOCHS = 20
RATE = 0.15
L2 = 1e-5
WITHOUT_MODEL = frozenset({RULE_ID})
MIN_COUNT = 2
REWRITE_WEIGHT = 3


def featurise(example: Example, words: frozenset[str]) -> list[str]:
    """The model's features of a corpus line, found as the engine finds them; ``words`` are
    the lower-case words of the training text (``vocabulary``)."""
    masked = mask_quotes_and_code(example.text)
    roster = engine.roster_words(tuple(example.roster))
    chat = masked.lower() == masked
    return features(masked, lambda token: engine.token_kind(token, roster, chat, words))


def with_rewrites(examples: list[Example]) -> list[Example]:
    """The examples, plus each rule rewrite of a flagged one as a clean example: the same
    content told about the system, so the model learns the difference and not the topic."""
    out = list(examples)
    for example in examples:
        if example.label == "clean":
            continue
        context = LintContext(roster=example.roster, disabled=WITHOUT_MODEL)
        for finding in engine.lint(example.text, context):
            if finding.rewrite is None:
                continue
            fixed = apply_rewrite(example.text, finding)
            if not engine.lint(fixed, context):
                # Counted thrice: a rewrite the checker offers must never be flagged itself.
                out.extend([Example("clean", fixed, example.roster)] * REWRITE_WEIGHT)
    return out


def _adagrad(rows: list[list[str]], targets: list[list[float]], outputs: int,
             seed: int) -> tuple[list[float], dict[str, list[float]]]:
    """Logistic (one output) or softmax (several) regression by AdaGrad, deterministic."""
    bias = [0.0] * outputs
    weights: dict[str, list[float]] = {}
    squares: dict[str, list[float]] = {}
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats = rows[i]
            scores = list(bias)
            for f in feats:
                w = weights.get(f)
                if w is not None:
                    for k in range(outputs):
                        scores[k] += w[k]
            if outputs == 1:
                probs = [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, scores[0]))))]
            else:
                top = max(scores)
                exps = [math.exp(s - top) for s in scores]
                total = sum(exps)
                probs = [e / total for e in exps]
            grads = [p - t for p, t in zip(probs, targets[i], strict=True)]
            for k in range(outputs):
                bias[k] -= RATE * 0.1 * grads[k]
            for f in feats:
                w = weights.setdefault(f, [0.0] * outputs)
                sq = squares.setdefault(f, [0.0] * outputs)
                for k in range(outputs):
                    g = grads[k] + L2 * w[k]
                    sq[k] += g * g
                    w[k] -= RATE * g / math.sqrt(sq[k] + 1e-8)
    return bias, weights


def train(examples: list[Example], threshold: float, digest: str) -> SentenceModel:
    words = vocabulary(e.text for e in examples)
    examples = with_rewrites(examples)
    rows = [featurise(e, words) for e in examples]
    counts = Counter(f for row in rows for f in set(row))
    rows = [sorted({f for f in row if counts[f] >= MIN_COUNT}) for row in rows]
    flag_bias, flag_weights = _adagrad(
        rows, [[float(e.label != "clean")] for e in examples], 1, seed=1)
    blamed = [(row, e) for row, e in zip(rows, examples, strict=True) if e.label != "clean"]
    cat_bias, cat_weights = _adagrad(
        [row for row, _ in blamed],
        [[float(e.label == c) for c in CATEGORIES] for _, e in blamed],
        len(CATEGORIES), seed=2)
    return SentenceModel(
        threshold=threshold,
        flag_bias=round(flag_bias[0], 4),
        flag_weights={f: round(w[0], 4) for f, w in sorted(flag_weights.items())
                      if abs(w[0]) >= 1e-4},
        categories=CATEGORIES,
        category_bias=tuple(round(b, 4) for b in cat_bias),
        category_weights={f: tuple(round(x, 4) for x in w)
                          for f, w in sorted(cat_weights.items())
                          if max(abs(x) for x in w) >= 1e-4},
        trained_on=digest,
        words=words,
    )


def cross_validate(sets: dict[str, list[Example]]) -> float:
    """Leave each writer's set out in turn; print figures; return the chosen threshold."""
    pooled = {t: [0, 0, 0] for t in THRESHOLDS}  # tp, fp, fn
    rules_only = [0, 0, 0]
    for held in sets:
        if held == "dev":
            continue
        training = [e for name, rows in sets.items() if name != held for e in rows]
        model = train(training, 0.5, "cross")
        for example in sets[held]:
            wanted = example.label != "clean"
            ruled = bool(engine.lint(example.text, LintContext(roster=example.roster,
                                                               disabled=WITHOUT_MODEL)))
            p = model.flag_probability(featurise(example, model.words))
            _count(rules_only, ruled, wanted)
            for t in THRESHOLDS:
                _count(pooled[t], ruled or p > t, wanted)
        print(f"  left out {held}: trained on {len(training)}", file=sys.stderr)
    print(f"  rules only: {_figures(rules_only)}", file=sys.stderr)
    chosen = THRESHOLDS[-1]
    for t in THRESHOLDS:
        print(f"  rules + model > {t:.2f}: {_figures(pooled[t])}", file=sys.stderr)
    for t in THRESHOLDS:
        tp, fp, _ = pooled[t]
        if tp / max(1, tp + fp) >= PRECISION_TARGET:
            chosen = t
            break
    print(f"  threshold: {chosen:.2f} (lowest with precision >= {PRECISION_TARGET})",
          file=sys.stderr)
    return chosen


def _count(cell: list[int], flagged: bool, wanted: bool) -> None:
    if flagged and wanted:
        cell[0] += 1
    elif flagged:
        cell[1] += 1
    elif wanted:
        cell[2] += 1


def _figures(cell: list[int]) -> str:
    tp, fp, fn = cell
    return (f"precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, tp + fn):.3f}  "
            f"clean lines flagged {fp}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    sets = {name: load(name) for name in TRAINING_SETS}
    print("cross-validation (each writer's set checked by a model trained without it):",
          file=sys.stderr)
    threshold = cross_validate(sets)
    model = train([e for rows in sets.values() for e in rows], threshold, training_digest())
    args.output.write_text(model.to_json(), encoding="utf-8")
    print(f"wrote {args.output} ({len(model.flag_weights)} flag weights, "
          f"{len(model.category_weights)} category weights, threshold {threshold:.2f})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
