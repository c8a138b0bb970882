"""Where the archive lives when nobody says otherwise."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "facilitator"
ARCHIVE_FILENAME = "archive.sqlite3"


def default_archive_path() -> Path:
    """``archive.sqlite3`` in the user data directory (``$XDG_DATA_HOME/facilitator`` on Linux)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / ARCHIVE_FILENAME
