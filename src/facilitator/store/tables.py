"""The archive's tables, and explicit converters between rows and ``PostMortem`` objects.

The schema is meant to be read with plain SQL by other tools (``sqlite3``, Datasette), so it
is normalized and uses plain values:

- enums are stored as their text value (``'SEV-1'``, ``'in review'``, ``'technical'``);
- moments are ISO 8601 text *with their UTC offset* (``2026-03-04T14:02:00+01:00``), which
  SQLite's date functions understand: ``julianday(detected) - julianday(incident_start)``;
- dates are ``YYYY-MM-DD`` text; booleans are 0/1;
- every list keeps its order in a ``position`` column (0-based).

``postmortem.date`` is the incident's date (as ``PostMortem.date`` derives it), kept as a
column only so that reports can filter and group by it; it is rewritten on every save.

Durations are never stored: derive them from the times (or load the post-mortem).

The full-text index (``postmortem_fts``) is an FTS5 virtual table managed by the archive,
not declared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table
from sqlmodel import Field, SQLModel

from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    DismissedFlag,
    EventKind,
    FactorCategory,
    Impact,
    PostMortem,
    Priority,
    Severity,
    Status,
    TimelineEvent,
    WhyChain,
)

SCHEMA_VERSION = 1

# Sections of ``list_item``: each is a list of strings on ``PostMortem``.
LIST_SECTIONS = ("went_well", "went_poorly", "lucky", "takeaways", "lessons")

_FK = "postmortem.id"


class SchemaMeta(SQLModel, table=True):
    """Facts about the archive file itself; ``name='version'`` holds the schema version."""

    __tablename__ = "schema_meta"

    name: str = Field(primary_key=True)
    value: str


class PostMortemRow(SQLModel, table=True):
    """One post-mortem's own fields; its lists live in the child tables below."""

    __tablename__ = "postmortem"

    id: str = Field(primary_key=True)  # PM-2026-0007
    title: str = ""
    status: str = Field(default="draft", index=True)
    severity: str = Field(default="SEV-3", index=True)
    timezone: str = "UTC"
    incident_start: str | None = None
    detected: str | None = None
    acknowledged: str | None = None
    mitigated: str | None = None
    resolved: str | None = None
    meeting_at: str | None = None
    date: str | None = Field(default=None, index=True)
    incident_lead: str = ""
    facilitator: str = ""
    summary: str = ""
    impact_users_affected: str = ""
    impact_duration: str = ""
    impact_slo_breached: str = ""
    impact_revenue: str = ""
    impact_notes: str = ""
    opening_statement: str = ""
    created_at: str = ""  # UTC, ISO 8601
    updated_at: str = ""  # UTC, ISO 8601
    # The app's resume state (agenda preset, current stage, timers) as JSON text.
    meeting_state: str | None = None


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    name: str = Field(index=True)


class ServiceRow(SQLModel, table=True):
    __tablename__ = "service"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    name: str = Field(index=True)


class TagRow(SQLModel, table=True):
    __tablename__ = "tag"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    name: str = Field(index=True)


class TimelineEventRow(SQLModel, table=True):
    __tablename__ = "timeline_event"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    at: str  # ISO 8601 with offset
    kind: str = "other"
    description: str = ""
    known_at_time: str = ""


class WhyChainRow(SQLModel, table=True):
    """A five-whys chain's problem statement; its answers are rows of ``why``."""

    __tablename__ = "why_chain"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    chain: int = Field(primary_key=True)
    problem: str = ""


class WhyRow(SQLModel, table=True):
    """One answer ("because ...") in chain ``chain``, in order of ``position``."""

    __tablename__ = "why"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    chain: int = Field(primary_key=True)
    position: int = Field(primary_key=True)
    answer: str = ""


class FactorRow(SQLModel, table=True):
    __tablename__ = "factor"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    description: str = ""
    category: str = Field(default="technical", index=True)
    known_risk: bool = False


class ActionItemRow(SQLModel, table=True):
    """An action item; ``number`` is stable (A1, A2, ...), ``position`` is the list order.

    Its command-line id is ``postmortem_id || '-A' || number`` (``PM-2026-0007-A2``).
    """

    __tablename__ = "action_item"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    number: int = Field(primary_key=True)
    position: int = 0
    description: str = ""
    owner: str = Field(default="", index=True)
    due: date | None = Field(default=None, index=True)
    success_criterion: str = ""
    priority: str = "should"
    kind: str = "prevent"
    link: str = ""
    status: str = Field(default="open", index=True)
    completed: date | None = None
    note: str = ""


