"""Hostile text pasted into every text field of the app, through the real app and its Pilot.

Nothing crashes (``[@click=app.quit]`` does not quit, ``[/]`` does not raise), what was pasted
is what the post-mortem and the archive hold, markup is shown as the characters typed, and
no control character the user typed reaches the terminal: NUL and ESC are stored literally
and shown as the symbols ␀ and ␛ (see facilitator/ui/control_chars.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_fixtures import TODAY, FakeClock, paste_text, run, type_text
from faults_support import HOSTILE, big_paste
from textual.widgets import Input, TextArea

from facilitator.core.model import PostMortem
from facilitator.store.archive import Archive
from facilitator.ui.app import FacilitatorApp
from facilitator.ui.screens.meeting import MeetingScreen

# One line holding every hostile kind (Input fields take the first line of a paste).
LINE = " ".join(v for k, v in HOSTILE.items() if k != "lines")
# Several lines, for the multi-line fields.
TEXT = LINE + "\n" + HOSTILE["lines"] + "last line"
assert LINE.splitlines() == [LINE]
# Sequences that would act on a real terminal if they reached it.
LIVE = ("\x1b[2J", "\x1b]0;owned", "\x1b[31m", "\x00", "\x9b")
VISIBLE_MARKUP = "[bold]loud[/bold] [/] [link=https://evil.example]click[/link]"


def same_words(kept: str, pasted: str) -> bool:
    """One-paragraph fields (``LineArea``) turn line breaks into spaces; nothing else changes."""
    return "\n" not in kept and kept.split() == pasted.split()


def screen_output(app: Any) -> tuple[str, str]:
    """What the terminal would receive for the whole screen, and its visible characters."""
    update = app.screen._compositor.render_update(full=True)
    raw = update.render_segments(app.console)
    visible = "\n".join("".join(seg.text for strip in line for seg in strip)
                        for line in update.strips)
    return raw, visible


def assert_safe_screen(app: Any) -> str:
    raw, visible = screen_output(app)
    for sequence in LIVE:
        assert sequence not in raw, f"{sequence!r} reached the terminal"
    return visible


async def fill(pilot: Any, widget: Any, text: str, *, submit: bool = False) -> None:
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.value = ""
    elif isinstance(widget, TextArea):
        widget.clear()
    await paste_text(pilot, text)
    if submit:
        await pilot.press("enter")
        await pilot.pause()


def _app(archive: Archive, tmp_path: Path) -> FacilitatorApp:
    return FacilitatorApp(archive, clock=FakeClock(), today=lambda: TODAY, export_dir=tmp_path)


async def _meeting(pilot: Any) -> MeetingScreen:
    pilot.app.new_postmortem()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


def test_every_prepare_field(archive: Archive, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = _app(archive, tmp_path)
        async with app.run_test(size=(200, 60)) as pilot:
            screen = await _meeting(pilot)
            inputs = list(screen.query_one("#stage-host").query(Input))
            assert len(inputs) >= 15
            for field in inputs:
                await fill(pilot, field, LINE)
                assert field.value == LINE, field.id
            await fill(pilot, screen.query_one("#summary", TextArea), TEXT)
            await pilot.pause(0.3)  # the checker runs on the focused field
            pm = screen.pm
            assert pm.title == pm.incident_lead == pm.facilitator == LINE
            assert pm.participants == pm.services == pm.tags == [LINE.strip()]
            assert pm.summary == TEXT
            for name in ("users_affected", "duration", "slo_breached", "revenue", "notes"):
                assert getattr(pm.impact, name) == LINE
            # Times and time zones that cannot be read are refused with a message.
            assert pm.incident_start is None and pm.timezone == "UTC"
            visible = assert_safe_screen(app)
            assert VISIBLE_MARKUP in visible  # markup shown as typed, in fields and title
            assert "Unknown time zone" in visible
            # Control characters are shown as symbols (here where the field shows them).
            await fill(pilot, screen.query_one("#incident_lead", Input), "\x1b[2J\x00 lead")
            assert pm.incident_lead == "\x1b[2J\x00 lead"
            assert "␛[2J␀ lead" in assert_safe_screen(app)
            assert screen.save_now()
            saved = archive.load(pm.id)
            assert (saved.title, saved.summary, saved.impact.notes) == (LINE, TEXT, LINE)
            assert saved.incident_lead == "\x1b[2J\x00 lead"  # stored literally
            assert app.is_running and isinstance(app.screen, MeetingScreen)

    run(scenario())


def test_opening_timeline_and_lists(archive: Archive, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = _app(archive, tmp_path)
        async with app.run_test(size=(200, 60)) as pilot:
            screen = await _meeting(pilot)
            await screen.show_stage("opening")
            await pilot.pause()
            await fill(pilot, screen.query_one("#statement-edit", TextArea), TEXT)
            assert screen.pm.opening_statement == TEXT
            assert VISIBLE_MARKUP in assert_safe_screen(app)

            await screen.show_stage("timeline")
            await pilot.pause()
            await pilot.press("a")
            await fill(pilot, screen.query_one("#time", Input), LINE, submit=True)
            assert screen.pm.timeline == []  # not a time: refused, with a message
            await fill(pilot, screen.query_one("#time", Input), "14:02")
            await fill(pilot, screen.query_one("#description", TextArea), TEXT)
            await fill(pilot, screen.query_one("#known", TextArea), TEXT, submit=True)
            await pilot.pause()
            assert len(screen.pm.timeline) == 1
            event = screen.pm.timeline[0]
            assert same_words(event.description, TEXT) and same_words(event.known_at_time, TEXT)
            assert "[bold]loud[/bold]" in assert_safe_screen(app)
            # Chat pasted into the paste dialog: proposals are text too.
            screen.query_one("#events").focus()
            await pilot.press("p")
            await pilot.pause()
            await paste_text(pilot, "14:05 ana: " + LINE + "\n14:07 " + HOSTILE["escapes"])
            await pilot.pause(0.3)
            assert_safe_screen(app)
            await pilot.press("escape")
            await pilot.pause()
            assert len(screen.pm.timeline) == 1  # escape adds nothing
            # And the command palette's search field.
            await pilot.press("ctrl+p")
            await pilot.pause()
            await paste_text(pilot, LINE)
            await pilot.pause(0.3)
            assert_safe_screen(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running and app.screen is screen

            for stage, lists in (("went_well", ("went_well", "lucky")),
                                 ("went_poorly", ("went_poorly",)),
                                 ("takeaways", ("takeaways", "lessons"))):
                await screen.show_stage(stage)
                await pilot.pause()
                for name in lists:
                    entry = screen.query_one(f"#{name}").query_one(TextArea)
                    await fill(pilot, entry, TEXT, submit=True)
                    [kept] = getattr(screen.pm, name)
                    assert same_words(kept, TEXT), name
                assert "[bold]loud[/bold]" in assert_safe_screen(app)
            assert screen.save_now()
            saved = archive.load(screen.pm.id)
            assert saved.opening_statement == TEXT
            assert saved.timeline[0].description == screen.pm.timeline[0].description
            assert saved.lessons == screen.pm.lessons and saved.lucky == screen.pm.lucky

    run(scenario())


def test_analysis_actions_and_wrapup(archive: Archive, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = _app(archive, tmp_path)
        async with app.run_test(size=(200, 60)) as pilot:
            screen = await _meeting(pilot)
            await screen.show_stage("analysis")
            await pilot.pause()
            host = screen.query_one("#stage-host")
            areas = [a for a in host.query(TextArea) if a.display]
            assert areas, "no text field in the analysis stage"
            await fill(pilot, areas[0], TEXT, submit=True)  # the problem
            await paste_text(pilot, "why " + TEXT)  # then a why
            await pilot.press("enter")
            await pilot.pause()
            chain = screen.pm.why_chains[0]
            assert same_words(chain.problem, TEXT) and len(chain.whys) == 1
            assert same_words(chain.whys[0], "why " + TEXT)
            factor = host.query_one("#factor", TextArea)
            await fill(pilot, factor, TEXT, submit=True)
            assert same_words(screen.pm.factors[0].description, TEXT)
            assert_safe_screen(app)

            await screen.show_stage("actions")
            await pilot.pause()
            host = screen.query_one("#stage-host")
            await fill(pilot, host.query_one("#description", TextArea), TEXT)
            for name in ("owner", "due", "link"):
                await fill(pilot, host.query_one(f"#{name}", Input), LINE)
            await fill(pilot, host.query_one("#criterion", TextArea), TEXT, submit=True)
            item = screen.pm.action_items[0]
            assert same_words(item.description, TEXT)
            assert same_words(item.success_criterion, TEXT)
            assert item.owner == item.link == LINE and item.due is None
            assert "[bold]loud[/bold]" in assert_safe_screen(app)

            await screen.show_stage("wrapup")
            await pilot.pause()
            path_input = screen.query_one("#export-path", Input)
            for hostile_path in (LINE, str(tmp_path / "a\x00b.md"), "/dev/null/x.md",
                                 str(tmp_path)):
                await fill(pilot, path_input, hostile_path, submit=True)
                await pilot.pause()
                assert app.is_running
            visible = assert_safe_screen(app)
            assert "Exported to" in visible or "Could not write" in visible
            assert screen.save_now()
            saved = archive.load(screen.pm.id)
            assert saved.action_items[0].owner == LINE
            assert saved.why_chains[0].problem == chain.problem

    run(scenario())


def test_home_import_and_archive_search(archive: Archive, tmp_path: Path) -> None:
    archive.save(PostMortem(title=LINE, summary=TEXT))

    async def scenario() -> None:
        app = _app(archive, tmp_path)
        async with app.run_test(size=(200, 60)) as pilot:
            await pilot.pause()
            visible = assert_safe_screen(app)  # the draft's hostile title on the home screen
            assert "[bold]loud[/bold]" in visible
            await pilot.press("i")
            await pilot.pause()
            field = app.screen.query_one("#import-path", Input)
            for hostile_path in (LINE, str(tmp_path / "a\x00b.md"), "/dev/null/x.md"):
                await fill(pilot, field, hostile_path, submit=True)
                assert app.is_running
            assert_safe_screen(app)
            await pilot.press("escape")
            await pilot.pause()
            from facilitator.ui.screens.archive import ArchiveScreen

            app.push_screen(ArchiveScreen())
            await pilot.pause()
            search = [w for w in app.screen.query(Input) if w.display][0]
            for query in ('"', "AND (", "*", "NEAR(", LINE):
                await fill(pilot, search, query)
                await pilot.pause(0.3)
                assert app.is_running
            assert_safe_screen(app)

    run(scenario())


@pytest.mark.slow
def test_a_one_megabyte_paste(archive: Archive, tmp_path: Path) -> None:
    big = big_paste()

    async def scenario() -> None:
        app = _app(archive, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _meeting(pilot)
            await fill(pilot, screen.query_one("#title", Input), big)
            await fill(pilot, screen.query_one("#summary", TextArea), big)
            await type_text(pilot, "!")
            await pilot.pause(0.5)
            assert screen.pm.summary == big + "!"
            assert screen.pm.title == big.splitlines()[0]
            assert screen.save_now()
            assert archive.load(screen.pm.id).summary == big + "!"
            assert_safe_screen(app)

    run(scenario())
