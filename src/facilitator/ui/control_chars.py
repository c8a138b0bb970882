"""Control characters in user text are shown as visible symbols, never sent to the terminal.

Post-mortem text is kept exactly as typed, pasted or imported (NUL and ESC included), but a
terminal escape sequence inside it must not reach the real terminal when it is displayed: on a
shared screen ``ESC [2J`` would clear it and ``ESC ]0;...`` retitle the window. Textual and Rich
already drop a few control characters (BEL, BS, VT, FF, CR) when text becomes ``Content`` or
``Text``; ``show_control_characters`` extends both of their tables so the others are shown as
the Unicode "control pictures" (``␛`` for ESC, ``␀`` for NUL; ``�`` for C1 codes). Each takes
one cell, like the character it stands for would, so text widths stay predictable.
"""

from __future__ import annotations

# Tab and newline are layout; Textual and Rich already remove BEL, BS, VT, FF and CR.
_KEPT = {0x09, 0x0A, 0x07, 0x08, 0x0B, 0x0C, 0x0D}
PICTURES: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code not in _KEPT},
    0x7F: "\u2421",
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
}


def show_control_characters() -> None:
    """Make every ``Content`` and ``Text`` created from now on show control characters as
    symbols (idempotent; it changes the translation tables the two libraries share)."""
    import rich.control
    import textual.content

    for table in (textual.content._CONTROL_STRIP_TRANSLATE, rich.control._CONTROL_STRIP_TRANSLATE):
        table.update(PICTURES)  # type: ignore[attr-defined,arg-type]
