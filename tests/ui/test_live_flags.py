"""Language flags while typing: marks in the text, the panel, rewrite and dismissal."""

from __future__ import annotations

import dataclasses
from typing import Any

from app_fixtures import paste_text, run, type_text
from textual.widgets import Input, TextArea

from facilitator.core.blame import Finding, apply_rewrite, lint
from facilitator.core.model import PostMortem
from facilitator.ui.screens import meeting
from facilitator.ui.screens.meeting import MeetingScreen
from facilitator.ui.widgets.flags import FLAG_HIGHLIGHT, FlagHighlighter, FlagsPanel


def saved_pm(archive: Any) -> PostMortem:
    pm = PostMortem(title="Orders", participants=["Priya", "Ben"], incident_lead="Ana",
                    facilitator="Sam")
    return archive.save(pm)


async def settle(pilot: Any) -> None:
    # The check runs after a short pause in typing, in a worker thread.
    await pilot.pause(0.35)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def notices(app: Any) -> list[str]:
    return [notification.message for notification in app._notifications]


def with_rewrite(findings: list[Any], rewrite: str | None) -> list[Any]:
    """The checker's findings, given (or stripped of) a replacement text."""
    fields = {f.name for f in dataclasses.fields(Finding)}
    if "rewrite" in fields:
        return [dataclasses.replace(f, rewrite=rewrite, rewrite_start=f.start,
                                    rewrite_end=f.end) for f in findings]
    if rewrite is None:
        return findings
    # A checker without the field yet: the same finding, carrying the agreed extra fields.
    return [RewritableFinding(**dataclasses.asdict(f), rewrite=rewrite,
                              rewrite_start=f.start, rewrite_end=f.end) for f in findings]


@dataclasses.dataclass(frozen=True)
class RewritableFinding(Finding):
    rewrite: str | None = None
    rewrite_start: int | None = None
    rewrite_end: int | None = None


def test_flags_marked_listed_and_rewritten_in_an_input(make_app: Any, archive: Any,
                                                      monkeypatch: Any) -> None:
    pm = saved_pm(archive)
    replacement = "what in our deploy process let this through"
    monkeypatch.setattr(meeting, "lint",
                        lambda text, context=None: with_rewrite(lint(text, context),
                                                                replacement))

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            title = screen.query_one("#title", Input)
            assert screen.focused is title
            await pilot.press("end")
            await type_text(pilot, ". Who pushed this?")
            await settle(pilot)
            panel = screen.query_one(FlagsPanel)
            assert [f.text.lower() for f in panel.findings] == ["who pushed"]
            assert "who pushed" in panel.describe().lower()
            assert "try:" in panel.describe()
            assert f"ctrl+r writes: “{replacement}”" in panel.describe()
            assert isinstance(title.highlighter, FlagHighlighter)
            start = title.value.lower().index("who pushed")
            assert title.highlighter.spans == [(start, start + len("who pushed"))]
            # The mark is an underline, not an alarm.
            rendered = title._value
            assert any(span.style.underline for span in rendered.spans)
            before, finding = title.value, panel.current
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert title.value == apply_rewrite(before, finding)
            assert title.value == f"Orders. {replacement} this?"
            assert screen.pm.title == title.value
            assert panel.findings == []
        assert archive.load(pm.id).title == f"Orders. {replacement} this?"

    run(scenario())


def test_no_safe_rewrite_leaves_the_text_and_shows_the_advice(make_app: Any, archive: Any,
                                                              monkeypatch: Any) -> None:
    pm = saved_pm(archive)
    monkeypatch.setattr(meeting, "lint",
                        lambda text, context=None: with_rewrite(lint(text, context), None))

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            summary = screen.query_one("#summary", TextArea)
            summary.focus()
            sentence = "Who pushed this? The deploy said 'roll back' twice."
            await paste_text(pilot, sentence)
            await settle(pilot)
            finding = screen.query_one(FlagsPanel).current
            assert finding is not None and finding.text.lower() == "who pushed"
            await pilot.press("ctrl+r")
            await settle(pilot)
            # Nothing scraped from the advice's quotes is pasted in.
            assert summary.text == sentence
            message = notices(app)[-1]
            assert message.startswith("No safe rewrite for this flag")
            assert finding.suggestion and finding.suggestion in message

    run(scenario())


