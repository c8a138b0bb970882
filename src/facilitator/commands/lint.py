"""`facilitator lint [PATH ...]`: check Markdown or plain text for blame language.

Exit 0 when nothing is flagged, 1 when something is, 2 on a usage or I/O error. Output is one
line per finding, like a compiler (``path:line:col: category/rule: message  -> suggestion``),
or with ``--format json`` one JSON array of findings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator.commands.common import EXIT_FINDINGS, EXIT_OK, fail, json_text

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mdx"}
STDIN_NAME = "<stdin>"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check Markdown or text for blame language",
        description="Check Markdown or plain text for blame language: judgments of people, "
        "self-blame, counterfactuals, action items aimed at people and vague action items. "
        "Exit status: 0 nothing flagged, 1 findings, 2 usage or I/O error. Settings "
        "(allowed phrases, disabled rules, roster) are read from facilitator.toml in the "
        "project or your user config directory; <!-- facilitator-ignore --> comments in "
        "Markdown skip the next block.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files to check; '-' or none reads standard input",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--roster",
        metavar="NAMES",
        default="",
        help="comma-separated participant names, so blame about them is recognised",
    )
    parser.add_argument(
        "--as",
        dest="kind",
        choices=("auto", "markdown", "text"),
        default="auto",
        help="how to read the input (default: by file suffix; standard input as Markdown)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="read settings from this facilitator.toml instead of looking them up",
    )
    parser.add_argument(
        "--list-rules", action="store_true", help="print the rules and their categories, then exit"
    )
    parser.set_defaults(func=run)


def _read(path: str) -> tuple[str, str]:
    """(display name, text) of one input; raises OSError/UnicodeDecodeError."""
    if path == "-":
        return STDIN_NAME, sys.stdin.read()
    return path, Path(path).read_text(encoding="utf-8")


def _is_markdown(name: str, kind: str) -> bool:
    if kind != "auto":
        return kind == "markdown"
    return name == STDIN_NAME or Path(name).suffix.lower() in MARKDOWN_SUFFIXES


def _list_rules() -> int:
    from facilitator.core.blame import RULES
    from facilitator.core.blame.action_items import ITEM_RULES
    from facilitator.core.blame.sentence_model import RULE_ID as MODEL_RULE

    for rule in RULES:
        scope = " (action items only)" if rule.scope == "action" else ""
        print(f"{rule.id:34} {rule.category:20} {rule.message}{scope}")
    for item_rule in ITEM_RULES:
        print(f"{item_rule.id:34} {item_rule.category:20} {item_rule.message} (action items only)")
    print(f"{MODEL_RULE:34} {'(any)':20} A model of how blame reads, for sentences no rule "
          "above flagged; its findings carry the category it judged.")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from facilitator.core.blame import ConfigError, LintContext, lint, lint_markdown, load_config

    if args.list_rules:
        return _list_rules()
    try:
        config = load_config(paths=[args.config] if args.config else None)
    except ConfigError as exc:
        return fail(str(exc), "fix or remove that facilitator.toml")
    roster = tuple(name.strip() for name in args.roster.split(",") if name.strip())
    context = config.apply(LintContext(roster=roster))

    inputs: list[tuple[str, str]] = []
    for path in args.paths or ["-"]:
        try:
            inputs.append(_read(path))
        except FileNotFoundError:
            return fail(f"cannot read {path}: no such file", "check the path and try again")
        except IsADirectoryError:
            return fail(f"cannot read {path}: it is a directory", "pass the Markdown files in it")
        except UnicodeDecodeError:
            return fail(f"cannot read {path}: not UTF-8 text", "save it as UTF-8 and try again")
        except OSError as exc:
            return fail(f"cannot read {path}: {exc.strerror or exc}")

    results = []
    for name, text in inputs:
        check = lint_markdown if _is_markdown(name, args.kind) else lint
        for finding in check(text, context):
            results.append((name, finding))

    if args.format == "json":
        payload = [{"path": name, **finding.to_dict()} for name, finding in results]
        sys.stdout.write(json_text(payload))
    else:
        for name, f in results:
            print(
                f"{name}:{f.line}:{f.column}: {f.category}/{f.rule}: {f.message}  -> {f.suggestion}"
            )
        if results:
            files = len({name for name, _ in results})
            print(
                f"{len(results)} finding{'s' if len(results) != 1 else ''} "
                f"in {files} file{'s' if files != 1 else ''}",
                file=sys.stderr,
            )
    return EXIT_FINDINGS if results else EXIT_OK
