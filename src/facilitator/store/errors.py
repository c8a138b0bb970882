"""What can go wrong with the archive, each with a hint that says what to do about it.

Callers (the command line, the app) catch ``ArchiveError`` and show ``str(error)`` and
``error.hint``; they never need to know about SQLAlchemy or sqlite3 exceptions.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Something about the archive file or its contents prevents the operation."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class NotFound(ArchiveError, LookupError):
    """No post-mortem (or action item) with that id is in the archive."""


class ArchiveLocked(ArchiveError):
    """Another process held the archive's write lock for longer than we were willing to wait."""


class ArchiveCorrupt(ArchiveError):
    """The file is not a SQLite database, or not one of ours, or it is damaged."""


class ArchiveTooNew(ArchiveError):
    """The archive was written by a newer version of facilitator with a newer schema."""
