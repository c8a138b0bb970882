"""Action items across the archive: find them, close them, hand them to an issue tracker.

Listing is one SQL query with the filters in its WHERE clause (and LIMIT/OFFSET for paging);
closing an item goes through ``Archive.load`` / ``Archive.save`` so the search index and the
post-mortem's ``updated_at`` follow.
"""

from __future__ import annotations

import csv
import io
import re
import shlex
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from facilitator.core.model import ActionItem, ActionStatus, Priority
from facilitator.store.errors import ArchiveError, NotFound
from facilitator.store.patterns import is_overdue

REF_PATTERN = re.compile(r"^(PM-\d{4}-\d{4,})-A(\d+)$", re.IGNORECASE)
# Control characters (terminal escapes, NUL...) never reach a tracker or a shell line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Spreadsheets run a cell that starts with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = ("Title", "Description", "Assignee", "Due Date", "Priority", "Labels", "Status",
               "Link", "ID", "Post-mortem")


@dataclass
class ActionRow:
    """One action item with the post-mortem it came from."""

    ref: str
    postmortem_id: str
    postmortem_title: str
    number: int
    description: str
    owner: str
    due: date | None
    success_criterion: str
    priority: str
    kind: str
    link: str
    status: str
    completed: date | None
    note: str

    def overdue(self, today: date) -> bool:
        """Open and past its due date on ``today``."""
        return is_overdue(self.status, self.due, today)

    def to_dict(self, today: date) -> dict[str, Any]:
        data = {"id": self.ref, **asdict(self)}
        data["due"] = self.due.isoformat() if self.due else None
        data["completed"] = self.completed.isoformat() if self.completed else None
        data["overdue"] = self.overdue(today)
        return data


def parse_ref(ref: str) -> tuple[str, int]:
    """``PM-2026-0007-A2`` -> ``("PM-2026-0007", 2)``; ``ArchiveError`` if it is not one."""
    match = REF_PATTERN.match(ref.strip())
    if not match:
        raise ArchiveError(f"not an action item id: {ref!r}",
                           "action item ids look like PM-2026-0007-A2 (see: facilitator actions)")
    return match.group(1).upper(), int(match.group(2))


def _filters(owner: str | None, status: str | None, priority: str | None, overdue: bool,
             today: date, postmortem_id: str | None) -> tuple[str, dict[str, Any]]:
    where = ["1 = 1"]
    params: dict[str, Any] = {"today": today.isoformat()}
    if owner:
        # Case-insensitive "contains": "maria" finds "Maria Lopez".
        where.append("instr(lower(a.owner), lower(:owner)) > 0")
        params["owner"] = owner
    if status:
        where.append("a.status = :status")
        params["status"] = str(ActionStatus(status))
    if priority:
        where.append("a.priority = :priority")
        params["priority"] = str(Priority(priority))
    if overdue:
        where.append("a.status = 'open' AND a.due IS NOT NULL AND a.due < :today")
    if postmortem_id:
        where.append("a.postmortem_id = :pm_id")
        params["pm_id"] = postmortem_id
    return " AND ".join(where), params


def action_items(source: Any, *, owner: str | None = None, status: str | None = None,
                 priority: str | None = None, overdue: bool = False,
                 today: date | None = None, postmortem_id: str | None = None,
                 limit: int | None = None, offset: int = 0) -> list[ActionRow]:
    """Action items matching every filter given: earliest due first (no date last).

    ``owner`` matches any part of the owner's name, ignoring case; ``status`` and
    ``priority`` are the model's values (``ValueError`` for others); ``overdue`` keeps open
    items past due on ``today``.
    """
    today = today or date.today()
    where, params = _filters(owner, status, priority, overdue, today, postmortem_id)
    params.update(limit=-1 if limit is None else limit, offset=offset)
    engine = getattr(source, "engine", source)
    with engine.connect() as conn:
        rows = conn.execute(text(f"""
            SELECT a.postmortem_id, p.title, a.number, a.description, a.owner, a.due,
                   a.success_criterion, a.priority, a.kind, a.link, a.status, a.completed, a.note
            FROM action_item a JOIN postmortem p ON p.id = a.postmortem_id
            WHERE {where}
            ORDER BY a.due IS NULL, a.due, a.postmortem_id, a.number
            LIMIT :limit OFFSET :offset"""), params).all()
    return [
        ActionRow(f"{r[0]}-A{r[2]}", r[0], r[1], int(r[2]), r[3], r[4], _date(r[5]), r[6], r[7],
                  r[8], r[9], r[10], _date(r[11]), r[12])
        for r in rows
    ]


