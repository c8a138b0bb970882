"""Writing files that hold post-mortem text: owner-only, replaced in one step.

Post-mortems name people and describe weaknesses of systems, so a new export, report or
recovery copy is created readable by its owner only (0600), whatever the umask. A file that
already exists keeps its mode (the user may have shared it on purpose). The content goes to a
temporary file in the same folder first, so a failure (disk full, say) leaves any previous
file whole and no partial file behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_MODE = 0o600


def write_private(path: Path, content: str, *, sync: bool = False) -> None:
    """Write ``content`` (UTF-8) to ``path`` as described above; ``OSError`` on failure."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    mode = PRIVATE_MODE
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode & 0o7777
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
