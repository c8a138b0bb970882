"""The post-mortem as a plain domain object.

Nothing here touches a database, a terminal or a file: the archive (``store``), the Markdown
export and the app all convert to and from these dataclasses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in review"
    FINAL = "final"


class Severity(StrEnum):
    SEV1 = "SEV-1"
    SEV2 = "SEV-2"
    SEV3 = "SEV-3"
    SEV4 = "SEV-4"
    SEV5 = "SEV-5"


class EventKind(StrEnum):
    DETECTION = "detection"
    ALERT = "alert"
    ACTION = "action"
    DECISION = "decision"
    COMMUNICATION = "communication"
    MITIGATION = "mitigation"
    RESOLUTION = "resolution"
    OTHER = "other"


class FactorCategory(StrEnum):
    TECHNICAL = "technical"
    PROCESS = "process"
    ORGANIZATIONAL = "organizational"
    ENVIRONMENTAL = "environmental"


class Priority(StrEnum):
    MUST = "must"
    SHOULD = "should"
    NICE = "nice"


class ActionKind(StrEnum):
    PREVENT = "prevent"
    MITIGATE = "mitigate"
    DETECT = "detect"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


ID_PATTERN = re.compile(r"^PM-(\d{4})-(\d{4,})$")


def format_id(year: int, number: int) -> str:
    """The human-friendly id of the ``number``-th post-mortem of ``year``: ``PM-2026-0007``."""
    return f"PM-{year:04d}-{number:04d}"


@dataclass
class Impact:
    """What the incident cost, as the team wrote it (free text keeps "~12k" and "3 of 40")."""

    users_affected: str = ""
    duration: str = ""
    slo_breached: str = ""
    revenue: str = ""
    notes: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass
class TimelineEvent:
    at: datetime
    description: str
    kind: EventKind = EventKind.OTHER
    # For decisions: what the people deciding knew at that moment.
    known_at_time: str = ""


@dataclass
class WhyChain:
    problem: str
    whys: list[str] = field(default_factory=list)


@dataclass
class ContributingFactor:
    description: str
    category: FactorCategory = FactorCategory.TECHNICAL
    # True: a risk the team knew about before; False: a surprise.
    known_risk: bool = False


@dataclass
class ActionItem:
    description: str
    owner: str = ""
    due: date | None = None
    success_criterion: str = ""
    priority: Priority = Priority.SHOULD
    kind: ActionKind = ActionKind.PREVENT
    link: str = ""
    status: ActionStatus = ActionStatus.OPEN
    completed: date | None = None
    # Why an item was dropped, or any closing remark.
    note: str = ""
    # Stable number within its post-mortem (A1, A2, ...); 0 until first saved.
    number: int = 0

    def ref(self, postmortem_id: str) -> str:
        """The id used on the command line: ``PM-2026-0007-A2``."""
        return f"{postmortem_id}-A{self.number}"


@dataclass
class DismissedFlag:
    """A language flag the facilitator chose to keep (a quote, a false alarm)."""

    fingerprint: str
    rule: str = ""
    text: str = ""
    reason: str = ""


@dataclass
class PostMortem:
    id: str = ""
    title: str = ""
    status: Status = Status.DRAFT
    severity: Severity = Severity.SEV3
    # IANA zone name; times typed without a zone are read in it.
    timezone: str = "UTC"
    incident_start: datetime | None = None
    detected: datetime | None = None
    acknowledged: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    meeting_at: datetime | None = None
    incident_lead: str = ""
    facilitator: str = ""
    participants: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    impact: Impact = field(default_factory=Impact)
    opening_statement: str = ""
    timeline: list[TimelineEvent] = field(default_factory=list)
    went_well: list[str] = field(default_factory=list)
    went_poorly: list[str] = field(default_factory=list)
    lucky: list[str] = field(default_factory=list)
    why_chains: list[WhyChain] = field(default_factory=list)
    factors: list[ContributingFactor] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    dismissed: list[DismissedFlag] = field(default_factory=list)

    # --- derived facts: computed from the times, never stored -----------------------------

    @property
    def date(self) -> date | None:
        """The incident's date (its start, else the first event, else the meeting)."""
        for moment in (self.incident_start, self.first_event_at, self.meeting_at):
            if moment is not None:
                return moment.date()
        return None

    @property
    def first_event_at(self) -> datetime | None:
        return min((e.at for e in self.timeline), default=None)

    def _moment(self, explicit: datetime | None, *kinds: EventKind) -> datetime | None:
        # An explicit field wins; otherwise the first timeline event of a matching kind.
        if explicit is not None:
            return explicit
        return min((e.at for e in self.timeline if e.kind in kinds), default=None)

    @property
    def started_at(self) -> datetime | None:
        return self.incident_start or self.first_event_at

    @property
    def detected_at(self) -> datetime | None:
        return self._moment(self.detected, EventKind.DETECTION, EventKind.ALERT)

    @property
    def acknowledged_at(self) -> datetime | None:
        return self.acknowledged

    @property
    def mitigated_at(self) -> datetime | None:
        return self._moment(self.mitigated, EventKind.MITIGATION)

    @property
    def resolved_at(self) -> datetime | None:
        return self._moment(self.resolved, EventKind.RESOLUTION)

    def _since_start(self, moment: datetime | None) -> timedelta | None:
        start = self.started_at
        if start is None or moment is None:
            return None
        # In UTC: subtracting two times that share a zone object ignores a DST change between.
        return moment.astimezone(UTC) - start.astimezone(UTC)

    @property
    def time_to_detect(self) -> timedelta | None:
        return self._since_start(self.detected_at)

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        return self._since_start(self.acknowledged_at)

    @property
    def time_to_mitigate(self) -> timedelta | None:
        return self._since_start(self.mitigated_at)

    @property
    def time_to_resolve(self) -> timedelta | None:
        return self._since_start(self.resolved_at)

    def sorted_timeline(self) -> list[TimelineEvent]:
        """Events in time order; events at the same moment keep the order they were added."""
        return sorted(self.timeline, key=lambda e: e.at)

    def next_action_number(self) -> int:
        return max((a.number for a in self.action_items), default=0) + 1

    def number_action_items(self) -> None:
        """Give every action item without a number the next free one (numbers never reused)."""
        for item in self.action_items:
            if item.number <= 0:
                item.number = self.next_action_number()


