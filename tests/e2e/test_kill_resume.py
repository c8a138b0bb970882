"""Kill the real app with SIGKILL while a post-mortem is open; the next start finds the text."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import signal
import struct
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from facilitator.store.archive import Archive

ANSI = re.compile(
    r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)


class Terminal:
    """The app running in a pseudo-terminal of a fixed size, its output collected."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path,
                 size: tuple[int, int] = (80, 24)) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, "-m", "facilitator", *args], env)
        columns, lines = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.output = bytearray()
        self.lock = threading.Lock()
        # Keep draining: a full pty buffer would block the app mid-write.
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.output.extend(chunk)

    def text(self) -> str:
        with self.lock:
            raw = self.output.decode("utf-8", errors="replace")
        return ANSI.sub("", raw)

    def wait_for(self, words: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if words in self.text():
                return
            time.sleep(0.05)
        raise AssertionError(f"{words!r} never appeared; screen text ends with:\n"
                             f"{self.text()[-2000:]}")

    def type(self, text: str) -> None:
        for character in text:
            os.write(self.fd, character.encode())
            time.sleep(0.01)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.close()

    def wait_exit(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.close()
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        self.kill()
        raise AssertionError("the app did not exit")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


@pytest.mark.slow
def test_kill_minus_nine_loses_at_most_the_last_second(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    env = dict(os.environ, FACILITATOR_DB=str(db), XDG_DATA_HOME=str(tmp_path / "data"),
               TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("TEXTUAL", None)

    first = Terminal([], env, tmp_path)
    try:
        first.wait_for("Standard")
        first.type("n")
        first.wait_for("1/9 Prepare")
        first.type("Lost and found title")
        first.wait_for("Lost and found title")  # the app has the keys (slow on a busy machine)
        time.sleep(1.5)  # autosave happens within a second of the last key
    finally:
        first.kill()

    with Archive.open(str(db)) as archive:
        drafts = archive.drafts()
    assert [d.title for d in drafts] == ["Lost and found title"]

    second = Terminal([], env, tmp_path)
    try:
        second.wait_for("Press r to resume")
        second.wait_for("Lost and found title")
        second.type("r")
        second.wait_for("1/9 Prepare")
        second.type(" again")
        second.wait_for("found title again")
        time.sleep(1.5)
        second.type("\x11")  # ctrl+q
        assert second.wait_exit() == 0
    finally:
        if second.fd:
            second.close()

    with Archive.open(str(db)) as archive:
        assert archive.load(drafts[0].id).title == "Lost and found title again"
