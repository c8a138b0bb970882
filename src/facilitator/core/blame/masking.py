"""Hide quoted text, code and links from the blame rules, keeping every offset.

People quote blame in order to discuss it ("someone said "who pushed this?" and we ..."), and
log lines or code spans are not anyone's words. Masking replaces what is inside the quotes with
spaces, so a match can never start there, while the text keeps its length and its newlines:
an offset in the masked text is the same offset in the original.
"""

from __future__ import annotations

import re

# (a character that must occur for the pattern to matter, the pattern). Group 2 is the part to
# hide. Quotes must close within one paragraph and a bounded length, so a stray inch mark (5")
# does not mask the rest of the document. A quote's content cannot hold its closing mark, so
# the first closing mark is the only one that can end it: the content is read possessively
# ({1,400}+), never tried again a character shorter. Every pattern starts with a literal
# character so the regex engine can skip ahead to it: what opens only at the start of a line
# opens with the line break before it (the text is searched with one put in front), since a
# pattern opening with ^ is tried at every character.
_MASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # fenced code in plain text (Markdown is handled by its parser first)
    # (fences open only at the start of a line, so a line of backticks is scanned once)
    ("```", re.compile(r"\n[ \t]{0,3}(```)[^\n]*\n((?:.*\n)*?)[ \t]*```")),
    ("~~~", re.compile(r"\n[ \t]{0,3}(~~~)[^\n]*\n((?:.*\n)*?)[ \t]*~~~")),
    # inline code: a run of one to three backticks, closed by the same run (a longer run of
    # backticks is never an opener, so a pasted wall of them cannot make this slow). "No
    # backtick before the run" is checked after its first backtick, (?<!``), so the pattern
    # starts with a literal and the engine jumps from backtick to backtick.
    ("`", re.compile(r"(`(?<!``)`{0,2})(?!`)((?:[^`\n]|\n(?!\s*\n)){1,400}+)(?<!`)\1(?!`)")),
    ('"', re.compile(r'(")((?:[^"\n]|\n(?!\s*\n)){1,400}+)"')),
    # (the content may not hold another opening mark, so a run of marks fails at once)
    ("\u201c", re.compile(r"(\u201c)((?:[^\u201c\u201d\n]|\n(?!\s*\n)){1,400}+)\u201d")),
    ("\u00ab", re.compile(r"(\u00ab)([^\u00ab\u00bb\n]{1,400}+)\u00bb")),
    # 'single quotes' and curly singles only when they open after a space or bracket and close
    # before a non-letter, so the apostrophes in "Maria's" and "don't" are left alone
    ("'", re.compile(r"(')(?<![^\s(\[]')([^'\n]{1,200}+)'(?![A-Za-z])")),
    ("\u2018", re.compile(
        r"(\u2018)(?<![^\s(\[]\u2018)([^\u2018\u2019\n]{1,200}+)\u2019(?![A-Za-z])"
    )),
    # chat-style quoted lines ("> who pushed this?")
    (">", re.compile(r"\n([ \t]*>)([^\n]*)")),
    # links: a URL is not prose
    ("://", re.compile(r"(https?://)([^\s)>\]]+)")),
)


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str) -> str:
    """``text`` with every character but newlines turned into a space (same length)."""
    if "\n" not in text:
        return " " * len(text)
    return _NOT_NEWLINE.sub(" ", text)


def mask_quotes_and_code(text: str) -> str:
    """Return ``text`` with quoted passages, code spans, quoted lines and URLs blanked out.

    The result has the same length and the same newlines as ``text``; the quote characters
    themselves stay, so sentence boundaries are unchanged.
    """
    current = "\n" + text  # (the line break the patterns for a line's start open with)
    for marker, pattern in _MASKS:
        if marker not in current:
            continue
        pieces: list[str] = []
        last = 0
        for match in pattern.finditer(current):
            start, end = match.span(2)
            if start == end:
                continue
            pieces.append(current[last:start])
            pieces.append(blank(current[start:end]))
            last = end
        if pieces:
            pieces.append(current[last:])
            current = "".join(pieces)
    return current[1:]
