"""The meeting screen: agenda rail, timer, the current stage's editor and the language flags.

It owns three duties the stage editors need not know about: moving between stages, saving
every change to the archive within a second, and linting the focused free-text field.
"""

from __future__ import annotations

import contextlib
import copy
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import (
    Horizontal,
    HorizontalScroll,
    ScrollableContainer,
    Vertical,
    VerticalScroll,
)
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea
from textual.widgets.text_area import Document

from facilitator.core.agenda import STAGE_BY_KEY, STAGE_KEYS, STAGES, MeetingClock, stage_index
from facilitator.core.blame import LintContext, apply_rewrite, lint, load_config
from facilitator.core.model import DismissedFlag, PostMortem
from facilitator.store.recovery import keep_recovery_copy
from facilitator.ui.stages.base import ACTION_ITEM, CHECKED, StageEditor
from facilitator.ui.widgets.agenda_rail import AgendaRail
from facilitator.ui.widgets.flags import (
    FlagsPanel,
    clear_marks,
    flag_style,
    mark_spans,
    rewrite_for,
)
from facilitator.ui.widgets.footer import KeysFooter
from facilitator.ui.widgets.timer import MeetingTimer

SAVE_DELAY = 0.5  # seconds from the first unsaved change to the save; never postponed further
LINT_DELAY = 0.15  # pause in typing before a field is checked
SIMILAR_DELAY = 1.0  # pause in editing before past incidents are looked up again
STATE_EVERY = 15.0  # seconds between saves of the timers while the meeting runs


def field_text(widget: Widget) -> str:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    return ""


def build_editor(key: str, pm: PostMortem, screen: MeetingScreen) -> Widget:
    """The editor for one stage (each module is imported when its stage is first shown)."""
    if key == "prepare":
        from facilitator.ui.stages.prepare import PrepareEditor

        return PrepareEditor(pm)
    if key == "opening":
        from facilitator.ui.stages.opening import OpeningEditor

        return OpeningEditor(pm)
    if key == "timeline":
        from facilitator.ui.stages.timeline import TimelineEditor

        return TimelineEditor(pm)
    if key in ("went_well", "went_poorly", "takeaways"):
        from facilitator.ui.stages.lists import ListsEditor

        return ListsEditor(pm, section=key)
    if key == "analysis":
        from facilitator.ui.stages.analysis import AnalysisEditor

        return AnalysisEditor(pm)
    if key == "actions":
        from facilitator.ui.stages.actions import ActionsEditor

        return ActionsEditor(pm)
    if key == "wrapup":
        from facilitator.ui.stages.wrapup import WrapupEditor

        app: Any = screen.app
        return WrapupEditor(pm, today=app.today(), directory=app.export_dir)
    raise KeyError(key)


