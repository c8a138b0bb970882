"""``facilitator actions``: action items across the archive; close them; export them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from facilitator.commands.common import (
    EXIT_OK,
    archive_failed,
    date_arg,
    fail,
    json_text,
    one_line,
    open_archive,
)
from facilitator.core.model import ActionStatus, Priority
from facilitator.store.errors import ArchiveError

if TYPE_CHECKING:
    from facilitator.core.model import ActionItem
    from facilitator.store.archive import Archive


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "actions",
        help="action items across the archive (list, done, drop)",
        description="Every action item across the archive, earliest due first. Filters "
        "combine. Export the list as CSV for an issue tracker (--csv) or as ready-to-run "
        "'gh issue create' commands (--gh); exports take open items unless --status says "
        "otherwise. Close items with 'actions done ID' or "
        "'actions drop ID --reason R'.",
        epilog="exit status: 0 success (also when nothing matches), 2 usage error or "
        "archive problem (e.g. no such action item).",
    )
    parser.add_argument("--owner", metavar="NAME", help="owner's name contains NAME (any case)")
    parser.add_argument("--status", choices=[str(s) for s in ActionStatus],
                        help="only this status")
    parser.add_argument("--priority", choices=[str(p) for p in Priority],
                        help="only this priority")
    parser.add_argument("--overdue", action="store_true", help="only open items past due")
    parser.add_argument("--pm", metavar="ID", help="only this post-mortem's items")
    parser.add_argument("--today", type=date_arg, metavar="DATE", help=argparse.SUPPRESS)
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print a JSON array")
    form.add_argument("--csv", action="store_true",
                      help="print CSV with tracker columns (Title, Description, Assignee, "
                      "Due Date, Priority, Labels, ...)")
    form.add_argument("--gh", action="store_true",
                      help="print one 'gh issue create' command per item")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="with --gh: the repository")
    parser.add_argument("--labels", action="store_true",
                        help="with --gh: add postmortem/priority/kind labels "
                        "(they must exist in the repository)")
    parser.set_defaults(func=run_list)

    commands = parser.add_subparsers(title="changing an item", metavar="ACTION")
    done = commands.add_parser("done", help="mark an action item done",
                               description="Mark an action item done (today, or --date).")
    done.add_argument("ref", metavar="ID", help="the action item, e.g. PM-2026-0007-A2")
    done.add_argument("--date", type=date_arg, metavar="DATE", help="when it was done")
    done.set_defaults(func=run_done)
    drop = commands.add_parser("drop", help="drop an action item, saying why",
                               description="Drop an action item; the reason is kept.")
    drop.add_argument("ref", metavar="ID", help="the action item, e.g. PM-2026-0007-A2")
    drop.add_argument("--reason", required=True, metavar="TEXT", help="why it is dropped")
    drop.set_defaults(func=run_drop)
    reopen = commands.add_parser("reopen", help="put a closed action item back to open")
    reopen.add_argument("ref", metavar="ID")
    reopen.set_defaults(func=run_reopen)


def run_list(args: argparse.Namespace) -> int:
    from facilitator.store.tracking import action_items, actions_csv, gh_commands

    today = args.today or date.today()
    if (args.csv or args.gh) and args.status is None:
        args.status = str(ActionStatus.OPEN)  # exports are for work still to do
    archive = open_archive(args)
    try:
        rows = action_items(archive, owner=args.owner, status=args.status,
                            priority=args.priority, overdue=args.overdue, today=today,
                            postmortem_id=args.pm.upper() if args.pm else None)
    except ArchiveError as error:
        return archive_failed(error)
    finally:
        archive.close()
    if args.json:
        sys.stdout.write(json_text([row.to_dict(today) for row in rows]))
    elif args.csv:
        sys.stdout.write(actions_csv(rows))
    elif args.gh:
        for command in gh_commands(rows, repo=args.repo, labels=args.labels):
            print(command)
    else:
        if not rows:
            print("No action items match.", file=sys.stderr)
        for row in rows:
            flag = " OVERDUE" if row.overdue(today) else ""
            due = row.due.isoformat() if row.due else "no date"
            owner = one_line(row.owner) or "(no owner)"
            text = one_line(row.description)
            print(f"{row.ref:<18} {row.status:<7} {row.priority:<6} {due:<10} {owner:<20} "
                  f"{text}{flag}")
    return EXIT_OK


def _closing(args: argparse.Namespace, change: Callable[[Archive], ActionItem]) -> int:
    from facilitator.store.tracking import parse_ref

    try:
        parse_ref(args.ref)
    except ArchiveError as error:
        return archive_failed(error)
    archive = open_archive(args)
    try:
        item = change(archive)
    except ArchiveError as error:
        return archive_failed(error)
    finally:
        archive.close()
    ref = args.ref.strip().upper()
    when = f" on {item.completed.isoformat()}" if item.completed else ""
    print(f"{ref}: {item.status}{when}")
    return EXIT_OK


def run_done(args: argparse.Namespace) -> int:
    from facilitator.store.tracking import mark_done

    if args.date and args.date > date.today():
        return fail(f"--date {args.date} is in the future", "give the day it was done")
    return _closing(args, lambda archive: mark_done(archive, args.ref, args.date))


def run_drop(args: argparse.Namespace) -> int:
    from facilitator.store.tracking import mark_dropped

    return _closing(args, lambda archive: mark_dropped(archive, args.ref, args.reason))


def run_reopen(args: argparse.Namespace) -> int:
    from facilitator.store.tracking import reopen

    return _closing(args, lambda archive: reopen(archive, args.ref))
