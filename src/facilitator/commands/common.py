"""What every subcommand shares: error messages on stderr, exit codes, opening the archive."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.store.archive import Archive
    from facilitator.store.errors import ArchiveError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


# C1 control characters may appear raw in JSON, but some terminals act on them (U+009B: CSI).
_C1 = re.compile("[\x80-\x9f]")


def json_text(data: Any) -> str:
    """``data`` as indented JSON for stdout: readable Unicode, every control character escaped
    (``json`` escapes C0 itself; C1 is escaped here), ending in a newline."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def one_line(text: str) -> str:
    """User text for a terminal line: control characters gone, whitespace runs as one space."""
    from facilitator.store.tracking import clean

    return " ".join(clean(text).split())


def date_arg(text: str) -> date:
    """An argparse ``type`` for dates: whatever ``parse_date`` reads, else a usage error."""
    from facilitator.core.timeparse import TimeParseError, parse_date

    try:
        return parse_date(text)
    except TimeParseError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def fail(message: str, hint: str = "") -> int:
    """Print ``facilitator: error: message`` (and a hint saying what to do); return 2."""
    print(f"facilitator: error: {message}", file=sys.stderr)
    if hint:
        print(f"  {hint}", file=sys.stderr)
    return EXIT_USAGE


def archive_failed(error: ArchiveError) -> int:
    """Print an archive error (missing id, locked, corrupt, too new) and its hint; return 2."""
    return fail(str(error), error.hint)


def open_archive(args: argparse.Namespace) -> Archive:
    """The archive chosen by ``--db`` / ``FACILITATOR_DB`` (else the default file).

    When it cannot be opened (corrupt, locked, from a newer version, not creatable) the
    message and its hint are printed and the command exits with status 2.
    """
    # Imported here so that commands which never touch the archive start faster.
    from facilitator.store.archive import Archive
    from facilitator.store.errors import ArchiveError

    try:
        return Archive.open(getattr(args, "db", None))
    except ArchiveError as error:
        raise SystemExit(archive_failed(error)) from None