def format_duration(delta: timedelta | None) -> str:
    """``1h 05m``, ``12m``, ``2d 3h``; an em dash when unknown."""
    if delta is None:
        return "—"
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    if minutes:
        return f"{sign}{minutes}m"
    return f"{sign}{seconds}s"


# --- plain-data conversion (JSON export, the archive's blobs, tests) ---------------------

_DATETIME_FIELDS = ("incident_start", "detected", "acknowledged", "mitigated", "resolved",
                    "meeting_at")


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _parse_date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def to_dict(pm: PostMortem) -> dict[str, Any]:
    """The whole post-mortem as JSON-ready data (times as ISO 8601 strings).

    Derived durations are included, in seconds, for readers; ``from_dict`` ignores them.
    """
    data: dict[str, Any] = {
        "id": pm.id,
        "title": pm.title,
        "status": str(pm.status),
        "severity": str(pm.severity),
        "date": pm.date.isoformat() if pm.date else None,
        "timezone": pm.timezone,
    }
    for name in _DATETIME_FIELDS:
        data[name] = _dt(getattr(pm, name))
    data.update(
        incident_lead=pm.incident_lead,
        facilitator=pm.facilitator,
        participants=list(pm.participants),
        services=list(pm.services),
        tags=list(pm.tags),
        summary=pm.summary,
        impact={f.name: getattr(pm.impact, f.name) for f in fields(pm.impact)},
        opening_statement=pm.opening_statement,
        timeline=[
            {"at": e.at.isoformat(), "kind": str(e.kind), "description": e.description,
             "known_at_time": e.known_at_time}
            for e in pm.timeline
        ],
        went_well=list(pm.went_well),
        went_poorly=list(pm.went_poorly),
        lucky=list(pm.lucky),
        why_chains=[{"problem": c.problem, "whys": list(c.whys)} for c in pm.why_chains],
        factors=[
            {"description": f.description, "category": str(f.category),
             "known_risk": f.known_risk}
            for f in pm.factors
        ],
        action_items=[
            {"id": a.ref(pm.id) if pm.id and a.number else None, "number": a.number,
             "description": a.description, "owner": a.owner,
             "due": a.due.isoformat() if a.due else None,
             "success_criterion": a.success_criterion, "priority": str(a.priority),
             "kind": str(a.kind), "link": a.link, "status": str(a.status),
             "completed": a.completed.isoformat() if a.completed else None, "note": a.note}
            for a in pm.action_items
        ],
        takeaways=list(pm.takeaways),
        lessons=list(pm.lessons),
        dismissed=[
            {"fingerprint": d.fingerprint, "rule": d.rule, "text": d.text, "reason": d.reason}
            for d in pm.dismissed
        ],
        durations={
            "time_to_detect": _seconds(pm.time_to_detect),
            "time_to_acknowledge": _seconds(pm.time_to_acknowledge),
            "time_to_mitigate": _seconds(pm.time_to_mitigate),
            "time_to_resolve": _seconds(pm.time_to_resolve),
        },
    )
    return data


