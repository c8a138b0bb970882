"""Home: start a post-mortem, resume a draft, open the archive, import a Markdown file."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.core.agenda import PRESETS
from facilitator.ui.widgets.footer import KeysFooter

PRESET_BUTTONS = {"standard": "Standard", "quick": "Quick", "deep-dive": "Deep dive"}

# Views that read the whole archive; imported when opened (they pull in the database).
LEARNING_SCREENS: dict[str, tuple[str, str]] = {
    "archive": ("facilitator.ui.screens.archive", "ArchiveScreen"),
    "actions": ("facilitator.ui.screens.actions", "ActionsScreen"),
    "report": ("facilitator.ui.screens.report", "ReportScreen"),
}


def learning_screen(name: str) -> type[Screen[Any]]:
    module_name, class_name = LEARNING_SCREENS[name]
    screen: type[Screen[Any]] = getattr(importlib.import_module(module_name), class_name)
    return screen


def edited_ago(moment: Any, now: datetime) -> str:
    """``just now``, ``5 min ago``, ``3 h ago``, else the date."""
    if not isinstance(moment, datetime):
        return str(moment or "")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.astimezone()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return moment.strftime("%Y-%m-%d")


def summary_line(summary: Any, now: datetime) -> Content:
    title = summary.title or "Untitled post-mortem"
    parts = [summary.id, title, str(summary.severity)]
    parts.append(f"edited {edited_ago(getattr(summary, 'updated_at', None), now)}")
    return Content("  ·  ".join(parts))


class ImportScreen(ModalScreen[str | None]):
    """Ask for a Markdown file; import it into the archive; dismiss with the new id."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Import a Markdown post-mortem", classes="form-heading")
            yield Input(placeholder="path/to/post-mortem.md", id="import-path")
            yield Static("", id="import-message", markup=False)
            yield Static("Enter to import, Escape to cancel", classes="muted")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        message = self.query_one("#import-message", Static)
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip():
            message.update("Type the path of a Markdown file.")
            return
        try:
            pm_id = import_markdown(self.app.archive, path)  # type: ignore[attr-defined]
        except ValueError as error:
            message.update(str(error))
            return
        self.dismiss(pm_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def import_markdown(archive: Any, path: Path) -> str:
    """Read ``path`` as a post-mortem, save it as a new draft; ``ValueError`` says what failed."""
    from facilitator.core.markdown_import import from_markdown

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"No file at {path}.") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder; give a Markdown file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"Could not read {path}: {error}") from None
    try:
        pm = from_markdown(text)
    except Exception as error:  # any parser complaint becomes a message, not a traceback
        raise ValueError(f"{path} is not a post-mortem we can read: {error}") from None
    try:
        return str(archive.save(pm).id)
    except Exception as error:
        hint = getattr(error, "hint", "")
        raise ValueError(f"Could not save to the archive: {error}. {hint}".strip()) from None


# The most recent drafts only: an archive can hold thousands.
DRAFTS_SHOWN = 30


class HomeScreen(Screen[None]):
    """Where the app starts."""

    BINDINGS = [
        Binding("n", "new('standard')", "New"),
        Binding("k", "new('quick')", "Quick"),
        Binding("d", "new('deep-dive')", "Deep dive"),
        Binding("r", "resume_last", "Resume last"),
        Binding("a", "open_archive", "Archive"),
        Binding("i", "import_markdown", "Import"),
        Binding("t", "learning('actions')", "Actions"),
        Binding("p", "learning('report')", "Report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[Any] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home"):
            yield Static("facilitator", id="home-title")
            yield Static("Run a blameless post-mortem: a timed agenda, calm language flags, "
                         "Markdown for the wiki and an archive to learn from.", id="home-intro")
            yield Static("Start a new post-mortem", classes="form-heading")
            with Horizontal(classes="button-row", id="presets"):
                for key, preset in (("n", "standard"), ("k", "quick"), ("d", "deep-dive")):
                    minutes = sum(PRESETS[preset].values())
                    yield Button(f"{PRESET_BUTTONS[preset]} {minutes} min ({key})",
                                 id=f"new-{preset}", compact=True)
            yield Static("Resume a draft", classes="form-heading")
            yield Static("", id="resume-hint")
            yield Static("More", classes="form-heading")
            with Horizontal(classes="button-row", id="more"):
                yield Button("Archive (a)", id="open-archive", compact=True)
                yield Button("Import .md (i)", id="import", compact=True)
                yield Button("Actions (t)", id="open-actions", compact=True)
                yield Button("Report (p)", id="open-report", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load_drafts()
        # Heavy work (the database libraries, the checker) starts after the first paint.
        self.call_after_refresh(self.app.start_background)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        self.load_drafts()

    def load_drafts(self) -> None:
        if not self.app.archive_ready:  # type: ignore[attr-defined]
            self.query_one("#resume-hint", Static).update(
                Content.styled("Opening the archive…", "$text-muted"))
            self.query_one("#new-standard", Button).focus()
            return
        found = self.query("#drafts")
        if found:
            listing = found.first(OptionList)
        else:
            # Made once the archive is open: the first paint has no list to lay out.
            listing = OptionList(id="drafts")
            self.query_one("#home").mount(listing, after="#resume-hint")
        listing.clear_options()
        now = self.app.now()  # type: ignore[attr-defined]
        try:
            # One more than shown tells whether older drafts exist without counting them all.
            drafts = list(self.app.archive.drafts(limit=DRAFTS_SHOWN + 1))  # type: ignore[attr-defined]
        except Exception as error:
            self.notify(f"Could not read the archive: {error}", severity="warning",
                        markup=False)
            drafts = []
        more = len(drafts) > DRAFTS_SHOWN
        drafts = drafts[:DRAFTS_SHOWN]
        self.drafts = drafts
        for summary in drafts:
            listing.add_option(Option(summary_line(summary, now), id=summary.id))
        hint = self.query_one("#resume-hint", Static)
        if drafts:
            last = drafts[0]
            hint.update(Content("Press r to resume the last one: ")
                        + Content(last.title or last.id) + Content(", or pick one below.")
                        + Content(" Older drafts are in the archive (a)." if more else ""))
            listing.display = True
            listing.highlighted = 0
        else:
            hint.update(Content.styled("No drafts yet. Start one above.", "$text-muted"))
            listing.display = False
        self.query_one("#new-standard", Button).focus() if not drafts else listing.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("new-"):
            self.action_new(button.removeprefix("new-"))
        elif button == "open-archive":
            self.action_open_archive()
        elif button == "import":
            self.action_import_markdown()
        elif button == "open-actions":
            self.action_learning("actions")
        elif button == "open-report":
            self.action_learning("report")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_postmortem(event.option.id)  # type: ignore[attr-defined]

    def action_new(self, preset: str) -> None:
        self.app.new_postmortem(preset)  # type: ignore[attr-defined]

    def action_resume_last(self) -> None:
        if self.drafts:
            self.app.open_postmortem(self.drafts[0].id)  # type: ignore[attr-defined]
        else:
            self.notify("No drafts to resume.", timeout=2)

    def action_open_archive(self) -> None:
        self.action_learning("archive")

    def action_learning(self, name: str) -> None:
        self.app.push_screen(learning_screen(name)())

    def action_import_markdown(self) -> None:
        def imported(pm_id: str | None) -> None:
            if pm_id:
                self.app.open_postmortem(pm_id)  # type: ignore[attr-defined]

        self.app.push_screen(ImportScreen(), imported)

