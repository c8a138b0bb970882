"""``facilitator`` and ``facilitator open``: start the Textual app."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "open", help="open a post-mortem (an archive id or a Markdown file) in the meeting screen"
    )
    parser.add_argument("target", metavar="ID_OR_FILE")
    parser.set_defaults(func=run_home)


def run_home(args: argparse.Namespace) -> int:
    from facilitator.ui.app import FacilitatorApp

    FacilitatorApp().run()
    return 0
