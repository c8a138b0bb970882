"""Lint settings from ``facilitator.toml``: phrases to allow, rules to switch off, a roster.

Looked up in the project (the current directory and its parents, up to the repository root)
and in the user's config directory (platformdirs); both are read and merged::

    [lint]
    allow = ["human error budget"]       # phrases never flagged (case-insensitive)
    disable = ["vague-improve", "counterfactual"]   # rule ids or whole categories
    roster = ["Priya Raman", "Will Osei"]  # people whose names should be recognised
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_config_dir

from facilitator.core.blame.finding import CATEGORIES, LintContext

CONFIG_NAME = "facilitator.toml"


class ConfigError(ValueError):
    """A ``facilitator.toml`` that cannot be read or names an unknown rule."""


@dataclass(frozen=True)
class LintConfig:
    """What the config files say, merged."""

    allow: tuple[str, ...] = ()
    disabled: frozenset[str] = frozenset()
    roster: tuple[str, ...] = ()
    sources: tuple[Path, ...] = field(default=())

    def apply(self, context: LintContext | None = None) -> LintContext:
        """``context`` extended with this configuration."""
        context = context or LintContext()
        return replace(
            context,
            allow=tuple(context.allow) + self.allow,
            disabled=frozenset(context.disabled) | self.disabled,
            roster=tuple(context.roster) + self.roster,
        )

    def merged(self, other: LintConfig) -> LintConfig:
        return LintConfig(
            allow=self.allow + other.allow,
            disabled=self.disabled | other.disabled,
            roster=self.roster + other.roster,
            sources=self.sources + other.sources,
        )


def known_rule_ids() -> frozenset[str]:
    """Every id that ``disable`` accepts: rule ids, item-rule ids and categories."""
    from facilitator.core.blame.action_items import ITEM_RULES
    from facilitator.core.blame.rules import RULES
    from facilitator.core.blame.sentence_model import RULE_ID

    return (frozenset(r.id for r in RULES) | {r.id for r in ITEM_RULES} | set(CATEGORIES)
            | {RULE_ID})


def _strings(value: object, key: str, source: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: [lint] {key} must be a list of strings")
    return tuple(value)


def parse_config(text: str, source: Path = Path(CONFIG_NAME)) -> LintConfig:
    """Read the ``[lint]`` table of a ``facilitator.toml`` text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from exc
    table = data.get("lint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [lint] must be a table")
    disabled = _strings(table.get("disable"), "disable", source)
    unknown = sorted(set(disabled) - known_rule_ids())
    if unknown:
        raise ConfigError(
            f"{source}: unknown rule in [lint] disable: {', '.join(unknown)} "
            "(see `facilitator lint --list-rules`)"
        )
    return LintConfig(
        allow=_strings(table.get("allow"), "allow", source),
        disabled=frozenset(disabled),
        roster=_strings(table.get("roster"), "roster", source),
        sources=(source,),
    )


def project_config_path(start: Path) -> Path | None:
    """The nearest ``facilitator.toml`` in ``start`` or a parent (stops at a repo root)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def user_config_path() -> Path:
    """Where the user's own ``facilitator.toml`` lives (it may not exist)."""
    return Path(user_config_dir("facilitator")) / CONFIG_NAME


def load_config(start: Path | None = None, *, paths: Sequence[Path] | None = None) -> LintConfig:
    """The merged configuration: the user's file, then the project's nearest to ``start``.

    ``paths`` replaces the lookup with explicit files (tests, ``--config``).
    """
    if paths is None:
        found = [user_config_path(), project_config_path(start or Path.cwd())]
        paths = [p for p in found if p is not None and p.is_file()]
    config = LintConfig()
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        config = config.merged(parse_config(text, path))
    return config
