"""Shared material for the fault tests: hostile text, a full post-mortem, the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    DismissedFlag,
    EventKind,
    FactorCategory,
    Impact,
    PostMortem,
    Priority,
    Severity,
    Status,
    TimelineEvent,
    WhyChain,
)

FIXTURES = Path(__file__).parent / "fixtures"
SRC = Path(__file__).resolve().parents[2] / "src"

# Each kind of text a user could type or paste that has broken some program before.
HOSTILE: dict[str, str] = {
    "markup": "[bold]loud[/bold] [/] [link=https://evil.example]click[/link] "
              "[@click=app.quit]quit[/] [red on white]x",
    "escapes": "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b[2J\x1b[H bell\x07 back\x08 "
               "\x9b31m c1",
    "nul": "before\x00after",
    "rtl": "שלום \u202eevil.exe\u202c مرحبا بالعالم",
    "combining": "e\u0301 Z\u0351\u0300\u0316\u0317 n\u0303",
    "wide": "🔥🚒 👩\u200d👩\u200d👧 障害対応の振り返り 장애 回顾",
    "markdown": "a | b || c `tick` ``` ---  **bold** _em_ [x](javascript:alert(1)) # h",
    "html": "<script>alert(1)</script> <img src=x onerror=alert(1)> <b>b</b> <!-- c --> &lt;",
    "lines": "---\n| x | y |\n|---|---|\n<details><summary>s</summary>\n\n# heading\n",
}
# One string holding every hostile kind at once.
ALL_HOSTILE = " ".join(HOSTILE.values())
# Control characters other than tab and newline, which no display or export may pass through.
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n"} | {"\x7f"} | {
    chr(c) for c in range(0x80, 0xA0)}


def big_paste(size: int = 1_000_000) -> str:
    """About ``size`` characters of ordinary text, as when a whole log is pasted."""
    line = "2026-03-04T14:02:11Z checkout-7f9 ERROR pool exhausted (waiters=512) [retry] |\n"
    return (line * (size // len(line) + 1))[:size]


def full_postmortem(text: str, *, pm_id: str = "", title: str | None = None) -> PostMortem:
    """A post-mortem with ``text`` in every free-text field it has."""
    start = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
    return PostMortem(
        id=pm_id,
        title=text if title is None else title,
        status=Status.DRAFT,
        severity=Severity.SEV2,
        incident_start=start,
        detected=start + timedelta(minutes=5),
        resolved=start + timedelta(minutes=45),
        incident_lead="Maria " + text,
        facilitator="Sam " + text,
        participants=["Ana " + text, "Ben"],
        services=["checkout " + text],
        tags=["deploy " + text],
        summary=text,
        impact=Impact(users_affected=text, duration=text, slo_breached=text, revenue=text,
                      notes=text),
        opening_statement=text,
        timeline=[
            TimelineEvent(at=start, description=text, kind=EventKind.ACTION),
            TimelineEvent(at=start + timedelta(minutes=5), description="alert " + text,
                          kind=EventKind.DECISION, known_at_time=text),
        ],
        went_well=[text],
        went_poorly=[text],
        lucky=[text],
        why_chains=[WhyChain(problem=text, whys=[text, "why " + text])],
        factors=[ContributingFactor(description=text, category=FactorCategory.PROCESS,
                                    known_risk=True)],
        action_items=[ActionItem(
            description=text, owner="Ana " + text, due=date(2026, 4, 1),
            success_criterion=text, priority=Priority.MUST, kind=ActionKind.DETECT,
            link="https://tracker.example/1", status=ActionStatus.OPEN, note=text,
        )],
        takeaways=[text],
        lessons=[text],
        dismissed=[DismissedFlag(fingerprint="f1", rule="blame", text=text, reason=text)],
    )


def cli_env(db: Path | str | None, home: Path, **extra: str) -> dict[str, str]:
    """Environment for the real ``facilitator`` command: no user data dir, our checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATOR_")}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               HOME=str(home), PYTHONPATH=str(SRC), NO_COLOR="1", TERM="dumb")
    if db is not None:
        env["FACILITATOR_DB"] = str(db)
    env.update(extra)
    return env


def cli(*args: str, db: Path | str | None, home: Path, stdin: str | None = None,
        timeout: float = 60, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m facilitator ARGS`` and capture what the user would see."""
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args], input=stdin, capture_output=True,
        text=True, encoding="utf-8", errors="replace", env=cli_env(db, home, **extra),
        timeout=timeout, cwd=home,
    )


def main_in_process(*argv: str) -> tuple[int, str, str]:
    """The CLI's ``main`` in this process (faster, or to inject a fault): status, out, err."""
    import contextlib
    import io

    from facilitator import cli as facilitator_cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = facilitator_cli.main(list(argv))
        except SystemExit as leaving:
            status = int(leaving.code or 0)
    return status, out.getvalue(), err.getvalue()


def assert_clean_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit status 2, a message on stderr naming what went wrong, never a traceback."""
    shown = result.stdout + result.stderr
    assert result.returncode == 2, shown
    assert "Traceback" not in shown, shown
    assert "facilitator: error:" in result.stderr, shown
    for word in words:
        assert word.lower() in result.stderr.lower(), shown
