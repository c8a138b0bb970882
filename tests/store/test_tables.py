"""Converters between table rows and post-mortems, without a database."""

from __future__ import annotations

from collections.abc import Callable

from facilitator.core.model import PostMortem
from facilitator.store import tables as t


def test_rows_round_trip(make_postmortem: Callable[..., PostMortem]) -> None:
    pm = make_postmortem()
    pm.id = "PM-2026-0007"
    pm.number_action_items()
    rows = t.postmortem_to_rows(pm)
    assert isinstance(rows.postmortem, t.PostMortemRow)
    assert rows.postmortem.date == "2026-03-04"
    assert rows.postmortem.incident_start == "2026-03-04T14:02:00+01:00"
    assert [r.answer for r in rows.of(t.WhyRow)] == pm.why_chains[0].whys
    assert {r.section for r in rows.of(t.ListItemRow)} == set(t.LIST_SECTIONS)
    assert t.rows_to_postmortem(rows) == pm


def test_child_rows_may_come_in_any_order(make_postmortem: Callable[..., PostMortem]) -> None:
    pm = make_postmortem()
    pm.number_action_items()
    rows = t.postmortem_to_rows(pm, pm_id="PM-2026-0001")
    shuffled = t.PostMortemRows(rows.postmortem,
                                {name: list(reversed(r)) for name, r in rows.children.items()})
    back = t.rows_to_postmortem(shuffled)
    assert back.timeline == pm.timeline
    assert back.action_items == pm.action_items
    assert back.why_chains == pm.why_chains


def test_every_table_has_its_name_and_a_postmortem_key() -> None:
    names = [table.name for table in t.all_tables()]
    assert names == ["schema_meta", "postmortem", "participant", "service", "tag",
                     "timeline_event", "why_chain", "why", "factor", "action_item",
                     "list_item", "dismissed_flag"]
    for model in t.CHILD_ROWS:
        table = model.__table__  # type: ignore[attr-defined]
        assert "postmortem_id" in table.c
        (fk,) = table.c.postmortem_id.foreign_keys
        assert fk.target_fullname == "postmortem.id"