class MeetingScreen(Screen[None]):
    """One post-mortem, one stage at a time."""

    AUTO_FOCUS = None  # the stage editor decides, once mounted
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+n", "next_stage", "Next", priority=True),
        Binding("ctrl+b", "previous_stage", "Back", priority=True),
        Binding("ctrl+r", "apply_rewrite", "Rewrite", priority=True),
        Binding("ctrl+g", "dismiss_flag", "Keep", priority=True),
        Binding("f8", "next_flag", "Next flag", priority=True, show=False),
        # Before the panel toggles: on an 80-column footer it is still visible.
        Binding("f5", "toggle_similar", "Similar", priority=True),
        Binding("f4", "toggle_timer", "Pause", priority=True),
        Binding("f2", "toggle_rail", "Agenda", priority=True),
        Binding("f3", "toggle_flags", "Flags", priority=True),
        Binding("f6", "extend_stage", "+5 min", priority=True, show=False),
        Binding("ctrl+s", "save", "Save", priority=True, show=False),
        Binding("f10", "home", "Home", priority=True),
    ]

    def __init__(self, pm: PostMortem, clock: MeetingClock,
                 form: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.pm = pm
        self.clock = clock
        # A half-filled form saved with the meeting state, put back once its stage shows.
        self._form_to_restore = form if isinstance(form, dict) else None
        self.dirty = False
        self._form_seen: dict[str, str] = {}
        self.saved_at: datetime | None = None
        self.last_error = ""
        self.recovery_path: Path | None = None
        self._save_timer: Timer | None = None
        self._lint_timer: Timer | None = None
        self._lint_seq = 0
        self._linted: tuple[Widget, str] | None = None
        self.flag_target: Widget | None = None
        self.findings: list[Any] = []
        self.lint_seconds = 0.0
        self._shown_title: Content | None = None
        self._similar_timer: Timer | None = None
        self._lint_config: Any = None  # facilitator.toml, read once by the first check
        self._similar_key: tuple[Any, ...] | None = None
        # The past-incidents panel, mounted the first time f5 shows it.
        self.similar_panel: Any = None

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(self._title_line(), id="pm-title")
            yield MeetingTimer(self.clock, id="timer")
        with Horizontal(id="body"):
            yield AgendaRail(self.clock, id="rail")
            with Vertical(id="stage"):
                yield Static(id="stage-title")
                yield Vertical(id="stage-host")
            yield FlagsPanel(id="flags")
        yield KeysFooter()

    async def on_mount(self) -> None:
        self.query_one(FlagsPanel).show([])
        self.set_interval(STATE_EVERY, self._save_state_if_running)
        # Catches edits whose Changed event an editor stopped before it reached us.
        self.set_interval(0.25, self._poll_focused)
        await self.show_stage(self.clock.current)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(FlagsPanel).set_compact(event.size.width < 110)

    def _title_line(self) -> Content:
        pm = self.pm
        title = pm.title or "Untitled post-mortem"
        parts = [pm.id or "new", title, str(pm.severity), str(pm.status)]
        line = Content(" · ".join(parts))
        if self.last_error:
            return line + Content.styled("  not saved", "$warning")
        if self.saved_at is not None:
            return line + Content.styled(f"  saved {self.saved_at:%H:%M:%S}", "$text-muted")
        return line

    def refresh_title(self) -> None:
        # Also called while the screen is being taken down (save on unmount).
        line = self._title_line()
        if line == self._shown_title:
            return
        self._shown_title = line
        with contextlib.suppress(NoMatches):
            self.query_one("#pm-title", Static).update(line)

    @property
    def editor(self) -> Widget | None:
        host = self.query_one("#stage-host")
        return host.children[0] if host.children else None

    async def show_stage(self, key: str) -> None:
        """Make ``key`` the current stage and mount its editor."""
        self.clock.go_to(key)
        stage = STAGE_BY_KEY[key]
        number = stage_index(key) + 1
        header = Content.styled(f"{number}/{len(STAGES)} {stage.title}", "bold") + Content(
            f"  {stage.prompt}"
        )
        self.query_one("#stage-title", Static).update(header)
        host = self.query_one("#stage-host")
        await host.remove_children()
        self.flag_target = None
        self._linted = None
        self.query_one(FlagsPanel).show([])
        await host.mount(build_editor(key, self.pm, self))
        form, self._form_to_restore = self._form_to_restore, None
        if form and form.get("stage") == key:
            self.call_after_refresh(self._restore_form, form.get("fields"))
        self.query_one(AgendaRail).refresh_agenda()
        self.query_one(MeetingTimer).refresh_time()
        self.call_after_refresh(self._focus_editor)
        if self.pm.id:
            self.save_state()

    def _restore_form(self, fields: Any) -> None:
        restore = getattr(self.editor, "restore_form_draft", None)
        if restore is not None and isinstance(fields, dict):
            restore(fields)

    def meeting_state(self) -> dict[str, Any]:
        """The timers, and what is typed in a form but not yet in the post-mortem."""
        state = self.clock.to_dict()
        fields: dict[str, str] = {}
        with contextlib.suppress(NoMatches):  # the screen may be coming down
            draft = getattr(self.editor, "form_draft", None)
            fields = draft() if draft is not None else {}
        if fields:
            state["form"] = {"stage": self.clock.current, "fields": fields}
        return state

    def _focus_editor(self) -> None:
        editor = self.editor
        if editor is None:
            return
        if self.focused is not None and editor in self.focused.ancestors:
            return  # the editor chose its own starting field
        # Plain scroll containers are focusable too; start on the first real field.
        containers = (ScrollableContainer, VerticalScroll, HorizontalScroll)
        for widget in self.focus_chain:
            if editor in widget.ancestors and type(widget) not in containers:
                widget.focus()
                if isinstance(widget, Input):
                    # Start at the end of what is there, not with it selected.
                    widget.select_on_focus = False
                    widget.cursor_position = len(widget.value)
                return

    # --- moving between stages ----------------------------------------------------------

    async def action_next_stage(self) -> None:
        index = min(stage_index(self.clock.current) + 1, len(STAGE_KEYS) - 1)
        await self.show_stage(STAGE_KEYS[index])

    async def action_previous_stage(self) -> None:
        index = max(stage_index(self.clock.current) - 1, 0)
        await self.show_stage(STAGE_KEYS[index])

    async def action_go_to(self, key: str) -> None:
        if key in STAGE_BY_KEY:
            await self.show_stage(key)

    async def on_agenda_rail_stage_chosen(self, message: AgendaRail.StageChosen) -> None:
        await self.show_stage(message.key)

    def action_toggle_timer(self) -> None:
        running = self.clock.toggle()
        self.query_one(MeetingTimer).refresh_time()
        self.notify("Timer running" if running else "Timer paused", timeout=2)
        if self.pm.id:
            self.save_state()

    def action_extend_stage(self) -> None:
        self.clock.extend(300)
        self.query_one(MeetingTimer).refresh_time()
        self.query_one(AgendaRail).refresh_agenda()
        self.mark_dirty()

    def action_toggle_rail(self) -> None:
        rail = self.query_one(AgendaRail)
        rail.display = not rail.display

    def action_toggle_flags(self) -> None:
        panel = self.query_one(FlagsPanel)
        panel.display = not panel.display
        similar = self.similar_panel
        if panel.display and similar is not None:
            similar.display = False  # they share a place on screen

    # --- similar past incidents -----------------------------------------------------------

    def _similar_key_now(self) -> tuple[Any, ...]:
        pm = self.pm
        return (pm.id, pm.title, pm.summary, tuple(pm.services), tuple(pm.tags),
                tuple(f.description for f in pm.factors))

    def _similar_source(self) -> tuple[tuple[Any, ...], PostMortem]:
        """What the lookup reads, and a copy of it the worker thread can read safely while
        the editors keep changing the post-mortem."""
        pm = self.pm
        key = self._similar_key_now()
        snapshot = PostMortem(id=pm.id, title=pm.title, summary=pm.summary,
                              services=list(pm.services), tags=list(pm.tags),
                              factors=[copy.copy(f) for f in pm.factors])
        return key, snapshot

    async def action_toggle_similar(self) -> None:
        """Show past incidents like this one in place of the flags panel, or hide them (f5)."""
        from facilitator.ui.widgets.similar import SimilarIncidents

        panel = self.similar_panel
        flags = self.query_one(FlagsPanel)
        if panel is not None and panel.display:
            panel.display = False
            flags.display = True
            return
        key, snapshot = self._similar_source()
        if panel is None:
            self._similar_key = key
            panel = self.similar_panel = SimilarIncidents(snapshot, id="similar")
            await self.query_one("#body").mount(panel)
        else:
            panel.display = True
            if key != self._similar_key:
                self._similar_key = key
                panel.refresh_for(snapshot)
        flags.display = False

    def _similar_changed(self) -> None:
        # Called on every edit: only compare a few fields here; the lookup waits for a pause.
        panel = self.similar_panel
        if panel is None or not panel.display:
            return  # looked up again when shown
        if self._similar_key_now() == self._similar_key:
            return
        if self._similar_timer is not None:
            self._similar_timer.stop()
        self._similar_timer = self.set_timer(SIMILAR_DELAY, self._refresh_similar)

    def _refresh_similar(self) -> None:
        self._similar_timer = None
        panel = self.similar_panel
        if panel is None or not panel.display:
            return
        key, snapshot = self._similar_source()
        if key != self._similar_key:
            self._similar_key = key
            panel.refresh_for(snapshot)

    def action_home(self) -> None:
        self.save_now()
        self.app.pop_screen()

    def commands(self) -> Iterable[tuple[str, str, Any]]:
        """(title, help, callback) for the command palette."""
        yield "Next stage", "Move to the next agenda stage (ctrl+n)", self.action_next_stage
        yield ("Previous stage", "Move to the previous agenda stage (ctrl+b)",
               self.action_previous_stage)
        for number, stage in enumerate(STAGES, 1):
            yield (f"Go to stage {number}: {stage.title}", stage.prompt,
                   lambda key=stage.key: self.action_go_to(key))
        yield "Pause or resume the timer", "Stop or restart the meeting clock (f4)", \
            self.action_toggle_timer
        yield "Add 5 minutes to this stage", "Extend the current timebox (f6)", \
            self.action_extend_stage
        yield "Show or hide the agenda", "Toggle the agenda rail (f2)", self.action_toggle_rail
        yield "Show or hide the flags", "Toggle the language flags panel (f3)", \
            self.action_toggle_flags
        yield ("Seen before: similar past incidents",
               "Show or hide past post-mortems like this one and what they decided (f5)",
               self.action_toggle_similar)
        yield "Apply the suggested rewrite", "Replace the flagged words (ctrl+r)", \
            self.action_apply_rewrite
        yield "Keep the flagged words", "Dismiss the flag; it stays dismissed (ctrl+g)", \
            self.action_dismiss_flag
        yield "Next flag", "Select the next language flag (f8)", self.action_next_flag
        yield "Save now", "Save the draft to the archive (ctrl+s)", self.action_save
        yield "Back to home", "Save and return to the home screen (f10)", self.action_home

    # --- saving -------------------------------------------------------------------------

    def on_stage_editor_changed(self, message: StageEditor.Changed) -> None:
        self.mark_dirty()
        self.refresh_title()
        self._similar_changed()

    def mark_dirty(self) -> None:
        """Remember there is unsaved work; it is saved at most SAVE_DELAY later."""
        self.dirty = True
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._autosave)

    def _autosave(self) -> None:
        self._save_timer = None
        if self.dirty:
            self.save_now()

    def action_save(self) -> None:
        if self.save_now():
            self.notify(f"Saved {self.pm.id}", timeout=2, markup=False)

    def save_now(self) -> bool:
        """Save the post-mortem and the meeting state; False (and a message) on failure."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        archive = self.app.archive  # type: ignore[attr-defined]
        try:
            saved = archive.save(self.pm)
            # Editors hold this very object: copy what the archive assigned into it.
            self.pm.id = saved.id
            for mine, theirs in zip(self.pm.action_items, saved.action_items, strict=False):
                mine.number = theirs.number
            archive.save_meeting_state(self.pm.id, self.meeting_state())
        except Exception as error:  # the archive's errors carry a hint worth showing
            message = str(error) or error.__class__.__name__
            hint = getattr(error, "hint", "")
            # The work must outlive the archive's trouble: keep a copy the user can import.
            self.recovery_path = keep_recovery_copy(self.pm, getattr(archive, "where", None))
            kept = (f"Your work is kept in {self.recovery_path} "
                    "(facilitator import reads it back)." if self.recovery_path else
                    "No recovery copy could be written either: keep the app open.")
            if message != self.last_error:
                self.notify(f"Could not save: {message}. {hint} {kept}".strip(),
                            severity="warning", markup=False, timeout=12)
            self.last_error = message
            self.refresh_title()
            # Try again shortly: a locked archive is usually free a moment later.
            self.mark_dirty() if self.is_mounted else None
            return False
        self.dirty = False
        self.last_error = ""
        if self.recovery_path is not None:  # the archive holds the work again
            self.recovery_path.unlink(missing_ok=True)
            self.recovery_path = None
        self.saved_at = self.app.now()  # type: ignore[attr-defined]
        if self.is_mounted:
            self.refresh_title()
        return True

    def save_state(self) -> None:
        try:
            self.app.archive.save_meeting_state(self.pm.id, self.meeting_state())  # type: ignore[attr-defined]
        except Exception:
            self.mark_dirty()  # the next full save retries both

    def _save_state_if_running(self) -> None:
        if self.clock.running and self.pm.id:
            self.save_state()

    def on_unmount(self) -> None:
        if self.dirty:
            self.save_now()

    # --- live language flags --------------------------------------------------------------

    def _is_checked(self, widget: Widget | None) -> bool:
        return isinstance(widget, Input | TextArea) and widget.has_class(CHECKED)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._is_checked(event.input):
            self._schedule_lint(event.input)
        self._form_typed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._is_checked(event.text_area):
            self._schedule_lint(event.text_area)
        self._form_typed()

    def _form_typed(self) -> None:
        # Typing in a form that is not in the post-mortem yet is work too: save it soon. Only
        # a real change counts; fields filling in as a form mounts are not work.
        draft = getattr(self.editor, "form_draft", None)
        if draft is None:
            return
        with contextlib.suppress(NoMatches):
            fields = draft()
            if fields != self._form_seen:
                self._form_seen = fields
                self.mark_dirty()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self._is_checked(event.widget):
            self._schedule_lint(event.widget, delay=0.0)

    def _poll_focused(self) -> None:
        widget = self.focused
        if not self._is_checked(widget) or widget is None:
            return
        if self._linted != (widget, field_text(widget)) and self._lint_timer is None:
            self._schedule_lint(widget)

    def _schedule_lint(self, widget: Widget, delay: float = LINT_DELAY) -> None:
        if self._lint_timer is not None:
            self._lint_timer.stop()
        # Textual timers need a positive delay.
        self._lint_timer = self.set_timer(max(delay, 0.01), lambda: self._start_lint(widget))

    def lint_context(self, widget: Widget) -> Any:
        pm = self.pm
        roster = [name for name in (*pm.participants, pm.incident_lead, pm.facilitator) if name]
        return LintContext(
            roster=tuple(roster),
            action_item=widget.has_class(ACTION_ITEM),
            dismissed=frozenset(d.fingerprint for d in pm.dismissed),
        )

    def _start_lint(self, widget: Widget) -> None:
        self._lint_timer = None
        if not widget.is_mounted:
            return
        text = field_text(widget)
        self._linted = (widget, text)
        self._lint_seq += 1
        seq, context = self._lint_seq, self.lint_context(widget)

        def work() -> None:
            started = time.perf_counter()
            try:
                findings = lint(text, self._configured(context))
            except Exception:  # a checker bug must never cost the user their typing
                findings = []
            self.lint_seconds = time.perf_counter() - started
            with contextlib.suppress(RuntimeError):  # the app closed while we were checking
                self.app.call_from_thread(self._show_findings, seq, widget, text, findings)

        self.run_worker(work, thread=True, group="lint", exit_on_error=False)

    def _configured(self, context: Any) -> Any:
        """``context`` with facilitator.toml's allowed phrases, disabled rules and roster
        (read in the checking thread, once per meeting screen)."""
        if self._lint_config is None:
            try:
                self._lint_config = load_config()
            except Exception as error:  # a broken file: say so once, check without it
                self._lint_config = False
                with contextlib.suppress(RuntimeError):
                    self.app.call_from_thread(
                        self.notify, f"facilitator.toml is ignored: {error}",
                        severity="warning", timeout=8, markup=False)
        return self._lint_config.apply(context) if self._lint_config else context

    def _show_findings(self, seq: int, widget: Widget, text: str, findings: list[Any]) -> None:
        if seq != self._lint_seq or not widget.is_mounted or field_text(widget) != text:
            return  # stale: newer text is on its way through the checker
        assert isinstance(widget, Input | TextArea)
        self.flag_target = widget
        self.findings = findings
        if findings:
            mark_spans(widget, text, findings, flag_style(self.app.current_theme.warning))
        else:
            clear_marks(widget)
        self.query_one(FlagsPanel).show(findings)

    def _relint_target(self) -> None:
        if self.flag_target is not None:
            self._schedule_lint(self.flag_target, delay=0.0)

    def action_next_flag(self) -> None:
        self.query_one(FlagsPanel).select_next()

    def action_apply_rewrite(self) -> None:
        finding = self.query_one(FlagsPanel).current
        widget = self.flag_target
        if finding is None or widget is None or not widget.is_mounted:
            self.notify("No flag to rewrite here.", timeout=2)
            return
        if rewrite_for(finding) is None:
            advice = f" Suggestion: {finding.suggestion}" if finding.suggestion else ""
            self.notify("No safe rewrite for this flag: rephrase it yourself, or keep it with "
                        f"ctrl+g.{advice}", timeout=8, markup=False)
            return
        text = field_text(widget)
        if text[finding.start:finding.end] != finding.text:
            self._relint_target()  # the text moved on since the check: look again first
            return
        try:
            new_text = apply_rewrite(text, finding)
        except Exception:  # a checker bug must not cost the user their text
            self.notify("The rewrite could not be applied; the text is unchanged.", timeout=4)
            return
        # Replace only what differs, so the cursor, scroll and undo history stay sensible.
        prefix = 0
        limit = min(len(text), len(new_text))
        while prefix < limit and text[prefix] == new_text[prefix]:
            prefix += 1
        suffix = 0
        while (suffix < limit - prefix
               and text[len(text) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]):
            suffix += 1
        inserted = new_text[prefix:len(new_text) - suffix]
        if isinstance(widget, Input):
            widget.value = new_text
            widget.cursor_position = prefix + len(inserted)
        elif isinstance(widget, TextArea):
            document = cast(Document, widget.document)  # (a text area's is a Document)
            widget.replace(inserted, document.get_location_from_index(prefix),
                           document.get_location_from_index(len(text) - suffix))
        self._relint_target()

    def action_dismiss_flag(self) -> None:
        finding = self.query_one(FlagsPanel).current
        if finding is None:
            self.notify("No flag to keep here.", timeout=2)
            return
        if all(d.fingerprint != finding.fingerprint for d in self.pm.dismissed):
            self.pm.dismissed.append(DismissedFlag(
                fingerprint=finding.fingerprint, rule=finding.rule, text=finding.text,
                reason="kept by the facilitator",
            ))
        self.mark_dirty()
        # Show the panel without it at once; the checker confirms a moment later.
        remaining = [f for f in self.findings if f.fingerprint != finding.fingerprint]
        self.findings = remaining
        self.query_one(FlagsPanel).show(remaining)
        self._relint_target()
