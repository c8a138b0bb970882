"""The blame-language checker: ``lint(text, context) -> list[Finding]``.

Pure Python (no terminal libraries): the app highlights its findings as text is typed, and
``facilitator lint`` runs it over Markdown or plain text. The rules are a table
(``rules.RULES``); Markdown documents go through ``markdown.lint_markdown``; configuration
(allowed phrases, disabled rules) comes from ``facilitator.toml`` via ``config.load_config``.
"""

from facilitator.core.blame.action_items import check_action_item
from facilitator.core.blame.config import ConfigError, LintConfig, load_config
from facilitator.core.blame.engine import lint
from facilitator.core.blame.finding import (
    CATEGORIES,
    Finding,
    LintContext,
    apply_rewrite,
    fingerprint,
)
from facilitator.core.blame.markdown import lint_markdown
from facilitator.core.blame.rules import RULES, RULES_BY_ID, Rule

__all__ = [
    "CATEGORIES",
    "ConfigError",
    "RULES",
    "RULES_BY_ID",
    "Finding",
    "LintConfig",
    "LintContext",
    "Rule",
    "apply_rewrite",
    "check_action_item",
    "fingerprint",
    "lint",
    "lint_markdown",
    "load_config",
]
