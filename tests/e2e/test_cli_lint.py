"""``facilitator lint`` run for real, in a subprocess: files and stdin, text and JSON output,
exit codes, skipped regions and positions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

POSTMORTEM = """\
---
title: we should have rolled back
---
# Cache migration

The DBA was careless with the index.

```
operator error: who pushed this?
```

> why didn't you check?

## Action items

- Improve monitoring.
"""

FIELDS = {"path", "line", "column", "end_line", "end_column", "category", "rule", "severity",
          "message", "suggestion", "text"}
CATEGORIES = {"blame", "self_blame", "counterfactual", "person_action_item", "vague_action_item"}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        FACILITATOR_DB=str(tmp_path / "data" / "archive.sqlite3"),
        PYTHONIOENCODING="utf-8",
    )
    return environment


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    (folder / ".git").mkdir(parents=True)  # keep config lookup inside the test
    return folder


def lint(*args: str, env: dict[str, str], cwd: Path, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "facilitator", "lint", *args],
        input=stdin, capture_output=True, text=True, env=env, cwd=cwd, timeout=60,
    )


def test_markdown_file_text_output(env: dict[str, str], workdir: Path) -> None:
    (workdir / "pm.md").write_text(POSTMORTEM, encoding="utf-8")
    result = lint("pm.md", env=env, cwd=workdir)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("pm.md:6:1: blame/blame-judgment: ")
    assert "  -> " in lines[0]
    assert lines[1].startswith("pm.md:16:3: vague_action_item/vague-improve: ")
    assert len(lines) == 2  # front matter, code block and quote were skipped


def test_json_output_schema_and_positions(env: dict[str, str], workdir: Path) -> None:
    (workdir / "pm.md").write_text(POSTMORTEM, encoding="utf-8")
    result = lint("--format", "json", "pm.md", env=env, cwd=workdir)
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and len(findings) == 2
    for finding in findings:
        assert finding.keys() >= FIELDS
        assert finding["category"] in CATEGORIES
        assert finding["path"] == "pm.md"
    first = findings[0]
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (6, 1, 6, 21)
    assert first["text"] == "The DBA was careless"
    line = POSTMORTEM.splitlines()[first["line"] - 1]
    assert line[first["column"] - 1:first["end_column"] - 1] == first["text"]


def test_json_carries_the_rewrite_and_the_span_it_replaces(env: dict[str, str],
                                                          workdir: Path) -> None:
    text = "The deploy went out.\nWho pushed this?\nThe sloppy fix came later.\n"
    result = lint("--format", "json", "-", env=env, cwd=workdir, stdin=text)
    assert result.returncode == 1
    by_rule = {f["rule"]: f for f in json.loads(result.stdout)}
    question = by_rule["blame-who-question"]
    assert question["rewrite"] == "What in our process let this change go out?"
    start, end = question["rewrite_start"], question["rewrite_end"]
    assert text[start:end] == "Who pushed this?"
    judgment = by_rule["blame-judgment"]
    assert judgment["rewrite"] is None  # no safe replacement: advice only


def test_stdin_with_dash_and_with_no_path(env: dict[str, str], workdir: Path) -> None:
    for args in (["-"], []):
        result = lint(*args, "--format", "json", env=env, cwd=workdir,
                      stdin="Honestly, we should have rolled back.\n")
        assert result.returncode == 1
        [finding] = json.loads(result.stdout)
        assert finding["path"] == "<stdin>"
        assert finding["category"] == "counterfactual"
        assert (finding["line"], finding["column"]) == (1, 11)


def test_clean_text_exits_zero(env: dict[str, str], workdir: Path) -> None:
    result = lint("--format", "json", env=env, cwd=workdir,
                  stdin="At 14:05 Maria ran the migration. The health check failed.\n")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    result = lint(env=env, cwd=workdir, stdin="Grace paged the DBA at 03:12.\n")
    assert (result.returncode, result.stdout) == (0, "")


def test_roster_option(env: dict[str, str], workdir: Path) -> None:
    text = "Zorbex missed the alert.\n"
    assert lint("-", env=env, cwd=workdir, stdin=text).returncode == 0
    result = lint("-", "--roster", "Ana, Zorbex", env=env, cwd=workdir, stdin=text)
    assert result.returncode == 1
    assert result.stdout.startswith("<stdin>:1:1: blame/blame-missed: ")


def test_plain_text_file_and_several_paths(env: dict[str, str], workdir: Path) -> None:
    (workdir / "notes.txt").write_text("clean line\nI should have known better.\n")
    (workdir / "pm.md").write_text(POSTMORTEM)
    result = lint("notes.txt", "pm.md", "--format", "json", env=env, cwd=workdir)
    assert result.returncode == 1
    paths = [(f["path"], f["line"], f["category"]) for f in json.loads(result.stdout)]
    assert paths[0] == ("notes.txt", 2, "self_blame")
    assert {p for p, _, _ in paths} == {"notes.txt", "pm.md"}


def test_missing_file_is_a_usage_error(env: dict[str, str], workdir: Path) -> None:
    result = lint("nope.md", env=env, cwd=workdir)
    assert result.returncode == 2
    assert "nope.md" in result.stderr and "no such file" in result.stderr
    assert result.stdout == ""


def test_bad_option_is_a_usage_error(env: dict[str, str], workdir: Path) -> None:
    result = lint("--format", "xml", env=env, cwd=workdir, stdin="")
    assert result.returncode == 2


def test_project_config_disables_rules_and_allows_phrases(
    env: dict[str, str], workdir: Path
) -> None:
    (workdir / "facilitator.toml").write_text(
        '[lint]\ndisable = ["vague_action_item"]\nallow = ["was careless"]\n'
    )
    (workdir / "pm.md").write_text(POSTMORTEM)
    result = lint("pm.md", env=env, cwd=workdir)
    assert (result.returncode, result.stdout) == (0, "")
    (workdir / "facilitator.toml").write_text('[lint]\ndisable = ["no-such-rule"]\n')
    result = lint("pm.md", env=env, cwd=workdir)
    assert result.returncode == 2
    assert "unknown rule" in result.stderr


def test_ignore_comment_in_markdown(env: dict[str, str], workdir: Path) -> None:
    text = "<!-- facilitator-ignore -->\nThe DBA was careless.\n\nWe should have known.\n"
    (workdir / "pm.md").write_text(text)
    result = lint("pm.md", "--format", "json", env=env, cwd=workdir)
    assert [(f["line"], f["rule"]) for f in json.loads(result.stdout)] == [
        (4, "counterfactual-we-should-have")
    ]


def test_list_rules_and_explicit_config(env: dict[str, str], workdir: Path) -> None:
    result = lint("--list-rules", env=env, cwd=workdir)
    assert result.returncode == 0
    listed = {line.split()[0] for line in result.stdout.splitlines()}
    assert {"blame-judgment", "counterfactual-if-only", "item-team-owner"} <= listed
    config = workdir / "strict.toml"
    config.write_text('[lint]\nroster = ["Zorbex"]\n')
    result = lint("--config", str(config), "-", env=env, cwd=workdir,
                  stdin="Zorbex missed the page.\n")
    assert result.returncode == 1
    result = lint("--config", "missing.toml", "-", env=env, cwd=workdir, stdin="ok\n")
    assert result.returncode == 2 and "cannot read" in result.stderr