def _seconds(delta: timedelta | None) -> float | None:
    return delta.total_seconds() if delta is not None else None


def from_dict(data: dict[str, Any]) -> PostMortem:
    """The inverse of ``to_dict``; unknown keys are ignored, missing ones take defaults."""
    pm = PostMortem(
        id=data.get("id") or "",
        title=data.get("title") or "",
        status=Status(data.get("status") or Status.DRAFT),
        severity=Severity(data.get("severity") or Severity.SEV3),
        timezone=data.get("timezone") or "UTC",
        incident_lead=data.get("incident_lead") or "",
        facilitator=data.get("facilitator") or "",
        participants=list(data.get("participants") or []),
        services=list(data.get("services") or []),
        tags=list(data.get("tags") or []),
        summary=data.get("summary") or "",
        impact=Impact(**(data.get("impact") or {})),
        opening_statement=data.get("opening_statement") or "",
        went_well=list(data.get("went_well") or []),
        went_poorly=list(data.get("went_poorly") or []),
        lucky=list(data.get("lucky") or []),
        takeaways=list(data.get("takeaways") or []),
        lessons=list(data.get("lessons") or []),
    )
    for name in _DATETIME_FIELDS:
        setattr(pm, name, _parse_dt(data.get(name)))
    pm.timeline = [
        TimelineEvent(at=datetime.fromisoformat(e["at"]), description=e.get("description", ""),
                      kind=EventKind(e.get("kind") or EventKind.OTHER),
                      known_at_time=e.get("known_at_time") or "")
        for e in data.get("timeline") or []
    ]
    pm.why_chains = [WhyChain(c.get("problem", ""), list(c.get("whys") or []))
                     for c in data.get("why_chains") or []]
    pm.factors = [
        ContributingFactor(f.get("description", ""),
                           FactorCategory(f.get("category") or FactorCategory.TECHNICAL),
                           bool(f.get("known_risk")))
        for f in data.get("factors") or []
    ]
    pm.action_items = [
        ActionItem(
            description=a.get("description", ""), owner=a.get("owner") or "",
            due=_parse_date(a.get("due")), success_criterion=a.get("success_criterion") or "",
            priority=Priority(a.get("priority") or Priority.SHOULD),
            kind=ActionKind(a.get("kind") or ActionKind.PREVENT), link=a.get("link") or "",
            status=ActionStatus(a.get("status") or ActionStatus.OPEN),
            completed=_parse_date(a.get("completed")), note=a.get("note") or "",
            number=int(a.get("number") or 0),
        )
        for a in data.get("action_items") or []
    ]
    pm.dismissed = [
        DismissedFlag(d.get("fingerprint", ""), d.get("rule") or "", d.get("text") or "",
                      d.get("reason") or "")
        for d in data.get("dismissed") or []
    ]
    return pm