class ListItemRow(SQLModel, table=True):
    """One entry of went_well, went_poorly, lucky, takeaways or lessons (``section``)."""

    __tablename__ = "list_item"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    section: str = Field(primary_key=True)
    position: int = Field(primary_key=True)
    text: str = ""


class DismissedFlagRow(SQLModel, table=True):
    __tablename__ = "dismissed_flag"

    postmortem_id: str = Field(foreign_key=_FK, primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    fingerprint: str = ""
    rule: str = ""
    text: str = ""
    reason: str = ""


# Child tables, in the order they are written; the post-mortem row comes first.
CHILD_ROWS: tuple[type[SQLModel], ...] = (
    ParticipantRow,
    ServiceRow,
    TagRow,
    TimelineEventRow,
    WhyChainRow,
    WhyRow,
    FactorRow,
    ActionItemRow,
    ListItemRow,
    DismissedFlagRow,
)

ALL_ROWS: tuple[type[SQLModel], ...] = (SchemaMeta, PostMortemRow, *CHILD_ROWS)


def all_tables() -> list[Table]:
    """Our tables only (``SQLModel.metadata`` is shared with any other table class)."""
    return [model.__table__ for model in ALL_ROWS]  # type: ignore[attr-defined]


# --- converters -------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass
class PostMortemRows:
    """Everything one post-mortem is stored as: its row and its child rows by table name.

    Rows are table objects (``PostMortemRow``, ...) or anything with the same attributes,
    such as the rows SQLAlchemy Core returns, which the archive reads for speed.
    """

    postmortem: Any
    children: dict[str, list[Any]] = field(default_factory=dict)

    def of(self, model: type[SQLModel]) -> list[Any]:
        """The child rows of one table."""
        return self.children.get(_name(model), [])


def _name(model: type[SQLModel]) -> str:
    return str(model.__tablename__)


def postmortem_to_records(pm: PostMortem, *, pm_id: str | None = None
                          ) -> dict[str, list[dict[str, Any]]]:
    """Column values for ``pm`` (under ``pm_id`` if given, else ``pm.id``), by table name.

    ``created_at``, ``updated_at`` and ``meeting_state`` are left for the archive to fill.
    Action items must already be numbered (``pm.number_action_items()``).
    """
    key = pm_id if pm_id is not None else pm.id
    incident_date = pm.date
    records: dict[str, list[dict[str, Any]]] = {_name(m): [] for m in ALL_ROWS[1:]}
    records[_name(PostMortemRow)].append(dict(
        id=key,
        title=pm.title,
        status=str(pm.status),
        severity=str(pm.severity),
        timezone=pm.timezone,
        incident_start=_iso(pm.incident_start),
        detected=_iso(pm.detected),
        acknowledged=_iso(pm.acknowledged),
        mitigated=_iso(pm.mitigated),
        resolved=_iso(pm.resolved),
        meeting_at=_iso(pm.meeting_at),
        date=incident_date.isoformat() if incident_date else None,
        incident_lead=pm.incident_lead,
        facilitator=pm.facilitator,
        summary=pm.summary,
        impact_users_affected=pm.impact.users_affected,
        impact_duration=pm.impact.duration,
        impact_slo_breached=pm.impact.slo_breached,
        impact_revenue=pm.impact.revenue,
        impact_notes=pm.impact.notes,
        opening_statement=pm.opening_statement,
    ))
    for model, names in ((ParticipantRow, pm.participants), (ServiceRow, pm.services),
                         (TagRow, pm.tags)):
        records[_name(model)] = [dict(postmortem_id=key, position=i, name=name)
                                 for i, name in enumerate(names)]
    records[_name(TimelineEventRow)] = [
        dict(postmortem_id=key, position=i, at=event.at.isoformat(), kind=str(event.kind),
             description=event.description, known_at_time=event.known_at_time)
        for i, event in enumerate(pm.timeline)
    ]
    for c, chain in enumerate(pm.why_chains):
        records[_name(WhyChainRow)].append(dict(postmortem_id=key, chain=c,
                                                problem=chain.problem))
        records[_name(WhyRow)] += [dict(postmortem_id=key, chain=c, position=i, answer=answer)
                                   for i, answer in enumerate(chain.whys)]
    records[_name(FactorRow)] = [
        dict(postmortem_id=key, position=i, description=factor.description,
             category=str(factor.category), known_risk=factor.known_risk)
        for i, factor in enumerate(pm.factors)
    ]
    records[_name(ActionItemRow)] = [
        dict(postmortem_id=key, number=item.number, position=i, description=item.description,
             owner=item.owner, due=item.due, success_criterion=item.success_criterion,
             priority=str(item.priority), kind=str(item.kind), link=item.link,
             status=str(item.status), completed=item.completed, note=item.note)
        for i, item in enumerate(pm.action_items)
    ]
    records[_name(ListItemRow)] = [
        dict(postmortem_id=key, section=section, position=i, text=text)
        for section in LIST_SECTIONS
        for i, text in enumerate(getattr(pm, section))
    ]
    records[_name(DismissedFlagRow)] = [
        dict(postmortem_id=key, position=i, fingerprint=flag.fingerprint, rule=flag.rule,
             text=flag.text, reason=flag.reason)
        for i, flag in enumerate(pm.dismissed)
    ]
    return records


def postmortem_to_rows(pm: PostMortem, *, pm_id: str | None = None) -> PostMortemRows:
    """Table objects for ``pm`` (see ``postmortem_to_records`` for the values)."""
    records = postmortem_to_records(pm, pm_id=pm_id)
    (parent,) = records[_name(PostMortemRow)]
    return PostMortemRows(
        PostMortemRow(**parent),
        {_name(model): [model(**record) for record in records[_name(model)]]
         for model in CHILD_ROWS},
    )


def _ordered(rows: list[Any], *keys: str) -> list[Any]:
    return sorted(rows, key=lambda r: tuple(getattr(r, k) for k in keys))


def rows_to_postmortem(rows: PostMortemRows) -> PostMortem:
    """The ``PostMortem`` that ``rows`` store (child rows may come in any order)."""
    row = rows.postmortem
    pm = PostMortem(
        id=row.id,
        title=row.title,
        status=Status(row.status),
        severity=Severity(row.severity),
        timezone=row.timezone,
        incident_start=_moment(row.incident_start),
        detected=_moment(row.detected),
        acknowledged=_moment(row.acknowledged),
        mitigated=_moment(row.mitigated),
        resolved=_moment(row.resolved),
        meeting_at=_moment(row.meeting_at),
        incident_lead=row.incident_lead,
        facilitator=row.facilitator,
        summary=row.summary,
        impact=Impact(
            users_affected=row.impact_users_affected,
            duration=row.impact_duration,
            slo_breached=row.impact_slo_breached,
            revenue=row.impact_revenue,
            notes=row.impact_notes,
        ),
        opening_statement=row.opening_statement,
    )
    pm.participants = [r.name for r in _ordered(rows.of(ParticipantRow), "position")]
    pm.services = [r.name for r in _ordered(rows.of(ServiceRow), "position")]
    pm.tags = [r.name for r in _ordered(rows.of(TagRow), "position")]
    pm.timeline = [
        TimelineEvent(at=datetime.fromisoformat(r.at), description=r.description,
                      kind=EventKind(r.kind), known_at_time=r.known_at_time)
        for r in _ordered(rows.of(TimelineEventRow), "position")
    ]
    answers: dict[int, list[str]] = {}
    for r in _ordered(rows.of(WhyRow), "chain", "position"):
        answers.setdefault(r.chain, []).append(r.answer)
    pm.why_chains = [WhyChain(problem=r.problem, whys=answers.get(r.chain, []))
                     for r in _ordered(rows.of(WhyChainRow), "chain")]
    pm.factors = [
        ContributingFactor(description=r.description, category=FactorCategory(r.category),
                           known_risk=bool(r.known_risk))
        for r in _ordered(rows.of(FactorRow), "position")
    ]
    pm.action_items = [
        ActionItem(description=r.description, owner=r.owner, due=r.due,
                   success_criterion=r.success_criterion, priority=Priority(r.priority),
                   kind=ActionKind(r.kind), link=r.link, status=ActionStatus(r.status),
                   completed=r.completed, note=r.note, number=r.number)
        for r in _ordered(rows.of(ActionItemRow), "position", "number")
    ]
    sections: dict[str, list[str]] = {name: [] for name in LIST_SECTIONS}
    for r in _ordered(rows.of(ListItemRow), "section", "position"):
        sections.setdefault(r.section, []).append(r.text)
    for name in LIST_SECTIONS:
        setattr(pm, name, sections[name])
    pm.dismissed = [
        DismissedFlag(fingerprint=r.fingerprint, rule=r.rule, text=r.text, reason=r.reason)
        for r in _ordered(rows.of(DismissedFlagRow), "position")
    ]
    return pm