def test_facilitator_toml_is_read_when_checking(make_app: Any, archive: Any, tmp_path: Any,
                                                monkeypatch: Any) -> None:
    pm = saved_pm(archive)
    project = tmp_path / "project"
    project.mkdir()
    (project / "facilitator.toml").write_text('[lint]\nallow = ["human error"]\n',
                                              encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            summary = app.screen.query_one("#summary", TextArea)
            summary.focus()
            await paste_text(pilot, "This was human error. Who pushed this?")
            await settle(pilot)
            # The allowed phrase is not flagged; the rest still is.
            assert [f.text.lower() for f in app.screen.query_one(FlagsPanel).findings] == [
                "who pushed"]

    run(scenario())


def test_dismissed_flag_is_kept_with_the_post_mortem(make_app: Any, archive: Any) -> None:
    pm = saved_pm(archive)
    sentence = "Priya should have caught the bad config before the deploy."

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            summary = screen.query_one("#summary", TextArea)
            summary.focus()
            await paste_text(pilot, sentence)
            await settle(pilot)
            panel = screen.query_one(FlagsPanel)
            assert len(panel.findings) == 1
            finding = panel.findings[0]
            assert finding.text.startswith("Priya should have")
            marks = [h for row in summary._highlights.values() for h in row
                     if h[2] == FLAG_HIGHLIGHT]
            assert marks == [(0, len(finding.text.encode()), FLAG_HIGHLIGHT)]
            await pilot.press("ctrl+g")
            await settle(pilot)
            assert panel.findings == []
            assert [d.fingerprint for d in screen.pm.dismissed] == [finding.fingerprint]
            await pilot.pause(0.7)  # autosave
        saved = archive.load(pm.id)
        assert saved.summary == sentence
        assert [d.fingerprint for d in saved.dismissed] == [finding.fingerprint]

        # Next time the same words are not flagged again.
        again = make_app(open_target=pm.id)
        async with again.run_test(size=(120, 40)) as pilot:
            again.screen.query_one("#summary", TextArea).focus()
            await settle(pilot)
            assert again.screen.query_one(FlagsPanel).findings == []

    run(scenario())


def test_factual_text_and_typing_while_checking(make_app: Any, archive: Any) -> None:
    pm = saved_pm(archive)

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            summary = screen.query_one("#summary", TextArea)
            summary.focus()
            await paste_text(pilot, "At 14:05 Priya ran the migration; the disk failed.")
            await settle(pilot)
            assert screen.query_one(FlagsPanel).findings == []
            # Keys typed right after a check starts all land; the panel follows the last text.
            await type_text(pilot, " This was human error")
            await settle(pilot)
            assert summary.text.endswith("This was human error")
            assert [f.text for f in screen.query_one(FlagsPanel).findings] == ["human error"]

    run(scenario())


def test_the_checkers_own_rewrite_in_a_text_area(make_app: Any, archive: Any) -> None:
    pm = saved_pm(archive)
    if "rewrite" not in {f.name for f in dataclasses.fields(Finding)}:
        return  # an older checker offers no rewrites; the tests above cover both cases

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            summary = app.screen.query_one("#summary", TextArea)
            summary.focus()
            sentence = "The deploy stalled. This was human error. Paging worked."
            await paste_text(pilot, sentence)
            await settle(pilot)
            panel = app.screen.query_one(FlagsPanel)
            finding = panel.current
            assert finding is not None and finding.rewrite
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert summary.text == apply_rewrite(sentence, finding)
            assert summary.text != sentence and "human error" not in summary.text
            assert summary.text.startswith("The deploy stalled. ")
            assert summary.text.endswith(" Paging worked.")
            assert panel.findings == []

    run(scenario())
