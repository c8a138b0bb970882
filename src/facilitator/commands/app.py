"""``facilitator`` and ``facilitator open``: start the Textual app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from facilitator.commands.common import fail, open_archive


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "open", help="open a post-mortem (an archive id or a Markdown file) in the meeting screen"
    )
    parser.add_argument("target", metavar="ID_OR_FILE")
    parser.set_defaults(func=run_open)


def _run(args: argparse.Namespace, target: str | None) -> int:
    from facilitator.ui.app import FacilitatorApp

    if target is None:
        # Home: the archive opens in the background while the first screen is painted.
        app = FacilitatorApp(open_archive=lambda: _open_plain(args))
        app.run()
        _close(app)
        error = app.startup_error
        if error is not None:
            return fail(str(error) or error.__class__.__name__, getattr(error, "hint", ""))
        return 0
    try:
        archive = open_archive(args)
    except Exception as error:  # ArchiveError and friends: a message, never a traceback
        return fail(str(error) or error.__class__.__name__, getattr(error, "hint", ""))
    try:
        resolved = _resolve_target(archive, target)
        if isinstance(resolved, int):
            return resolved
        FacilitatorApp(archive, open_target=resolved).run()
    finally:
        archive.close()
    return 0


def _open_plain(args: argparse.Namespace) -> Any:
    """Open the archive without printing: errors are reported once the app has closed."""
    from facilitator.store.archive import Archive

    return Archive.open(getattr(args, "db", None))


def _close(app: Any) -> None:
    if app.archive_ready:
        app.archive.close()


def _resolve_target(archive: Any, target: str) -> str | int:
    """An archive id for ``target``; Markdown files are imported first. An int is an exit code."""
    path = Path(target).expanduser()
    if path.suffix.lower() in (".md", ".markdown") or path.is_file():
        from facilitator.ui.screens.home import import_markdown

        try:
            return import_markdown(archive, path)
        except ValueError as error:
            return fail(str(error), "Give an archive id (PM-2026-0007) or a Markdown file.")
    try:
        return str(archive.load(target).id)
    except Exception as error:
        return fail(
            f"no post-mortem {target!r} in the archive ({error})" if str(error) else
            f"no post-mortem {target!r} in the archive",
            "See `facilitator list` for ids, or give a Markdown file to import.",
        )


def run_home(args: argparse.Namespace) -> int:
    return _run(args, None)


def run_open(args: argparse.Namespace) -> int:
    return _run(args, args.target)
