"""Action items across the archive: filters, closing items, CSV and gh exports."""

from __future__ import annotations

import csv
import io
import shlex
from datetime import date

import pytest
from learning_expected import TODAY

from facilitator.core.model import ActionItem, PostMortem
from facilitator.store.errors import ArchiveError, NotFound
from facilitator.store.tracking import (
    CSV_COLUMNS,
    action_items,
    actions_csv,
    count_action_items,
    gh_commands,
    mark_done,
    mark_dropped,
    parse_ref,
    reopen,
)


def _all(pms: list[PostMortem]) -> list[tuple[PostMortem, ActionItem]]:
    return [(pm, a) for pm in pms for a in pm.action_items]


@pytest.mark.parametrize("filters", [
    {}, {"owner": "maria"}, {"owner": "$(WHOAMI)"}, {"status": "done"}, {"status": "dropped"},
    {"priority": "must"}, {"overdue": True}, {"overdue": True, "priority": "must"},
    {"owner": "sam", "status": "open"},
])
def test_filters_match_plain_python(archive, pms: list[PostMortem], filters: dict) -> None:
    def keep(a: ActionItem) -> bool:
        if "owner" in filters and filters["owner"].lower() not in a.owner.lower():
            return False
        if "status" in filters and str(a.status) != filters["status"]:
            return False
        if "priority" in filters and str(a.priority) != filters["priority"]:
            return False
        return not filters.get("overdue") or (
            str(a.status) == "open" and a.due is not None and a.due < TODAY)

    expected = {a.ref(pm.id) for pm, a in _all(pms) if keep(a)}
    rows = action_items(archive, today=TODAY, **filters)
    assert {r.ref for r in rows} == expected
    assert len(rows) == len(expected) > 0
    assert count_action_items(archive, today=TODAY, **filters) == len(expected)
    dues = [r.due for r in rows if r.due]
    assert dues == sorted(dues)
    assert all(r.due is None for r in rows[len(dues):])


def test_paging_covers_everything_once(archive, pms: list[PostMortem]) -> None:
    every = [r.ref for r in action_items(archive, today=TODAY)]
    pages = []
    for offset in range(0, len(every), 37):
        pages += [r.ref for r in action_items(archive, today=TODAY, limit=37, offset=offset)]
    assert pages == every and len(every) == len(_all(pms))


def test_mark_done_drop_and_reopen(archive, pms: list[PostMortem]) -> None:
    pm, item = next((pm, a) for pm, a in _all(pms) if str(a.status) == "open")
    ref = item.ref(pm.id)
    mark_done(archive, ref.lower(), date(2026, 5, 2))
    saved = archive.load(pm.id)
    closed = next(a for a in saved.action_items if a.number == item.number)
    assert (str(closed.status), closed.completed) == ("done", date(2026, 5, 2))
    # Other items of the same post-mortem are untouched.
    assert [(a.number, a.status) for a in saved.action_items if a.number != item.number] == [
        (a.number, a.status) for a in pm.action_items if a.number != item.number]
    assert ref in {r.ref for r in action_items(archive, status="done")}

    mark_dropped(archive, ref, "Replaced by the new gateway [see PM-2026-0003]")
    dropped = next(a for a in archive.load(pm.id).action_items if a.number == item.number)
    assert str(dropped.status) == "dropped" and dropped.completed is None
    assert dropped.note == "Replaced by the new gateway [see PM-2026-0003]"

    reopen(archive, ref)
    assert ref in {r.ref for r in action_items(archive, status="open")}


def test_bad_refs_and_reasons(archive, pms: list[PostMortem]) -> None:
    with pytest.raises(ArchiveError, match="not an action item id"):
        parse_ref("PM-2026-0001")
    with pytest.raises(NotFound):
        mark_done(archive, "PM-1999-0001-A1")
    with pytest.raises(NotFound, match="no action item"):
        mark_done(archive, f"{pms[0].id}-A99")
    pm, item = _all(pms)[0]
    with pytest.raises(ArchiveError, match="reason"):
        mark_dropped(archive, item.ref(pm.id), "   ")
    assert parse_ref("pm-2026-0012-a3") == ("PM-2026-0012", 3)


def test_csv_parses_back_with_tracker_columns(archive) -> None:
    rows = action_items(archive, status="open", today=TODAY)
    rows[0].description = '=HYPERLINK("http://evil") "quoted", line\nbreak\x1b[31m'
    rows[0].owner = "Dana $(whoami)"
    parsed = list(csv.DictReader(io.StringIO(actions_csv(rows))))
    assert tuple(parsed[0]) == CSV_COLUMNS
    assert len(parsed) == len(rows)
    first = parsed[0]
    assert first["Title"].startswith("'=HYPERLINK")  # not a formula in a spreadsheet
    assert "\x1b" not in first["Description"] and "line\nbreak" in first["Description"]
    assert first["Assignee"] == "Dana $(whoami)"
    for row, record in zip(rows, parsed, strict=True):
        assert record["ID"] == row.ref
        assert record["Due Date"] == (row.due.isoformat() if row.due else "")
        assert record["Priority"] == row.priority
        assert f"priority:{row.priority}" in record["Labels"].split(",")
        assert record["Link"] == row.link


def test_gh_commands_quote_every_user_value(archive) -> None:
    rows = action_items(archive, status="open", today=TODAY)[:5]
    hostile = "x'; rm -rf ~; echo '$(reboot)` `\nnext"
    rows[0].description = hostile
    rows[0].success_criterion = '"quoted" $HOME'
    commands = gh_commands(rows, repo="acme/ops", labels=True)
    assert len(commands) == 5
    for row, command in zip(rows, commands, strict=True):
        words = shlex.split(command)
        assert words[:5] == ["gh", "issue", "create", "--repo", "acme/ops"]
        options = dict(zip(words[3::2], words[4::2], strict=False))
        assert row.ref in options["--body"]
        assert words.count("--label") == 3
    first = dict(zip(shlex.split(commands[0])[3::2], shlex.split(commands[0])[4::2],
                     strict=False))
    assert first["--title"] == "x'; rm -rf ~; echo '$(reboot)` ` next"
    assert hostile in first["--body"] and '"quoted" $HOME' in first["--body"]
    assert "--label" not in gh_commands(rows)[0]
