"""Helpers the archive, actions and report screens share: table cells and file exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.screen import Screen

from facilitator.store.private_files import write_private


def cell(value: str, style: str = "") -> Text:
    """One table cell on one line; a Text, so "[bold]" in user text is shown as typed."""
    return Text(" ".join(value.split()), style=style, no_wrap=True, overflow="ellipsis")


def write_export(screen: Screen[Any], name: str, content: str, *,
                 done: str = "Wrote") -> Path | None:
    """Write ``content`` as ``name`` in the app's export folder (owner-only: exports name
    people) and say where, or why not."""
    target = Path(getattr(screen.app, "export_dir", None) or Path.cwd()) / name
    try:
        write_private(target, content)
    except OSError as error:
        screen.notify(f"Could not write {target}: {error.strerror}", severity="error",
                      markup=False, timeout=8)
        return None
    screen.notify(f"{done} {target}", markup=False, timeout=5)
    return target
