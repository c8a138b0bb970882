"""Reading the labelled sentence corpus (shared by the corpus test and the benchmark)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from facilitator.core.blame.engine import sentence_spans
from facilitator.core.blame.markdown import checked_text
from facilitator.core.blame.sentence_model import considers

CORPUS_DIR = Path(__file__).parent / "corpus"
# Wholly blameless post-mortems, one folder of Markdown files per writer; the last is never
# trained on or read, only counted.
DOCUMENTS_DIR = Path(__file__).parent / "documents"
DOCUMENT_SETS = ("clean_a", "clean_b", "clean_c", "clean_d")
# What the sentence model is trained on: the development corpus, ten writers' sets, and the
# sentences of three writers' blameless documents (all clean).
TRAINING_SETS = ("dev", "chat", "formal", "actions", "spoken", "retro", "tables", "grammar",
                 "industries", "people", "systems", "clean_a", "clean_b", "clean_c")
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
    """The examples of ``split``: a corpus file, or the sentences of a folder of blameless
    documents (each a clean example)."""
    if (DOCUMENTS_DIR / split).is_dir():
        return [Example("clean", sentence, ()) for path in documents(split)
                for sentence in document_sentences(path.read_text("utf-8"))]
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


def documents(split: str) -> list[Path]:
    return sorted((DOCUMENTS_DIR / split).glob("*.md"))


def document_sentences(text: str) -> list[str]:
    """The sentences of a Markdown document that the sentence model reads."""
    masked = checked_text(text)
    sentences = (masked[start:end].strip() for start, end in sentence_spans(masked))
    return [sentence for sentence in sentences if considers(sentence)]


def training_digest() -> str:
    """A digest of the training files; the shipped model records the one it was trained on."""
    digest = hashlib.sha256()
    for name in TRAINING_SETS:
        paths = documents(name) if (DOCUMENTS_DIR / name).is_dir() else [CORPUS_DIR / f"{name}.tsv"]
        for path in paths:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
