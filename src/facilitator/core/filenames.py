"""File names made from post-mortem ids and titles, safe on every platform.

A title is user text and an id may come from an imported file, so neither is trusted: the
name keeps only letters, digits and single dashes (no ``/``, ``\\``, ``..``, leading dots, or
control characters), avoids the names Windows reserves (``CON``, ``NUL``, ``COM1``, ...) and
stays well under the 255-byte limit of common file systems. ``inside`` then checks that the
final path really is in the chosen folder.

    export_file_name("PM-2026-0007", "Checkout outage!")  # 'PM-2026-0007-checkout-outage.md'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

__all__ = ["export_file_name", "inside", "slug", "RESERVED_NAMES"]

# Device names Windows reserves, with or without an extension, in any case.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}
    | {f"com{n}" for n in "0123456789¹²³"}
    | {f"lpt{n}" for n in "0123456789¹²³"}
)
MAX_TITLE_CHARS = 60  # of the title part: enough to recognise the file in a listing
MAX_NAME_BYTES = 200  # the whole name in UTF-8; file systems allow 255
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ID_PART = re.compile(r"[^A-Za-z0-9]+")


def slug(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """Lower-case letters and digits of ``text`` joined by single dashes, at most ``limit``
    characters; ``""`` when nothing is left."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    # Combining marks alone would leave stray accents: drop them after decomposition.
    decomposed = unicodedata.normalize("NFD", normal)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    joined = _NOT_WORD.sub("-", unicodedata.normalize("NFC", letters)).strip("-")
    return joined[:limit].strip("-")


def _fit(stem: str) -> str:
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES - 8:
        stem = stem[:-1]
    return stem.strip("-")


def export_file_name(pm_id: str, title: str, suffix: str = ".md") -> str:
    """``<id>-<title slug><suffix>``, or ``post-mortem<suffix>`` when both are empty."""
    id_part = _ID_PART.sub("-", pm_id).strip("-")[:40]
    stem = _fit("-".join(part for part in (id_part, slug(title)) if part)) or "post-mortem"
    if stem.split(".")[0].casefold() in RESERVED_NAMES:
        stem = f"{stem}-post-mortem"
    return stem + suffix


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing (``ValueError``) a name that would leave ``folder``."""
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise ValueError(f"the file name {name!r} would leave the folder {folder}")
    return target
