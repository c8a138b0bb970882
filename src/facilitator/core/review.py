"""What is still missing before a post-mortem is complete.

The wrap-up stage lists these gaps, each tied to the agenda stage where it can be fixed. The
wording is meant to be read aloud on a shared screen: plain, kind, about the document and
never about a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from facilitator.core.blame import LintContext, check_action_item
from facilitator.core.model import ActionStatus, EventKind, PostMortem

__all__ = ["Gap", "missing", "metadata_warnings", "MIN_ACTIONS", "MAX_ACTIONS",
           "MIN_TAKEAWAYS", "MAX_TAKEAWAYS", "MEETING_WINDOW"]

MIN_ACTIONS, MAX_ACTIONS = 3, 7
MIN_TAKEAWAYS, MAX_TAKEAWAYS = 3, 5
# The missing-field checks below already cover these item rules in our own words.
_COVERED_ITEM_RULES = frozenset({"item-no-owner", "item-no-due-date",
                                 "item-no-success-criterion"})
# Memories fade fast: the review should happen within two days of resolution.
MEETING_WINDOW = timedelta(hours=48)


@dataclass(frozen=True)
class Gap:
    """One thing still missing; ``stage`` is the agenda stage key where it is filled in."""

    stage: str
    message: str


def _same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _order_problems(pm: PostMortem) -> list[str]:
    """Times that contradict each other, e.g. resolved before the incident started."""
    named = [
        ("started", pm.incident_start),
        ("was detected", pm.detected),
        ("was acknowledged", pm.acknowledged),
        ("was mitigated", pm.mitigated),
        ("was resolved", pm.resolved),
    ]
    problems = []
    start = pm.incident_start
    if start is not None:
        for label, moment in named[1:]:
            if moment is not None and _utc(moment) < _utc(start):
                problems.append(f"The incident {label} before it started; please check both "
                                f"times.")
    pairs = [(pm.detected, "detected", pm.acknowledged, "acknowledged"),
             (pm.mitigated, "mitigated", pm.resolved, "resolved"),
             (pm.detected, "detected", pm.resolved, "resolved")]
    for earlier, earlier_label, later, later_label in pairs:
        if earlier is not None and later is not None and _utc(later) < _utc(earlier):
            problems.append(f"The {later_label} time is before the {earlier_label} time; "
                            f"please check both.")
    if pm.meeting_at is not None and pm.resolved_at is not None and \
            _utc(pm.meeting_at) < _utc(pm.resolved_at):
        problems.append("The meeting time is before the incident was resolved.")
    return problems


def metadata_warnings(pm: PostMortem) -> list[str]:
    """Warnings for the Prepare form: roles, meeting timing and times out of order."""
    warnings = []
    if _same_person(pm.facilitator, pm.incident_lead):
        warnings.append("The facilitator is also the incident lead. A facilitator who was not "
                        "in the incident can keep the discussion neutral more easily.")
    resolved = pm.resolved_at
    if pm.meeting_at is not None and resolved is not None:
        gap = _utc(pm.meeting_at) - _utc(resolved)
        if gap > MEETING_WINDOW:
            hours = int(gap.total_seconds() // 3600)
            warnings.append(f"The meeting is {hours} hours after resolution. Details fade "
                            f"quickly; within 48 hours works best.")
    warnings.extend(_order_problems(pm))
    return warnings


def missing(pm: PostMortem, today: date) -> list[Gap]:
    """Everything still missing or worth a second look, in agenda order.

    ``today`` decides whether open action items are already overdue.
    """
    gaps: list[Gap] = []

    def gap(stage: str, message: str) -> None:
        gaps.append(Gap(stage, message))

    # prepare
    if not pm.title.strip():
        gap("prepare", "The post-mortem has no title yet.")
    if not pm.summary.strip():
        gap("prepare", "A two or three sentence summary is still missing.")
    if pm.started_at is None:
        gap("prepare", "When the incident started is not recorded yet.")
    if pm.resolved_at is None:
        gap("prepare", "When the incident was resolved is not recorded yet.")
    if not pm.incident_lead.strip():
        gap("prepare", "No incident lead is named.")
    if pm.impact.is_empty():
        gap("prepare", "The impact (users, duration, SLO, revenue) is not described yet.")
    for warning in metadata_warnings(pm):
        gap("prepare", warning)

    # opening
    if not pm.opening_statement.strip():
        gap("opening", "No blameless opening statement was recorded.")

    # timeline
    if not pm.timeline:
        gap("timeline", "The timeline has no events yet.")
    else:
        kinds = {e.kind for e in pm.timeline}
        if not kinds & {EventKind.DETECTION, EventKind.ALERT} and pm.detected is None:
            gap("timeline", "The timeline does not show how the incident was detected.")
        undescribed = sum(1 for e in pm.timeline if not e.description.strip())
        if undescribed:
            gap("timeline", f"{_count(undescribed, 'timeline event')} without a description.")
        unknown = sum(1 for e in pm.timeline
                      if e.kind is EventKind.DECISION and not e.known_at_time.strip())
        if unknown:
            gap("timeline", f"{_count(unknown, 'decision')} without a note of what was known "
                            f"at the time.")

    # went well / poorly
    if not [t for t in pm.went_well if t.strip()]:
        gap("went_well", "Nothing is recorded under what went well.")
    if not [t for t in pm.went_poorly if t.strip()]:
        gap("went_poorly", "Nothing is recorded under what went poorly.")

    # analysis
    if not pm.why_chains and not pm.factors:
        gap("analysis", "There is no analysis yet: add a five whys chain or contributing "
                        "factors.")
    for n, chain in enumerate(pm.why_chains, 1):
        if not chain.problem.strip():
            gap("analysis", f"Why chain {n} has no problem statement.")
        if not [w for w in chain.whys if w.strip()]:
            gap("analysis", f"Why chain {n} has no answers yet.")

    # actions
    live = [a for a in pm.action_items if a.status is not ActionStatus.DROPPED]
    context = LintContext(dismissed=frozenset(d.fingerprint for d in pm.dismissed))
    if len(live) < MIN_ACTIONS:
        gap("actions", f"There {_be(len(live))} {_count(len(live), 'action item')}; "
                       f"{MIN_ACTIONS} to {MAX_ACTIONS} usually cover prevention, impact "
                       f"and detection.")
    elif len(live) > MAX_ACTIONS:
        gap("actions", f"There are {len(live)} action items; more than {MAX_ACTIONS} rarely "
                       f"all get done. Consider keeping the most important ones.")
    for item in live:
        name = _item_name(item.number, item.description)
        if not item.description.strip():
            gap("actions", f"{name} has no description.")
        if not item.owner.strip():
            gap("actions", f"{name} has no owner.")
        if item.due is None:
            gap("actions", f"{name} has no due date.")
        elif item.status is ActionStatus.OPEN and item.due < today:
            gap("actions", f"{name} was due on {item.due.isoformat()} and is still open.")
        if not item.success_criterion.strip():
            gap("actions", f"{name} has no success criterion.")
        # Vague wording, a team as owner, an item aimed at a person's behaviour.
        for finding in check_action_item(item, pm.participants, context):
            if finding.rule not in _COVERED_ITEM_RULES:
                gap("actions", f"{name}: {finding.message}")

    # takeaways
    takeaways = [t for t in pm.takeaways if t.strip()]
    if not takeaways:
        gap("takeaways", "There are no key takeaways yet; they open the document for readers "
                         "who were not there.")
    elif len(takeaways) < MIN_TAKEAWAYS:
        gap("takeaways", f"There {_be(len(takeaways))} {_count(len(takeaways), 'key takeaway')};"
                         f" {MIN_TAKEAWAYS} to {MAX_TAKEAWAYS} work best.")
    elif len(takeaways) > MAX_TAKEAWAYS:
        gap("takeaways", f"There are {len(takeaways)} key takeaways; {MAX_TAKEAWAYS} or fewer "
                         f"are easier to remember.")
    return gaps


def _count(n: int, noun: str) -> str:
    return f"{'no' if n == 0 else n} {noun}{'' if n == 1 else 's'}"


def _be(n: int) -> str:
    return "is" if n == 1 else "are"


def _item_name(number: int, description: str) -> str:
    if number:
        return f"Action item A{number}"
    text = " ".join(description.split())
    return f'Action item "{text[:40]}{"…" if len(text) > 40 else ""}"' if text else "An action item"