def count_action_items(source: Any, *, owner: str | None = None, status: str | None = None,
                       priority: str | None = None, overdue: bool = False,
                       today: date | None = None) -> int:
    """How many action items ``action_items`` would list with the same filters."""
    where, params = _filters(owner, status, priority, overdue, today or date.today(), None)
    engine = getattr(source, "engine", source)
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM action_item a WHERE {where}"),
                                params).scalar_one())


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _change(archive: Any, ref: str, change: Any) -> ActionItem:
    pm_id, number = parse_ref(ref)
    pm = archive.load(pm_id)
    for item in pm.action_items:
        if item.number == number:
            change(item)
            archive.save(pm)
            return item
    raise NotFound(f"no action item {pm_id}-A{number} in {pm_id}",
                   f"see its action items with: facilitator actions --pm {pm_id}")


def mark_done(archive: Any, ref: str, on: date | None = None) -> ActionItem:
    """Close the action item ``ref`` as done on ``on`` (today by default)."""
    def change(item: ActionItem) -> None:
        item.status = ActionStatus.DONE
        item.completed = on or date.today()

    return _change(archive, ref, change)


def mark_dropped(archive: Any, ref: str, reason: str) -> ActionItem:
    """Close the action item ``ref`` as dropped, keeping why in its note."""
    if not reason.strip():
        raise ArchiveError("a dropped action item needs a reason",
                           "say why with --reason, e.g. --reason 'replaced by PM-2026-0012-A1'")

    def change(item: ActionItem) -> None:
        item.status = ActionStatus.DROPPED
        item.completed = None
        item.note = reason.strip()

    return _change(archive, ref, change)


def reopen(archive: Any, ref: str) -> ActionItem:
    """Put a closed action item back to open."""
    def change(item: ActionItem) -> None:
        item.status = ActionStatus.OPEN
        item.completed = None

    return _change(archive, ref, change)


# --- handing items to a tracker ---------------------------------------------------------


def clean(value: str) -> str:
    """User text without control characters (newlines and tabs become spaces)."""
    return _CONTROL.sub("", value.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))


def _title(row: ActionRow) -> str:
    line = " ".join(clean(row.description).split())
    return line if len(line) <= 120 else line[:119] + "…"


def _body(row: ActionRow) -> str:
    parts = [clean(row.description).strip(), ""]
    if row.success_criterion:
        parts.append(f"Done when: {clean(row.success_criterion).strip()}")
    parts.append(f"Owner: {clean(row.owner) or '(none)'}")
    parts.append(f"Due: {row.due.isoformat() if row.due else '(none)'}")
    parts.append(f"Priority: {row.priority}; kind: {row.kind}")
    parts.append(f"From post-mortem {row.postmortem_id} ({clean(row.postmortem_title)}), "
                 f"action item {row.ref}.")
    return "\n".join(parts)


def _labels(row: ActionRow) -> list[str]:
    return ["postmortem", f"priority:{row.priority}", f"kind:{row.kind}"]


def _cell(value: str) -> str:
    # A leading quote keeps a spreadsheet from running "=HYPERLINK(...)" typed as text.
    return "'" + value if value.startswith(_FORMULA_START) else value


def actions_csv(rows: list[ActionRow]) -> str:
    """CSV that issue trackers import (Jira, Linear, GitHub via importers): one row per item."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(v) for v in (
            _title(row), _body(row), clean(row.owner), row.due.isoformat() if row.due else "",
            row.priority, ",".join(_labels(row)), row.status, clean(row.link), row.ref,
            row.postmortem_id)])
    return out.getvalue()


def gh_commands(rows: list[ActionRow], *, repo: str | None = None,
                labels: bool = False) -> list[str]:
    """One ``gh issue create`` command per item, every user value shell-quoted.

    Labels are off by default: ``gh`` refuses labels the repository does not have yet.
    """
    commands = []
    for row in rows:
        words = ["gh", "issue", "create"]
        if repo:
            words += ["--repo", repo]
        words += ["--title", _title(row), "--body", _body(row)]
        if labels:
            for label in _labels(row):
                words += ["--label", label]
        commands.append(" ".join(shlex.quote(w) for w in words))
    return commands
