"""Wrap-up: everything still missing, then export to Markdown and save as final."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from facilitator.core.agenda import STAGE_BY_KEY
from facilitator.core.filenames import export_file_name
from facilitator.core.markdown_export import to_markdown
from facilitator.core.model import PostMortem, Status
from facilitator.core.review import missing
from facilitator.store.private_files import write_private
from facilitator.ui.stages.base import StageEditor
from facilitator.ui.widgets.form import Form


def safe_file_name(pm: PostMortem) -> str:
    """``PM-2026-0007-checkout-outage.md``: id and title, letters, digits and dashes only."""
    # Ids from imported files are not trusted either: see core/filenames.py.
    return export_file_name(pm.id, pm.title)


def gaps_for(pm: PostMortem, today: date) -> list[tuple[str, str]]:
    """(stage title, message) for each gap."""
    return [(STAGE_BY_KEY[g.stage].title if g.stage in STAGE_BY_KEY else g.stage, g.message)
            for g in missing(pm, today)]


class WrapupEditor(StageEditor):
    """The review of gaps, the Markdown export and the final save."""

    def __init__(self, pm: PostMortem, *, today: date | None = None,
                 directory: Path | None = None, **kwargs: object) -> None:
        super().__init__(pm, **kwargs)
        self.today = today or date.today()
        self.directory = directory or Path.cwd()

    def compose(self) -> ComposeResult:
        with Form(classes="form"):
            yield Static("Still missing", classes="form-heading")
            yield Static(self._gaps(), id="gaps")
            yield Static("Export to Markdown", classes="form-heading")
            with Horizontal(classes="form-row"):
                yield Label("File", classes="form-label")
                yield Input(self.default_path(), id="export-path", compact=True)
            with Horizontal(classes="button-row"):
                yield Button("Export Markdown", id="export", compact=True)
                yield Button("Save as final", id="finalise", variant="primary", compact=True)
            yield Static("", id="wrapup-result", markup=False)

    def default_path(self) -> str:
        return str(self.directory / safe_file_name(self.pm))

    def _gaps(self) -> Content:
        gaps = gaps_for(self.pm, self.today)
        if not gaps:
            return Content("Nothing is missing. Export and save when the room agrees.")
        return Content("\n").join(Content(f"• {stage}: {message}") for stage, message in gaps)

    def refresh_gaps(self) -> None:
        self.query_one("#gaps", Static).update(self._gaps())

    def report(self, text: str) -> None:
        self.query_one("#wrapup-result", Static).update(text)

    # --- export -------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "export-path":
            event.stop()
            self.export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.export()
        elif event.button.id == "finalise":
            self.finalise()

    def export(self) -> None:
        """Write the Markdown file, asking first when it would replace one."""
        # An id is needed for the file name and front matter: save before exporting.
        save = getattr(self.screen, "save_now", None)
        if not self.pm.id and save is not None:
            save()
            path_input = self.query_one("#export-path", Input)
            path_input.value = self.default_path()
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.report("Type a file path to export to.")
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.directory / path
        if path.is_dir():
            path = path / safe_file_name(self.pm)
        if path.exists():
            from facilitator.ui.widgets.confirm import ConfirmScreen

            def answered(replace: bool | None) -> None:
                if replace:
                    self._write(path)
                else:
                    self.report("Not exported: the existing file was kept.")

            self.app.push_screen(ConfirmScreen(f"{path} exists. Replace it?"), answered)
            return
        self._write(path)

    def _write(self, path: Path) -> None:
        try:
            write_private(path, to_markdown(self.pm))
        except (OSError, ValueError) as error:  # ValueError: a NUL pasted into the path
            reason = getattr(error, "strerror", None) or str(error)
            self.report(f"Could not write {path}: {reason}. Choose another path.")
            return
        self.exported = path
        self.report(f"Exported to {path}")
        self.app.notify(f"Exported to {path}", markup=False)

    def finalise(self) -> None:
        """Mark the post-mortem final and save it to the archive now."""
        previous = self.pm.status
        self.pm.status = Status.FINAL
        save = getattr(self.screen, "save_now", None)
        if save is not None and not save():
            self.pm.status = previous
            self.report("Not saved; the archive reported a problem (see the message).")
            return
        self.notify_changed()
        self.report(f"Saved {self.pm.id} to the archive as final.")
