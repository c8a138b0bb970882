"""Placeholder: `facilitator lint` arrives with its own issue."""

from __future__ import annotations

import argparse

from facilitator.commands.common import fail


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lint", help="(not available yet)")
    parser.set_defaults(func=lambda args: fail("'lint' is not available yet"))
