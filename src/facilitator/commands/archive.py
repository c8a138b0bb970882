"""``facilitator export``, ``import``, ``list`` and ``search``: the archive from the shell."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from facilitator.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    archive_failed,
    fail,
    json_text,
    open_archive,
)
from facilitator.core.model import ID_PATTERN, PostMortem, Status, from_dict, to_dict
from facilitator.store.errors import ArchiveError

_EXIT_CODES = "exit status: 0 success, 2 usage error, unreadable input or archive problem"

# Private-use characters mark matches in snippets until we know how to show them.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
# C0 and C1 control characters (escape sequences included), except tab.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export",
        help="write one post-mortem as Markdown or JSON",
        description="Write one post-mortem from the archive as GitHub-flavoured Markdown "
        "(with YAML front matter) or as one JSON object.",
        epilog=_EXIT_CODES + " (e.g. no such id, or -o cannot be written).",
    )
    export.add_argument("id", metavar="ID", help="the post-mortem's id, e.g. PM-2026-0007")
    export.add_argument("--format", choices=("markdown", "json"), default=None,
                        help="markdown (default; json when -o ends in .json) or json")
    export.add_argument("-o", "--output", metavar="PATH",
                        help="write to this file (replaced if it exists) instead of stdout")
    export.add_argument("--no-front-matter", action="store_true",
                        help="leave out the YAML front matter (for wikis that show it as text)")
    export.set_defaults(func=run_export)

    importer = subparsers.add_parser(
        "import",
        help="read Markdown (or JSON) post-mortems into the archive",
        description="Read post-mortems into the archive and print the id each was saved "
        "under. Our own Markdown export comes back exactly; other wiki templates are read "
        "best-effort. A file ending in .json is read as our JSON export. A file whose id is "
        "already in the archive replaces that post-mortem (see --new-ids).",
        epilog=_EXIT_CODES + "; with several files, the readable ones are imported even when "
        "another one fails (status 2).",
    )
    importer.add_argument("paths", nargs="+", metavar="PATH",
                          help="Markdown or JSON files; '-' reads standard input")
    importer.add_argument("--new-ids", action="store_true",
                          help="give every imported post-mortem a new id instead of its own")
    importer.set_defaults(func=run_import)

    lister = subparsers.add_parser(
        "list",
        help="list the archive's post-mortems",
        description="The archive's post-mortems, newest incident first.",
        epilog="exit status: 0 (also when the archive is empty), 2 archive problem. "
        "--json prints one array of objects with id, title, severity, status, date, "
        "services, updated_at and open_actions.",
    )
    lister.add_argument("--json", action="store_true", help="print a JSON array")
    lister.add_argument("--status", type=_status, metavar="STATUS",
                        help="only this status: draft, in-review or final")
    lister.add_argument("--limit", type=_positive, metavar="N", help="at most N post-mortems")
    lister.set_defaults(func=run_list)

    search = subparsers.add_parser(
        "search",
        help="full-text search over the archive",
        description="Find post-mortems holding every word of QUERY (titles, summaries, "
        "timelines, analysis, action items, takeaways and lessons), best match first. "
        "Words match as words, in any form ('deploys' finds 'deploy'); quotes, '*', "
        "'AND', 'NEAR' and brackets are searched for as text, not read as syntax.",
        epilog="exit status: 0 something matched, 1 nothing matched, 2 archive problem. "
        "--json prints one array of objects with id, title, severity, status, date, "
        "snippet (matched words in [brackets]) and score (higher is better).",
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="words to look for")
    search.add_argument("--json", action="store_true", help="print a JSON array")
    search.add_argument("--limit", type=_positive, default=50, metavar="N",
                        help="at most N results (default 50)")
    search.set_defaults(func=run_search)


def _status(text: str) -> Status:
    cleaned = text.strip().lower().replace("-", " ").replace("_", " ")
    try:
        return Status(cleaned)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown status '{text}' (choose draft, in-review or final)") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, got '{text}'")
    return value


# --- output -------------------------------------------------------------------------------


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # A terminal that cannot show some character still gets every byte of the data.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _safe(text: str) -> str:
    """User text made harmless for a terminal: no escape sequences, one line."""
    return _CONTROL.sub(lambda m: " " if m.group() in "\r\n" else f"\\x{ord(m.group()):02x}",
                        text)


def _write_file(path: Path, content: str) -> None:
    """Replace ``path`` with ``content`` at once (owner-only, see ``write_private``)."""
    from facilitator.store.private_files import write_private

    if not path.parent.is_dir():
        raise OSError(f"the directory {path.parent} does not exist")
    write_private(path, content)


# --- commands -----------------------------------------------------------------------------


def _normal_id(text: str) -> str:
    # pm-2026-0007 and ' PM-2026-0007 ' mean PM-2026-0007; other ids are taken as typed.
    cleaned = text.strip()
    return cleaned.upper() if ID_PATTERN.match(cleaned.upper()) else cleaned


def run_export(args: argparse.Namespace) -> int:
    fmt = args.format or ("json" if (args.output or "").lower().endswith(".json")
                          else "markdown")
    if args.output not in (None, "-") and Path(args.output).expanduser().is_dir():
        return fail(f"cannot write {args.output}: it is a directory",
                    "give a file name, e.g. -o " + str(Path(args.output) / f"{args.id}.md"))
    archive = open_archive(args)
    try:
        pm = archive.load(_normal_id(args.id))
    except ArchiveError as error:
        return archive_failed(error)
    finally:
        archive.close()
    if fmt == "json":
        content = json_text(to_dict(pm))
    else:
        from facilitator.core.markdown_export import to_markdown

        content = to_markdown(pm, front_matter=not args.no_front_matter)
        if not content.endswith("\n"):
            content += "\n"
    if args.output in (None, "-"):
        _write_stdout(content)
        return EXIT_OK
    target = Path(args.output).expanduser()
    try:
        _write_file(target, content)
    except OSError as error:
        reason = error.strerror or str(error)
        return fail(f"cannot write {target}: {reason}",
                    "choose a file in a directory you can write to, or leave out -o")
    print(f"{pm.id} -> {target}", file=sys.stderr)
    return EXIT_OK


def _read_postmortem(path: str) -> PostMortem:
    """The post-mortem in one file ('-': standard input); ``ValueError`` says why not."""
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).expanduser().read_bytes()
    except IsADirectoryError:
        raise ValueError("it is a directory") from None
    except OSError as error:
        raise ValueError(error.strerror or str(error)) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    if path.lower().endswith(".json"):
        try:
            data = json.loads(content)
        except ValueError as error:
            raise ValueError(f"it is not valid JSON ({error})") from None
        if not isinstance(data, dict):
            raise ValueError("the JSON is not one post-mortem object")
        try:
            return from_dict(data)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"the JSON is not a facilitator post-mortem ({error})") from None
    from facilitator.core.markdown_import import from_markdown

    try:
        return from_markdown(content)
    except Exception as error:  # noqa: BLE001 - any parser failure is this file's problem
        raise ValueError(f"it could not be read as a post-mortem ({error})") from None


def run_import(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    status = EXIT_OK
    try:
        for path in args.paths:
            label = "standard input" if path == "-" else path
            try:
                pm = _read_postmortem(path)
            except ValueError as error:
                status = fail(f"cannot import {_safe(label)}: {error}",
                              "the other files are still imported")
                continue
            if args.new_ids:
                pm.id = ""
            try:
                archive.save(pm)
            except ArchiveError as error:
                status = archive_failed(error)
                continue
            _write_stdout(pm.id + "\n")
    finally:
        archive.close()
    return status


def _summary_dict(summary: Any) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "severity": str(summary.severity),
        "status": str(summary.status),
        "date": summary.date.isoformat() if summary.date else None,
        "services": list(summary.services),
        "updated_at": summary.updated_at.isoformat() if summary.updated_at else None,
        "open_actions": summary.open_actions,
    }


def run_list(args: argparse.Namespace) -> int:
    archive = open_archive(args)
    try:
        summaries = archive.summaries(status=args.status, limit=args.limit)
    except ArchiveError as error:
        return archive_failed(error)
    finally:
        archive.close()
    if args.json:
        _write_stdout(json_text([_summary_dict(s) for s in summaries]))
        return EXIT_OK
    if not summaries:
        print("The archive holds no post-mortems"
              + (f" with status '{args.status}'" if args.status else "") + ".", file=sys.stderr)
        return EXIT_OK
    lines = []
    for s in summaries:
        when = s.date.isoformat() if s.date else "-" * 10
        lines.append(f"{s.id:<13}  {when}  {s.severity:<5}  {s.status:<9}  {_safe(s.title)}")
    _write_stdout("\n".join(lines) + "\n")
    return EXIT_OK


def _show_marks(snippet: str, bold: bool) -> str:
    opening, closing = ("\x1b[1m", "\x1b[22m") if bold else ("[", "]")
    return _safe(snippet).replace(_MARK_OPEN, opening).replace(_MARK_CLOSE, closing)


def run_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    archive = open_archive(args)
    try:
        hits = archive.search(query, limit=args.limit, highlight=(_MARK_OPEN, _MARK_CLOSE))
    except ArchiveError as error:
        return archive_failed(error)
    finally:
        archive.close()
    if args.json:
        _write_stdout(json_text([
            {"id": h.id, "title": h.title, "severity": str(h.severity), "status": str(h.status),
             "date": h.date.isoformat() if h.date else None,
             "snippet": h.snippet.replace(_MARK_OPEN, "[").replace(_MARK_CLOSE, "]"),
             "score": h.score}
            for h in hits
        ]))
        return EXIT_OK if hits else EXIT_FINDINGS
    if not hits:
        print(f"Nothing in the archive matches: {_safe(query)}", file=sys.stderr)
        return EXIT_FINDINGS
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    lines = []
    for h in hits:
        when = h.date.isoformat() if h.date else "-" * 10
        lines.append(f"{h.id:<13}  {when}  {h.severity:<5}  {h.status:<9}  {_safe(h.title)}")
        lines.append(f"    {_show_marks(h.snippet, bold)}")
    _write_stdout("\n".join(lines) + "\n")
    return EXIT_OK

