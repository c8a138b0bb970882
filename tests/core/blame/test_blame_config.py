"""facilitator.toml: allowed phrases, disabled rules and a roster, from project and user."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.core.blame import ConfigError, LintContext, lint, load_config
from facilitator.core.blame.config import parse_config, project_config_path

TEXT = "The DBA was careless. We should have rolled back. Zorbex missed the page."


def test_parse_config_reads_the_lint_table() -> None:
    config = parse_config(
        '[lint]\nallow = ["was careless"]\ndisable = ["counterfactual"]\nroster = ["Zorbex"]\n'
    )
    findings = lint(TEXT, config.apply(LintContext()))
    assert [f.rule for f in findings] == ["blame-missed"]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("[lint\n", "not valid TOML"),
        ('[lint]\ndisable = ["no-such-rule"]\n', "unknown rule"),
        ("[lint]\nallow = 3\n", "list of strings"),
    ],
)
def test_bad_config_says_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(ConfigError, match=complaint):
        parse_config(text)


def test_project_config_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "facilitator.toml").write_text('[lint]\ndisable = ["blame"]\n')
    sub = tmp_path / "docs" / "postmortems"
    sub.mkdir(parents=True)
    assert project_config_path(sub) == tmp_path / "facilitator.toml"


def test_lookup_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "facilitator.toml").write_text("[lint]\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert project_config_path(repo) is None


def test_user_and_project_configs_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_dir = tmp_path / "xdg"
    (user_dir / "facilitator").mkdir(parents=True)
    (user_dir / "facilitator" / "facilitator.toml").write_text('[lint]\nroster = ["Zorbex"]\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user_dir))
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "facilitator.toml").write_text(
        '[lint]\ndisable = ["blame-judgment", "sentence-model"]\n')
    config = load_config(project)
    assert config.roster == ("Zorbex",)
    assert config.disabled == frozenset({"blame-judgment", "sentence-model"})
    rules = {f.rule for f in lint(TEXT, config.apply())}
    assert rules == {"counterfactual-we-should-have", "blame-missed"}


def test_no_config_anywhere_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "empty"))
    (tmp_path / ".git").mkdir()
    config = load_config(tmp_path)
    assert config.apply() == LintContext()
