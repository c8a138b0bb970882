"""The Textual app: home screen, meeting screen, help, themes and the command palette."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from facilitator.core.agenda import PRESET_TITLES, MeetingClock
from facilitator.ui.control_chars import show_control_characters

if TYPE_CHECKING:  # (for the annotation: the app imports the meeting screen where it opens one)
    from facilitator.ui.screens.meeting import MeetingScreen

HIGH_CONTRAST = Theme(
    name="facilitator-high-contrast",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#FFD700",
    warning="#FFAF00",
    error="#FF8787",
    success="#5FFF5F",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    boost="#262626",
    dark=True,
    variables={
        "text-muted": "#D0D0D0",
        "border": "#FFFFFF",
        "input-selection-background": "#005F87",
        "footer-key-foreground": "#FFD700",
    },
)


def styles_dir() -> Path:
    """``styles/`` of a checkout, else the copy packaged inside the wheel."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "styles", here.parents[1] / "styles"):
        if (candidate / "app.tcss").is_file():
            return candidate
    return here.parents[1] / "styles"


def warm_up() -> None:
    """Import the meeting screen's modules and run the checker once."""
    import facilitator.ui.screens.meeting  # noqa: F401
    from facilitator.core.blame import lint

    lint("Warming up: who pushed this?")


class FacilitatorApp(App[None]):
    """The meeting app; ``archive`` is an open ``facilitator.store.archive.Archive``.

    Instead of an archive, ``open_archive`` may be given: it is called in a worker thread
    after the first screen is painted (the database libraries take a while to import), and
    ``app.archive`` waits for it. If it fails, the app exits and ``startup_error`` holds why.
    """

    TITLE = "facilitator"
    CSS_PATH = str(styles_dir() / "app.tcss")
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        archive: Any = None,
        open_target: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        open_archive: Callable[[], Any] | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        export_dir: Path | None = None,
    ) -> None:
        show_control_characters()  # typed escape sequences must never reach the terminal
        super().__init__()
        self._archive = archive
        self._open_archive = open_archive
        self._archive_ready = threading.Event()
        if archive is not None:
            self._archive_ready.set()
        self.startup_error: BaseException | None = None
        self._background_started = False
        self.open_target = open_target
        self.clock = clock
        self.today = today
        self.now = now
        self.export_dir = export_dir or Path.cwd()

    @property
    def archive(self) -> Any:
        """The open archive (waiting for it if it is still being opened)."""
        if not self._archive_ready.is_set():
            self._archive_ready.wait(60)
        if self._archive is None:
            raise RuntimeError(f"the archive could not be opened: {self.startup_error}")
        return self._archive

    @property
    def archive_ready(self) -> bool:
        return self._archive_ready.is_set() and self._archive is not None

    def get_default_screen(self) -> Screen[Any]:
        # Home is the base screen itself: no empty default screen to compose and paint first.
        from facilitator.ui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.open_target:
            self.open_postmortem(self.open_target)
            self.start_background()

    def start_background(self) -> None:
        """Called once the home screen is painted: open the archive (if asked to) and compile
        the checker's patterns while the user reads it, so nothing waits on them later."""
        if self._background_started:
            return
        self._background_started = True
        self.run_worker(self._prepare_in_background, thread=True, exit_on_error=False)

    def _prepare_in_background(self) -> None:
        if not self._archive_ready.is_set() and self._open_archive is not None:
            try:
                self._archive = self._open_archive()
            except Exception as error:  # the archive's own errors carry a message and hint
                self.startup_error = error
                self._archive_ready.set()
                self.call_from_thread(self.exit, None, 2)
                return
            self._archive_ready.set()
            self.call_from_thread(self._archive_opened)
        warm_up()

    def _archive_opened(self) -> None:
        from facilitator.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.load_drafts()

    # --- opening post-mortems ---------------------------------------------------------------

    def _meeting_screen(self) -> MeetingScreen | None:
        from facilitator.ui.screens.meeting import MeetingScreen

        return next((s for s in self.screen_stack if isinstance(s, MeetingScreen)), None)

    def _leave_meeting(self) -> None:
        from facilitator.ui.screens.home import HomeScreen

        meeting = self._meeting_screen()
        if meeting is not None:
            meeting.save_now()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def open_postmortem(self, pm_id: str) -> None:
        """Load ``pm_id`` from the archive and show it in the meeting screen."""
        try:
            pm = self.archive.load(pm_id)
            state = self.archive.load_meeting_state(pm.id)
        except Exception as error:
            hint = getattr(error, "hint", "")
            self.notify(f"Could not open {pm_id}: {error}. {hint}".strip(), severity="warning",
                        markup=False, timeout=8)
            return
        try:
            clock = MeetingClock.from_dict(state or {}, clock=self.clock)
        except Exception:  # a damaged timer state should not keep the work closed
            clock = MeetingClock(clock=self.clock)
        if not state:
            clock.start()
        form = state.get("form") if isinstance(state, dict) else None
        self._show_meeting(pm, clock, form)

    def new_postmortem(self, preset: str = "standard") -> None:
        """Start an empty post-mortem; it reaches the archive with its first change."""
        from facilitator.core.model import PostMortem

        clock = MeetingClock(preset, clock=self.clock)
        clock.start()
        self._show_meeting(PostMortem(), clock)
        self.notify(f"{PRESET_TITLES.get(preset, preset)} started. f1 shows the keys.",
                    timeout=4)

    def _show_meeting(self, pm: Any, clock: MeetingClock, form: Any = None) -> None:
        from facilitator.ui.screens.meeting import MeetingScreen

        self._leave_meeting()
        self.push_screen(MeetingScreen(pm, clock, form))

    # --- actions ------------------------------------------------------------------------

    def action_help(self) -> None:
        from facilitator.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        meeting = self._meeting_screen()
        if meeting is not None and meeting.dirty:
            meeting.save_now()
        self.exit()

    def action_home(self) -> None:
        self._leave_meeting()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "The keys and a guide to running the meeting (f1)",
                            self.action_help)
        for preset, title in PRESET_TITLES.items():
            yield SystemCommand(f"New post-mortem: {title}", "Start an empty post-mortem",
                                lambda preset=preset: self.new_postmortem(preset))
        yield SystemCommand("Home", "Save and go to the home screen", self.action_home)
        from facilitator.ui.screens.home import HomeScreen

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is not None:
            yield SystemCommand("Open the archive", "Browse archived post-mortems",
                                home.action_open_archive)
            yield SystemCommand("Import a Markdown file", "Read a post-mortem into the archive",
                                home.action_import_markdown)
            yield SystemCommand("Resume the last draft", "Open the draft edited most recently",
                                home.action_resume_last)
            for name, label in (("actions", "Action items across the archive"),
                                ("report", "Learning report")):
                yield SystemCommand(label, f"Open the {name} view",
                                    lambda name=name: home.action_learning(name))
        meeting = self._meeting_screen()
        if meeting is not None and screen is meeting:
            for title, help_text, callback in meeting.commands():
                yield SystemCommand(title, help_text, callback)
