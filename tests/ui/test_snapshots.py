"""What the screen looks like: home and every stage, at 80x24 and 120x40.

Fixed data, a clock that does not move and a fixed "now" keep the pictures stable. After a
deliberate change to the look, regenerate with ``pytest tests/ui/test_snapshots.py
--snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import sample_postmortem
from textual.widgets import Tabs

from facilitator.core.agenda import STAGE_KEYS

SIZES = [(80, 24), (120, 40)]
FIXED_NOW = datetime.fromisoformat("2026-03-05T10:30:00+00:00")


async def settle(pilot: Any) -> None:
    """Wait until three screenshots in a row agree (editors may finish laying out late)."""
    app = pilot.app
    previous, same = None, 0
    for _ in range(40):
        await pilot.pause(0.15)
        await app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        # A blinking cursor would be caught on or off at random.
        for field in app.screen.query("Input, TextArea"):
            field.cursor_blink = False
        # Tabs place their underline once, after their first layout; under load that can
        # happen before the tabs have a width. Place it again, as a resize would.
        for tabs in app.screen.query(Tabs):
            tabs._highlight_active(animate=False)
        current = app.export_screenshot()
        same = same + 1 if current == previous else 0
        if same >= 2:
            return
        previous = current


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare: Any, make_app: Any, archive: Any, size: tuple[int, int]) -> None:
    archive.save(sample_postmortem())
    # "edited just now" is computed against the real clock, as the row was just saved.
    app = make_app()
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("stage", STAGE_KEYS)
def test_stage(snap_compare: Any, make_app: Any, archive: Any, stage: str,
               size: tuple[int, int]) -> None:
    pm = archive.save(sample_postmortem())
    app = make_app(open_target=pm.id, now=lambda: FIXED_NOW,
                   export_dir=Path("/srv/exports"))
    app.animation_level = "none"  # tab underlines and scrolling would be caught mid-move

    async def go_to_stage(pilot: Any) -> None:
        await pilot.pause()
        await app.screen.action_go_to(stage)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=go_to_stage)
