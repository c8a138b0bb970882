"""``facilitator report``: the learning review's figures for a period."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
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
from facilitator.store.errors import ArchiveError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from facilitator.store.learning import Count, LearningReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="learning review figures across the archive",
        description="Patterns across post-mortems for a period: counts by severity, service, "
        "tag and factor category; recurring factors and services; how incidents were "
        "detected; when they start; time to detect and resolve per month; action-item "
        "completion, on-time rate and overdue items; threshold warnings.",
        epilog="exit status: 0 success, 2 usage error or archive problem. Dates are "
        "inclusive and apply to the incident's date.",
    )
    parser.add_argument("--since", type=date_arg, metavar="DATE", help="first incident date")
    parser.add_argument("--until", type=date_arg, metavar="DATE", help="last incident date")
    parser.add_argument("--today", type=date_arg, metavar="DATE", help=argparse.SUPPRESS)
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print every figure as one JSON object")
    form.add_argument("--markdown", action="store_true",
                      help="print the review as a Markdown page for the wiki")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write to this file instead of stdout (with --markdown or --json)")
    parser.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from facilitator.store.learning import learning_report, report_to_markdown

    if args.since and args.until and args.since > args.until:
        return fail(f"--since {args.since} is after --until {args.until}",
                    "give the earlier date to --since")
    if args.output and not (args.json or args.markdown):
        args.markdown = True
    archive = open_archive(args)
    try:
        report = learning_report(archive, since=args.since, until=args.until, today=args.today)
    except ArchiveError as error:
        return archive_failed(error)
    finally:
        archive.close()
    if args.json:
        output = json_text(report.to_dict())
    elif args.markdown:
        output = report_to_markdown(report)
    else:
        output = _text(report)
    if args.output:
        from facilitator.store.private_files import write_private

        try:
            write_private(Path(args.output), output)  # owner-only: it names people
        except OSError as error:
            return fail(f"cannot write {args.output}: {error.strerror}",
                        "choose a path in a directory you can write to")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(output)
    return EXIT_OK


def _text(report: LearningReport) -> str:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value * 100:.0f}%"

    def counts(items: Iterable[Count]) -> str:
        return ", ".join(f"{one_line(c.key)} {c.count}" for c in items if c.count) or "—"

    a = report.actions
    lines = [
        f"Learning review {report.since or 'start'} .. {report.until or report.today}: "
        f"{report.incidents} post-mortems",
        f"  severity:  {counts(report.by_severity)}",
        f"  services:  {counts(report.by_service[:10])}",
        f"  tags:      {counts(report.by_tag[:10])}",
        f"  factors:   {counts(report.by_factor_category)}",
        f"  detection: {counts(report.detection)}",
        f"Action items: {a.total} ({a.done} done, {a.open} open, {a.dropped} dropped); "
        f"completion {pct(a.completion_rate)}; on time {pct(a.on_time_rate)} "
        f"(bar {a.bar * 100:.0f}%); overdue {a.overdue}",
    ]
    if report.recurring_factors:
        lines.append("Recurring contributing factors:")
        lines += [f"  {one_line(r.label)}: seen in {r.count} post-mortems "
                  f"({', '.join(r.ids[:5])}{' …' if r.count > 5 else ''})"
                  for r in report.recurring_factors[:10]]
    if report.warnings:
        lines.append("Warnings:")
        lines += [f"  ! {one_line(w.message)}" for w in report.warnings]
    months = report.times_by_month[-6:]
    if months:
        lines.append("Median time to detect / resolve (last months):")
        lines += [f"  {m.month}: detect {_duration(m.detect_median_s)}, "
                  f"resolve {_duration(m.resolve_median_s)}" for m in months]
    return "\n".join(lines) + "\n"


def _duration(seconds: float | None) -> str:
    from datetime import timedelta

    from facilitator.core.model import format_duration

    return format_duration(None if seconds is None else timedelta(seconds=round(seconds)))
