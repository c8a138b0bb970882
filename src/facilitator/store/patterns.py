"""Pure rules shared by the learning review, the action tracker and the similar-incidents finder.

Nothing here touches the database: these functions are registered in SQLite (so aggregates can
group by them) and are also what the tests use to compute the expected figures independently.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from facilitator.core.model import EventKind

# The seeds' bar: below 70% of items done by their due date, the team is producing more
# follow-up work than it can absorb.
ON_TIME_BAR = 0.70
# Threshold warnings: a service in this many incidents within the window, a factor seen this often.
SERVICE_THRESHOLD = 3
SERVICE_WINDOW_DAYS = 90
FACTOR_THRESHOLD = 3

DETECTION_SOURCES = ("monitoring", "customer", "other", "unknown")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_CUSTOMER_WORDS = re.compile(
    r"\b(customers?|clients?|users? report\w*|reported by (a |an )?users?"
    r"|support (ticket|team|desk)|tickets?"
    r"|complain\w*|tweets?|twitter|social media|merchants?|escalat\w+ from)\b",
    re.IGNORECASE,
)
_MONITORING_WORDS = re.compile(
    r"\b(alerts?|alarms?|alerted|monitor\w*|pag(ed|er|e|erduty)|on-?call|dashboards?|synthetic"
    r"|probe|health ?checks?|slo burn|anomaly|prometheus|grafana|datadog|opsgenie)\b",
    re.IGNORECASE,
)

_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def normalise_factor(text: str | None) -> str:
    """The key under which contributing factors count as "the same".

    Case, accents, punctuation and spacing are ignored, so "Missing input validation." and
    "missing  input-validation" recur together.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _PUNCTUATION.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


def detection_source(kind: str | None, description: str | None) -> str:
    """How an incident was detected, from its first detection or alert event.

    ``customer`` when the event speaks of customers, users or support tickets (they told us);
    ``monitoring`` when the event is an alert or speaks of monitors, pages, dashboards;
    ``other`` otherwise (someone noticed); ``unknown`` when there is no such event.
    """
    if kind is None:
        return "unknown"
    text = description or ""
    if _CUSTOMER_WORDS.search(text):
        return "customer"
    if kind == EventKind.ALERT or _MONITORING_WORDS.search(text):
        return "monitoring"
    return "other"


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Open and past its due date."""
    return status == "open" and due is not None and due < today
