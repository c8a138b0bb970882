"""Live language flags: the panel that lists them and the marks drawn in the text.

The meeting screen lints the focused free-text field in the background and hands the
findings here. Marks are an underline in a muted colour: visible to the facilitator, never an
alarm next to a colleague's name on a shared screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from rich.highlighter import Highlighter
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static, TextArea
from textual.widgets.text_area import Document

FLAG_HIGHLIGHT = "facilitator.flag"
CATEGORY_LABELS = {
    "blame": "judges a person",
    "counterfactual": "hindsight",
    "self_blame": "self-blame",
    "person_action_item": "aimed at a person",
    "vague_action_item": "vague action",
}


KEYS_HINT = "ctrl+r rewrite · ctrl+g keep · f8 next"
NO_REWRITE_HINT = "ctrl+g keep · f8 next"


def keys_hint(finding: Any) -> str:
    """The keys that act on ``finding``: ctrl+r only when the checker offers a rewrite."""
    return KEYS_HINT if finding is not None and rewrite_for(finding) is not None else \
        NO_REWRITE_HINT


class FlagHighlighter(Highlighter):
    """Underlines flagged spans of an ``Input``'s text, for the text they were found in."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], style: Style) -> None:
        self.text = text
        self.spans = list(spans)
        self.style = style

    def highlight(self, text: Text) -> None:
        # Spans found in older text would mark the wrong words; wait for the next lint.
        if text.plain != self.text:
            return
        for start, end in self.spans:
            text.stylize(self.style, start, end)


def rewrite_for(finding: Any) -> str | None:
    """The checker's own replacement words for a flag, or None when it offers none (its
    suggestion is then advice for a person to act on, never text to paste in)."""
    rewrite = getattr(finding, "rewrite", None)
    return None if rewrite is None else str(rewrite)


def flag_style(warning_colour: str | None) -> Style:
    return Style(underline=True, color=warning_colour) if warning_colour else Style(underline=True)


def mark_spans(widget: Input | TextArea, text: str, findings: Sequence[Any], style: Style) -> None:
    """Draw ``findings`` (with char offsets into ``text``) as marks in ``widget``."""
    spans = [(f.start, f.end) for f in findings]
    if isinstance(widget, Input):
        widget.highlighter = FlagHighlighter(text, spans, style)
        widget.refresh()
        return
    # TextArea: use its syntax-highlight map (rows and UTF-8 byte columns) with our own name.
    theme = widget._theme
    if theme is not None:
        theme.syntax_styles[FLAG_HIGHLIGHT] = style
    highlights = widget._highlights
    for row in list(highlights):
        highlights[row] = [h for h in highlights[row] if h[2] != FLAG_HIGHLIGHT]
    document = cast(Document, widget.document)  # (a text area's document is a Document)
    for start, end in spans:
        start_row, start_col = document.get_location_from_index(start)
        end_row, end_col = document.get_location_from_index(end)
        for row in range(start_row, end_row + 1):
            line = document.get_line(row)
            first = start_col if row == start_row else 0
            last = end_col if row == end_row else len(line)
            highlights[row].append(
                (len(line[:first].encode()), len(line[:last].encode()), FLAG_HIGHLIGHT)
            )
    widget._line_cache.clear()
    widget.refresh()


def clear_marks(widget: Input | TextArea) -> None:
    if isinstance(widget, Input):
        if isinstance(widget.highlighter, FlagHighlighter):
            widget.highlighter = None
            widget.refresh()
        return
    for row in list(widget._highlights):
        widget._highlights[row] = [
            h for h in widget._highlights[row] if h[2] != FLAG_HIGHLIGHT
        ]
    widget._line_cache.clear()
    widget.refresh()


class FlagsPanel(VerticalScroll, can_focus=False):
    """The flags of the focused field: the quoted words, why, and a suggested rewrite."""

    DEFAULT_CSS = """
    FlagsPanel {
        width: 34;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $panel;
    }
    FlagsPanel #flags-body {
        width: 1fr;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.findings: list[Any] = []
        self.selected = 0
        self.compact = False

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(self._render(), id="flags-body")

    @property
    def current(self) -> Any | None:
        """The finding the rewrite and keep keys act on."""
        if not self.findings:
            return None
        return self.findings[min(self.selected, len(self.findings) - 1)]

    def show(self, findings: Sequence[Any]) -> None:
        self.findings = list(findings)
        self.selected = min(self.selected, max(0, len(self.findings) - 1))
        self._update()

    def select_next(self) -> None:
        if self.findings:
            self.selected = (self.selected + 1) % len(self.findings)
            self._update()

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self._update()

    def _update(self) -> None:
        if self.is_mounted:
            self.query_one("#flags-body", Static).update(self._render())

    def _render(self) -> Content:
        count = len(self.findings)
        if self.compact:
            return self._render_compact()
        title = Content.styled(f"Language flags ({count})", "bold")
        if not self.findings:
            return Content("\n").join(
                [title, Content.styled("Nothing to flag in this field.", "$text-muted")]
            )
        parts: list[Content] = [title]
        for index, finding in enumerate(self.findings):
            marker = "▸ " if index == self.selected else "  "
            label = CATEGORY_LABELS.get(finding.category, finding.category)
            # User text stays plain: built with Content(), never parsed as markup.
            parts.append(Content(""))
            head = Content(f"{marker}“{finding.text}”")
            parts.append(head.stylize("bold") if index == self.selected else head)
            parts.append(Content.styled(f"  {label}: ", "$text-muted") + Content(finding.message))
            if finding.suggestion:
                parts.append(Content.styled("  try: ", "$text-muted") + Content(finding.suggestion))
            rewrite = rewrite_for(finding)
            if rewrite is not None and index == self.selected:
                parts.append(Content.styled("  ctrl+r writes: ", "$text-muted")
                             + Content(f"“{rewrite}”"))
        parts.append(Content(""))
        parts.append(Content.styled(keys_hint(self.current), "$text-muted"))
        return Content("\n").join(parts)

    def _render_compact(self) -> Content:
        # Narrow screens: the selected flag in full, the others by their words only.
        count = len(self.findings)
        finding = self.current
        if finding is None:  # (no findings)
            return Content.styled("Language flags: none in this field.", "$text-muted")
        label = CATEGORY_LABELS.get(finding.category, finding.category)
        head = (Content.styled(f"Flags ({count}) ", "bold") + Content(f"▸“{finding.text}”")
                + Content.styled(f"  {keys_hint(finding)}", "$text-muted"))
        parts = [head, Content.styled(f"{label}: ", "$text-muted") + Content(finding.message)]
        rewrite = rewrite_for(finding)
        if rewrite is not None:  # the concrete words beat the advice when space is short
            parts.append(Content.styled("ctrl+r writes: ", "$text-muted") + Content(f"“{rewrite}”"))
        elif finding.suggestion:
            parts.append(Content.styled("try: ", "$text-muted") + Content(finding.suggestion))
        others = [f"“{f.text}”" for f in self.findings if f is not finding]
        if others:
            parts.append(Content.styled("also: ", "$text-muted") + Content(", ".join(others)))
        return Content("\n").join(parts)

    def describe(self) -> str:
        """The panel as plain text (for tests and screen readers)."""
        return self._render().plain
