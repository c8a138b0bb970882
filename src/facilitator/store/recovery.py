"""Recovery copies: the user's work written somewhere safe when the archive cannot take it.

When a save fails (disk full, archive locked for too long, read-only, corrupt), the app writes
the post-mortem as our JSON export (``facilitator import FILE.json`` reads it back) to the
first place that accepts it:

1. next to the archive file, where the user will look first;
2. the user state directory (``$XDG_STATE_HOME/facilitator/recovery`` on Linux);
3. the system temporary directory.

Each copy is owner-only (0600) and replaced atomically, so a failed write never leaves half a
file where a good copy was. One file per post-mortem: later failures overwrite it with the
newer work.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import platformdirs

from facilitator.core.model import PostMortem, to_dict
from facilitator.store.paths import APP_NAME
from facilitator.store.private_files import write_private

_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


def recovery_name(pm: PostMortem) -> str:
    """``facilitator-recovery-PM-2026-0007.json`` (``unsaved-<pid>`` before it has an id)."""
    key = _UNSAFE.sub("-", pm.id).strip("-") if pm.id else f"unsaved-{os.getpid()}"
    return f"facilitator-recovery-{key or 'unsaved'}.json"


def recovery_dirs(archive_path: str | os.PathLike[str] | None) -> list[Path]:
    """Where a recovery copy may go, best first."""
    places: list[Path] = []
    if archive_path:
        raw = os.fspath(archive_path)
        if raw and not raw.startswith("(") and "://" not in raw:
            places.append(Path(raw).expanduser().absolute().parent)
    places.append(platformdirs.user_state_path(APP_NAME, appauthor=False) / "recovery")
    places.append(Path(tempfile.gettempdir()))
    return places


def keep_recovery_copy(
    pm: PostMortem,
    archive_path: str | os.PathLike[str] | None,
    places: list[Path] | None = None,
) -> Path | None:
    """Write ``pm`` as JSON to the first of ``places`` (default ``recovery_dirs``) that takes
    it; the file's path, or ``None`` when none could (the caller says so to the user)."""
    content = json.dumps(to_dict(pm), ensure_ascii=False, indent=2) + "\n"
    name = recovery_name(pm)
    for folder in places if places is not None else recovery_dirs(archive_path):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            target = folder / name
            write_private(target, content, sync=True)
        except OSError:
            continue
        return target
    return None

