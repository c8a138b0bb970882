"""Placeholder: export, import, list and search arrive with the archive."""

from __future__ import annotations

import argparse

from facilitator.commands.common import fail


def register(subparsers: argparse._SubParsersAction) -> None:
    for name in ("export", "import", "list", "search"):
        parser = subparsers.add_parser(name, help="(not available yet)")
        parser.set_defaults(func=lambda args, n=name: fail(f"'{n}' is not available yet"))
