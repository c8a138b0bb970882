"""Placeholder: `facilitator actions` arrives with its own issue."""

from __future__ import annotations

import argparse

from facilitator.commands.common import fail


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("actions", help="(not available yet)")
    parser.set_defaults(func=lambda args: fail("'actions' is not available yet"))
