"""The ``facilitator`` command: parses arguments and hands each subcommand to its module.

Subcommands live in ``facilitator.commands``; each module offers ``register(subparsers)``,
which adds its parsers and sets ``func`` (taking the parsed arguments, returning an exit code).
Textual is imported only when the app is opened, so ``lint`` and friends start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from facilitator import __version__
from facilitator.commands import actions, app, archive, lint, report
from facilitator.commands.common import EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    # argparse exits 2 on usage errors already; keep its message but say where help is.
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="facilitator",
        description="Run a blameless post-mortem: a guided meeting in the terminal, "
        "a blame-language checker, Markdown export and a searchable archive.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        default=os.environ.get("FACILITATOR_DB"),
        help="the archive: a SQLite file path or a SQLAlchemy URL "
        "(default: $FACILITATOR_DB, else a file in your user data directory)",
    )
    parser.set_defaults(func=app.run_home)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for module in (app, lint, archive, report, actions):
        module.register(subparsers)
    # `facilitator list --db x` should work as well as `facilitator --db x list`.
    _add_db_options(parser)
    return parser


def _add_db_options(parser: argparse.ArgumentParser) -> None:
    """Give every subcommand below ``parser``, however deep, its own ``--db``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if not any("--db" in a.option_strings for a in sub._actions):
                    sub.add_argument("--db", metavar="URL_OR_PATH", default=argparse.SUPPRESS,
                                     help="the archive (as the global --db)")
                _add_db_options(sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `facilitator list | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return 0
