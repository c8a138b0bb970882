"""`facilitator open` with a bad target: a clear message and exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FACILITATOR_DB=str(tmp_path / "archive.db"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "facilitator", *args], env=env,
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)


def test_unknown_id(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "open", "PM-2026-9999")
    assert result.returncode == 2
    assert "PM-2026-9999" in result.stderr and "facilitator list" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_markdown_file(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "open", str(tmp_path / "nope.md"))
    assert result.returncode == 2
    assert "No file at" in result.stderr
    assert "Traceback" not in result.stderr


def test_corrupt_archive(tmp_path: Path) -> None:
    (tmp_path / "archive.db").write_bytes(b"this is not a database" * 100)
    result = run_cli(tmp_path, "open", "PM-2026-0001")
    assert result.returncode == 2
    assert result.stderr.startswith("facilitator: error:")
    assert "Traceback" not in result.stderr
