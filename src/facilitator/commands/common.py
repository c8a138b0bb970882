"""What every subcommand shares: error messages on stderr and exit codes."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str, hint: str = "") -> int:
    """Print ``facilitator: error: message`` (and a hint saying what to do); return 2."""
    print(f"facilitator: error: {message}", file=sys.stderr)
    if hint:
        print(f"  {hint}", file=sys.stderr)
    return EXIT_USAGE
