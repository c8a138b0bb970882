"""The learning review: figures across many post-mortems, computed by SQL over the archive.

Every figure is an aggregate query: nothing here loads one ``PostMortem`` per incident, so a
report over 100,000 post-mortems reads indexes and returns a few hundred numbers. The rules that
decide the same factor and how an incident was detected live in ``facilitator.store.patterns``
and are registered in SQLite as functions; on time and overdue are plain SQL (defined below).

Definitions (the tests recompute each one from plain ``PostMortem`` objects):

- the period is on ``PostMortem.date`` (both ends inclusive); without a bound, all post-mortems;
- counts by service, tag and factor category are numbers of post-mortems (not of mentions);
- a contributing factor recurs when its normalised text is seen in 2 or more post-mortems;
- detection is read from the earliest detection or alert event (see ``detection_source``);
- weekday and hour are the incident's start as the team wrote it (its own UTC offset);
- time to detect / resolve are ``PostMortem.time_to_detect`` / ``time_to_resolve``, per month of
  the incident's date, as medians in seconds;
- action items: completion rate is done / (all - dropped); on time is done by the due date, out
  of the items with a due date that are done or past due (the 70% bar); overdue is open and past
  due; days to complete run from the meeting's date (else the incident's date);
- warnings: a service in 3 or more post-mortems in the 90 days up to the period's end (or
  today; never before its start), a factor seen in 3 or more post-mortems of the period.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from facilitator.core.model import Severity, format_duration
from facilitator.store.errors import ArchiveError
from facilitator.store.patterns import (
    DETECTION_SOURCES,
    FACTOR_THRESHOLD,
    ON_TIME_BAR,
    SERVICE_THRESHOLD,
    SERVICE_WINDOW_DAYS,
    WEEKDAYS,
    detection_source,
    normalise_factor,
)

# How many post-mortem ids a recurrence lists (the count is always exact).
IDS_SHOWN = 50
# How many overdue items the report names (oldest due date first).
OVERDUE_SHOWN = 20


@dataclass
class Count:
    key: str
    count: int


@dataclass
class Recurrence:
    """Something seen in ``count`` post-mortems: a service or a contributing factor."""

    key: str  # the service name, or the factor's normalised text
    label: str  # what to show: the service, or the factor as most often written
    count: int
    ids: list[str] = field(default_factory=list)  # most recent first, at most IDS_SHOWN


@dataclass
class MonthTimes:
    month: str  # YYYY-MM
    incidents: int
    detect_median_s: float | None
    detect_known: int
    resolve_median_s: float | None
    resolve_known: int


@dataclass
class OverdueItem:
    ref: str
    owner: str
    due: str
    description: str


@dataclass
class ActionFigures:
    total: int = 0
    open: int = 0
    done: int = 0
    dropped: int = 0
    completion_rate: float | None = None
    on_time: int = 0
    on_time_eligible: int = 0
    on_time_rate: float | None = None
    meets_bar: bool | None = None
    bar: float = ON_TIME_BAR
    overdue: int = 0
    overdue_items: list[OverdueItem] = field(default_factory=list)
    median_days_to_complete: float | None = None


@dataclass
class Warning:
    kind: str  # "service" or "factor"
    subject: str
    count: int
    ids: list[str]
    message: str


@dataclass
class LearningReport:
    since: str | None
    until: str | None
    today: str
    incidents: int
    by_severity: list[Count]
    by_service: list[Count]
    by_tag: list[Count]
    by_factor_category: list[Count]
    recurring_factors: list[Recurrence]
    recurring_services: list[Recurrence]
    detection: list[Count]
    by_weekday: list[Count]
    by_hour: list[Count]
    times_by_month: list[MonthTimes]
    actions: ActionFigures
    warnings: list[Warning]

    def to_dict(self) -> dict[str, Any]:
        """Every figure as JSON-ready data."""
        return asdict(self)


# --- connection plumbing ----------------------------------------------------------------


def _engine_of(source: Any) -> Engine:
    # Accept an Archive (anything with .engine) or an Engine.
    engine = getattr(source, "engine", source)
    if not isinstance(engine, Engine):
        raise TypeError(f"expected an Archive or an Engine, got {type(source).__name__}")
    if engine.dialect.name != "sqlite":
        raise ArchiveError("the learning review needs a SQLite archive",
                           "point --db at a SQLite file")
    return engine


@contextmanager
def connect(source: Any) -> Iterator[Connection]:
    """A connection with our rules registered as SQL functions."""
    engine = _engine_of(source)
    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        # The same factor text recurs (that is the point): normalise each text once.
        raw.create_function("norm_factor", 1, functools.lru_cache(maxsize=65536)(
            normalise_factor), deterministic=True)
        raw.create_function("detection_source", 2, detection_source, deterministic=True)
        yield conn


# The incident's start as written (an explicit start, else its earliest event).
_START = """COALESCE(p.incident_start, (SELECT e.at FROM timeline_event e
    WHERE e.postmortem_id = p.id ORDER BY julianday(e.at), e.position LIMIT 1))"""


def _first_event(kinds: str, column: str = "at") -> str:
    return f"""(SELECT e.{column} FROM timeline_event e WHERE e.postmortem_id = p.id
        AND e.kind IN ({kinds}) ORDER BY julianday(e.at), e.position LIMIT 1)"""


def _scope_sql(alias: str = "p") -> str:
    return (f"(:since IS NULL OR {alias}.date >= :since) "
            f"AND (:until IS NULL OR {alias}.date <= :until)")


def _median_sql(values: str, group: str) -> str:
    # Median per group with window functions: the middle row, or the mean of the two middle.
    return f"""WITH v AS ({values}),
        r AS (SELECT g, x, ROW_NUMBER() OVER (PARTITION BY g ORDER BY x) AS rn,
                     COUNT(*) OVER (PARTITION BY g) AS cnt FROM v)
        SELECT g, AVG(x), MAX(cnt) FROM r
        WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY g ORDER BY g"""


def _ids(value: str | None) -> list[str]:
    return value.split(",") if value else []


# --- the report -------------------------------------------------------------------------


def learning_report(source: Any, *, since: date | None = None, until: date | None = None,
                    today: date | None = None) -> LearningReport:
    """All the figures of the learning review for post-mortems dated in [since, until]."""
    today = today or date.today()
    params: dict[str, Any] = {"since": since.isoformat() if since else None,
              "until": until.isoformat() if until else None,
              "today": today.isoformat()}
    with connect(source) as conn:
        _fill_moments(conn, params)
        try:
            incidents = conn.execute(text("SELECT COUNT(*) FROM temp.learning_scope")).scalar_one()
            recurring_factors = _recurring_factors(conn)
            recurring_services = _recurrences(conn, "service", minimum=2)
            report = LearningReport(
                since=params["since"], until=params["until"], today=today.isoformat(),
                incidents=int(incidents),
                by_severity=_by_severity(conn),
                by_service=_counts(conn, "service"),
                by_tag=_counts(conn, "tag"),
                by_factor_category=_by_factor_category(conn),
                recurring_factors=recurring_factors,
                recurring_services=recurring_services,
                detection=_detection(conn),
                by_weekday=_by_weekday(conn),
                by_hour=_by_hour(conn),
                times_by_month=_times_by_month(conn),
                actions=_action_figures(conn, params),
                warnings=_service_warnings(conn, since, until or today)
                + _factor_warnings(recurring_factors),
            )
        finally:
            conn.execute(text("DROP TABLE IF EXISTS temp.learning_scope"))
            conn.rollback()
    return report


def _fill_moments(conn: Connection, params: dict[str, Any]) -> None:
    # Every join below starts from this table (CROSS JOIN fixes the order): a quarter's
    # report then reads a quarter's rows, not every child row of the archive. ("+a.status"
    # keeps SQLite on each post-mortem's key instead of the index of every open item.)
    # One pass over the period's post-mortems computing the derived moments once; every
    # figure below joins this small temporary table instead of re-deriving them.
    conn.execute(text("DROP TABLE IF EXISTS temp.learning_scope"))
    conn.execute(text(f"""
        CREATE TEMP TABLE learning_scope AS
        SELECT p.id AS id, p.date AS date, p.severity AS severity,
               substr(COALESCE(p.meeting_at, p.date), 1, 10) AS meeting_date,
               {_START} AS started,
               COALESCE(p.detected, {_first_event("'detection', 'alert'")}) AS detected,
               COALESCE(p.resolved, {_first_event("'resolution'")}) AS resolved,
               {_first_event("'detection', 'alert'", "kind")} AS detect_kind,
               {_first_event("'detection', 'alert'", "description")} AS detect_text
        FROM postmortem p WHERE {_scope_sql()}"""), params)
    conn.execute(text("CREATE INDEX temp.learning_scope_id ON learning_scope(id)"))


def _by_severity(conn: Connection) -> list[Count]:
    rows: dict[Any, Any] = dict(conn.execute(text(
        "SELECT severity, COUNT(*) FROM temp.learning_scope GROUP BY severity")).all())
    known = [Count(str(s), int(rows.pop(str(s), 0))) for s in Severity]
    return known + [Count(k, int(v)) for k, v in sorted(rows.items())]


def _counts(conn: Connection, table: str) -> list[Count]:
    rows = conn.execute(text(f"""
        SELECT t.name, COUNT(DISTINCT t.postmortem_id) AS n
        FROM temp.learning_scope s CROSS JOIN {table} t ON t.postmortem_id = s.id
        GROUP BY t.name ORDER BY n DESC, t.name""")).all()
    return [Count(name, int(n)) for name, n in rows]


def _recurrences(conn: Connection, table: str, *, minimum: int) -> list[Recurrence]:
    rows = conn.execute(text(f"""
        WITH m AS (SELECT DISTINCT t.name AS name, s.id AS id, s.date AS date
                   FROM temp.learning_scope s CROSS JOIN {table} t ON t.postmortem_id = s.id),
        r AS (SELECT name, id, ROW_NUMBER() OVER (PARTITION BY name ORDER BY date DESC, id DESC)
                     AS rn, COUNT(*) OVER (PARTITION BY name) AS cnt FROM m)
        SELECT name, MAX(cnt) AS n, group_concat(CASE WHEN rn <= :shown THEN id END)
        FROM (SELECT * FROM r ORDER BY name, rn) GROUP BY name HAVING n >= :minimum
        ORDER BY n DESC, name"""), {"shown": IDS_SHOWN, "minimum": minimum}).all()
    return [Recurrence(name, name, int(n), _ids(ids)) for name, n, ids in rows]


def _by_factor_category(conn: Connection) -> list[Count]:
    from facilitator.core.model import FactorCategory

    rows: dict[Any, Any] = dict(conn.execute(text("""
        SELECT f.category, COUNT(DISTINCT f.postmortem_id)
        FROM temp.learning_scope s CROSS JOIN factor f ON f.postmortem_id = s.id
        GROUP BY f.category""")).all())
    known = [Count(str(c), int(rows.pop(str(c), 0))) for c in FactorCategory]
    return known + [Count(k, int(v)) for k, v in sorted(rows.items())]


def _recurring_factors(conn: Connection) -> list[Recurrence]:
    # Normalise each factor once (a Python call per row), then group in SQL.
    conn.execute(text("DROP TABLE IF EXISTS temp.learning_factors"))
    conn.execute(text("""
        CREATE TEMP TABLE learning_factors AS
        SELECT norm_factor(f.description) AS name, f.description AS description,
               s.id AS id, s.date AS date
        FROM temp.learning_scope s CROSS JOIN factor f ON f.postmortem_id = s.id"""))
    rows = conn.execute(text("""
        WITH m AS (SELECT DISTINCT name, id, date FROM temp.learning_factors WHERE name != ''),
        r AS (SELECT name, id, ROW_NUMBER() OVER (PARTITION BY name ORDER BY date DESC, id DESC)
                     AS rn, COUNT(*) OVER (PARTITION BY name) AS cnt FROM m)
        SELECT name, MAX(cnt) AS n, group_concat(CASE WHEN rn <= :shown THEN id END)
        FROM (SELECT * FROM r ORDER BY name, rn) GROUP BY name HAVING n >= 2
        ORDER BY n DESC, name"""), {"shown": IDS_SHOWN}).all()
    # Show each factor as it is most often written (ties: the first in sort order).
    labels: dict[str, str] = {}
    recurring = {name for name, _, _ in rows}
    for name, description, _ in conn.execute(text("""
            SELECT name, description, COUNT(*) AS n FROM temp.learning_factors
            WHERE name IN (SELECT name FROM temp.learning_factors GROUP BY name
                           HAVING COUNT(DISTINCT id) >= 2)
            GROUP BY name, description ORDER BY name, n DESC, description""")):
        if name in recurring:
            labels.setdefault(name, description.strip())
    conn.execute(text("DROP TABLE temp.learning_factors"))
    return [Recurrence(name, labels.get(name, name), int(n), _ids(ids)) for name, n, ids in rows]


def _detection(conn: Connection) -> list[Count]:
    rows: dict[Any, Any] = dict(conn.execute(text("""
        SELECT detection_source(detect_kind, detect_text) AS source, COUNT(*)
        FROM temp.learning_scope GROUP BY source""")).all())
    return [Count(source, int(rows.get(source, 0))) for source in DETECTION_SOURCES]


def _by_weekday(conn: Connection) -> list[Count]:
    # strftime('%w') counts from Sunday; the report starts the week on Monday.
    rows: dict[Any, Any] = dict(conn.execute(text("""
        SELECT (CAST(strftime('%w', substr(started, 1, 10)) AS INTEGER) + 6) % 7 AS d, COUNT(*)
        FROM temp.learning_scope WHERE started IS NOT NULL GROUP BY d""")).all())
    return [Count(name, int(rows.get(i, 0))) for i, name in enumerate(WEEKDAYS)]


def _by_hour(conn: Connection) -> list[Count]:
    rows: dict[Any, Any] = dict(conn.execute(text("""
        SELECT CAST(substr(started, 12, 2) AS INTEGER) AS h, COUNT(*)
        FROM temp.learning_scope WHERE started IS NOT NULL GROUP BY h""")).all())
    return [Count(f"{h:02d}", int(rows.get(h, 0))) for h in range(24)]


def _seconds_between(start: str, end: str) -> str:
    return f"ROUND((julianday({end}) - julianday({start})) * 86400.0, 3)"


def _times_by_month(conn: Connection) -> list[MonthTimes]:
    incidents: dict[str, int] = dict(conn.execute(text("""
        SELECT substr(date, 1, 7) AS g, COUNT(*) FROM temp.learning_scope
        WHERE date IS NOT NULL GROUP BY g""")).all())
    medians: dict[str, dict[str, tuple[float, int]]] = {}
    for name, moment in (("detect", "detected"), ("resolve", "resolved")):
        values = (f"SELECT substr(date, 1, 7) AS g, {_seconds_between('started', moment)} AS x "
                  f"FROM temp.learning_scope WHERE date IS NOT NULL AND started IS NOT NULL "
                  f"AND {moment} IS NOT NULL")
        for month, value, known in conn.execute(text(_median_sql(values, "g"))):
            medians.setdefault(month, {})[name] = (float(value), int(known))
    months = []
    for month in sorted(incidents):
        found = medians.get(month, {})
        detect, detect_n = found.get("detect", (None, 0))
        resolve, resolve_n = found.get("resolve", (None, 0))
        months.append(MonthTimes(month, int(incidents[month]), detect, detect_n, resolve,
                                 resolve_n))
    return months


def _action_figures(conn: Connection, params: dict[str, Any]) -> ActionFigures:
    row = conn.execute(text("""
        SELECT COUNT(*),
               SUM(a.status = 'open'), SUM(a.status = 'done'), SUM(a.status = 'dropped'),
               SUM(a.status = 'done' AND a.due IS NOT NULL AND a.completed IS NOT NULL
                   AND a.completed <= a.due),
               SUM(a.due IS NOT NULL AND a.status != 'dropped'
                   AND (a.status = 'done' OR a.due < :today)),
               SUM(a.status = 'open' AND a.due IS NOT NULL AND a.due < :today)
        FROM temp.learning_scope s CROSS JOIN action_item a ON a.postmortem_id = s.id"""),
        params).one()
    total, open_, done, dropped, on_time, eligible, overdue = (int(v or 0) for v in row)
    figures = ActionFigures(total=total, open=open_, done=done, dropped=dropped,
                            on_time=on_time, on_time_eligible=eligible, overdue=overdue)
    if total - dropped:
        figures.completion_rate = done / (total - dropped)
    if eligible:
        figures.on_time_rate = on_time / eligible
        figures.meets_bar = figures.on_time_rate >= ON_TIME_BAR
    figures.overdue_items = [
        OverdueItem(f"{pm_id}-A{number}", owner, str(due), description)
        for pm_id, number, owner, due, description in conn.execute(text("""
            SELECT a.postmortem_id, a.number, a.owner, a.due, a.description
            FROM temp.learning_scope s CROSS JOIN action_item a ON a.postmortem_id = s.id
            WHERE +a.status = 'open' AND a.due IS NOT NULL AND +a.due < :today
            ORDER BY a.due, a.postmortem_id, a.number LIMIT :shown"""),
            {**params, "shown": OVERDUE_SHOWN})
    ]
    values = """SELECT 1 AS g, julianday(a.completed) - julianday(s.meeting_date) AS x
        FROM temp.learning_scope s CROSS JOIN action_item a ON a.postmortem_id = s.id
        WHERE +a.status = 'done' AND a.completed IS NOT NULL AND s.meeting_date IS NOT NULL"""
    for _, value, _ in conn.execute(text(_median_sql(values, "g"))):
        figures.median_days_to_complete = float(value)
    return figures


def _service_warnings(conn: Connection, since: date | None, end: date) -> list[Warning]:
    start = end - timedelta(days=SERVICE_WINDOW_DAYS - 1)
    if since is not None and since > start:
        start = since
    rows = conn.execute(text("""
        SELECT t.name, COUNT(DISTINCT p.id) AS n, group_concat(DISTINCT p.id)
        FROM service t JOIN postmortem p ON p.id = t.postmortem_id
        WHERE p.date >= :start AND p.date <= :end
        GROUP BY t.name HAVING n >= :threshold ORDER BY n DESC, t.name"""),
        {"start": start.isoformat(), "end": end.isoformat(),
         "threshold": SERVICE_THRESHOLD}).all()
    return [
        Warning("service", name, int(n), sorted(_ids(ids), reverse=True)[:IDS_SHOWN],
                f"{name}: {n} incidents in the {SERVICE_WINDOW_DAYS} days to {end.isoformat()}")
        for name, n, ids in rows
    ]


def _factor_warnings(factors: list[Recurrence]) -> list[Warning]:
    return [Warning("factor", f.label, f.count, f.ids,
                    f"{f.label}: contributing factor in {f.count} post-mortems")
            for f in factors if f.count >= FACTOR_THRESHOLD]


# --- the review as a wiki page ------------------------------------------------------------

def md_text(value: str) -> str:
    """User text made inert in Markdown (no HTML, links, emphasis or table breaks), on one
    line, escaped exactly as the post-mortem export escapes it."""
    from facilitator.core.markdown_export import escape_inline

    return escape_inline(" ".join(value.split()))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _minutes(seconds: float | None) -> str:
    return "—" if seconds is None else format_duration(timedelta(seconds=round(seconds)))


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def report_to_markdown(report: LearningReport) -> str:
    """The learning review as a GitHub-flavoured Markdown page for the wiki."""
    period = f"{report.since or 'the beginning'} to {report.until or report.today}"
    out = [f"# Learning review: {period}", "",
           f"{report.incidents} post-mortems in the period (report made {report.today}).", ""]
    out += ["## Threshold warnings", ""]
    if report.warnings:
        out += [f"- {md_text(w.message)} ({', '.join(w.ids[:10])})" for w in report.warnings]
    else:
        out.append("No service or contributing factor crossed a threshold.")
    a = report.actions
    out += ["", "## Action items", ""]
    out += _table(("figure", "value"), [
        ("action items", str(a.total)),
        ("done / open / dropped", f"{a.done} / {a.open} / {a.dropped}"),
        ("completion rate (done of not dropped)", _percent(a.completion_rate)),
        (f"completed on time (bar: {a.bar * 100:.0f}%)",
         f"{_percent(a.on_time_rate)} ({a.on_time} of {a.on_time_eligible})"
         + ("" if a.meets_bar is None else " — meets the bar" if a.meets_bar
            else " — below the bar")),
        ("overdue", str(a.overdue)),
        ("median days to complete",
         "—" if a.median_days_to_complete is None else f"{a.median_days_to_complete:g}"),
    ])
    if a.overdue_items:
        out += ["Oldest overdue items:", ""]
        out += _table(("id", "owner", "due", "action"), [
            (i.ref, md_text(i.owner), i.due, md_text(i.description)) for i in a.overdue_items])
    for title, counts in (("By severity", report.by_severity), ("By service", report.by_service),
                          ("By tag", report.by_tag),
                          ("By contributing factor category", report.by_factor_category),
                          ("How incidents were detected", report.detection)):
        out += [f"## {title}", ""]
        out += _table(("", "post-mortems"), [(md_text(c.key), str(c.count)) for c in counts])
    for title, items in (("Recurring contributing factors", report.recurring_factors),
                         ("Recurring services", report.recurring_services)):
        out += [f"## {title}", ""]
        if not items:
            out += ["None seen in more than one post-mortem.", ""]
            continue
        out += _table(("", "seen in", "post-mortems"), [
            (md_text(r.label), str(r.count), ", ".join(r.ids[:10])
             + (" …" if r.count > 10 else "")) for r in items])
    out += ["## Time to detect and resolve (medians)", ""]
    out += _table(("month", "incidents", "detect", "resolve"), [
        (m.month, str(m.incidents), _minutes(m.detect_median_s), _minutes(m.resolve_median_s))
        for m in report.times_by_month])
    out += ["## When incidents start", ""]
    out += _table(tuple(c.key for c in report.by_weekday),
                  [tuple(str(c.count) for c in report.by_weekday)])
    out += _table(tuple(c.key for c in report.by_hour[:12]),
                  [tuple(str(c.count) for c in report.by_hour[:12])])
    out += _table(tuple(c.key for c in report.by_hour[12:]),
                  [tuple(str(c.count) for c in report.by_hour[12:])])
    return "\n".join(out).rstrip() + "\n"
