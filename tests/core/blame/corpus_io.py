"""Reading the labelled sentence corpus (shared by the corpus test and the benchmark)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).parent / "corpus"
# What the sentence model is trained on: the development corpus and eight writers' sets.
TRAINING_SETS = ("dev", "chat", "formal", "actions", "spoken", "retro", "tables", "grammar",
                 "industries")
# Never trained or tuned on: the held-out corpus and two sets by other writers, measured blind.
HELD_OUT_SETS = ("heldout", "blind_general", "blind_roles")
LABELS = ("clean", "blame", "self_blame", "counterfactual", "person_action_item",
          "vague_action_item")


@dataclass(frozen=True)
class Example:
    label: str
    text: str
    roster: tuple[str, ...]


def load(split: str) -> list[Example]:
    """The examples of ``split`` ("dev" or "heldout")."""
    examples = []
    for number, line in enumerate((CORPUS_DIR / f"{split}.tsv").read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, text, *rest = line.split("\t")
        if label not in LABELS:
            raise ValueError(f"{split}.tsv:{number}: unknown label {label!r}")
        roster: tuple[str, ...] = ()
        if rest and rest[0].startswith("roster:"):
            roster = tuple(rest[0].removeprefix("roster:").split(","))
        examples.append(Example(label, text, roster))
    return examples


def training_digest() -> str:
    """A digest of the training files; the shipped model records the one it was trained on."""
    digest = hashlib.sha256()
    for name in TRAINING_SETS:
        digest.update((CORPUS_DIR / f"{name}.tsv").read_bytes())
    return digest.hexdigest()[:16]
