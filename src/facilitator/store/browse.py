"""The archive browser's queries: one page of post-mortems at a time, filtered and searched.

A page is a ``LIMIT``/``OFFSET`` query, so a 100,000-row archive never reaches memory whole:
the browser asks for the next page when the reader scrolls near the end of what it has.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from facilitator.core.model import Severity, Status
from facilitator.store.archive import FTS_TABLE, fts_query

# Private-use characters mark the matched words in a snippet; the screen turns them into
# styling, so nothing the user typed is ever read as markup.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_FTS_WEIGHTS = "1.0, 10.0, 5.0, 1.0, 2.0, 2.0, 2.0"
_MARKS = re.compile(f"{MARK_OPEN}(.*?){MARK_CLOSE}", re.DOTALL)


@dataclass(frozen=True)
class BrowseFilter:
    """What the browser shows; every field left empty means "any"."""

    query: str = ""
    severity: str | None = None
    status: str | None = None
    service: str | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class BrowseRow:
    id: str
    title: str
    date: date | None
    severity: str
    status: str
    services: tuple[str, ...]
    open_actions: int
    snippet: str = ""  # with MARK_OPEN / MARK_CLOSE around matches; empty without a query


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as ``(text, matched)`` pieces, for highlighting without markup."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _MARKS.finditer(snippet):
        if match.start() > position:
            parts.append((snippet[position:match.start()], False))
        parts.append((match.group(1), True))
        position = match.end()
    if position < len(snippet):
        parts.append((snippet[position:], False))
    return [(part.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""), hit) for part, hit in parts]


def _where(flt: BrowseFilter) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if flt.severity:
        where.append("p.severity = :severity")
        params["severity"] = str(Severity(flt.severity))
    if flt.status:
        where.append("p.status = :status")
        params["status"] = str(Status(flt.status))
    if flt.service:
        # Uncorrelated IN: the name index is read once, not once per post-mortem.
        where.append("p.id IN (SELECT s.postmortem_id FROM service s WHERE s.name = :service)")
        params["service"] = flt.service
    if flt.tag:
        where.append("p.id IN (SELECT t.postmortem_id FROM tag t WHERE t.name = :tag)")
        params["tag"] = flt.tag
    if flt.since:
        where.append("p.date >= :since")
        params["since"] = flt.since.isoformat()
    if flt.until:
        where.append("p.date <= :until")
        params["until"] = flt.until.isoformat()
    return where, params


# "+a.status" keeps SQLite on the per-post-mortem key instead of scanning every open item.
_COLUMNS = """p.id, p.title, p.date, p.severity, p.status,
    (SELECT json_group_array(name) FROM (SELECT name FROM service s
        WHERE s.postmortem_id = p.id ORDER BY s.position)) AS services,
    (SELECT count(*) FROM action_item a WHERE a.postmortem_id = p.id
        AND +a.status = 'open') AS open_actions"""


def browse(source: Any, flt: BrowseFilter, *, limit: int = 100,
           offset: int = 0) -> list[BrowseRow]:
    """One page of the archive: newest incident first, or best match first with a query.

    The query's words are matched as words (the last one as a prefix, for search as you
    type) and never read as search syntax.
    """
    where, params = _where(flt)
    params.update(limit=limit, offset=offset)
    match = fts_query(flt.query, prefix=True) if flt.query.strip() else None
    engine = getattr(source, "engine", source)
    if flt.query.strip() and match is None:
        return []  # only punctuation typed: nothing can match
    # The page's ids are chosen first (an index walk, or FTS5's own rank order, stopping at
    # LIMIT); services, open actions and snippets are then made for those rows only.
    if match is None:
        page = ("SELECT p.id AS id, '' AS snippet, 0 AS rank FROM postmortem p"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY p.date DESC, p.id DESC LIMIT :limit OFFSET :offset")
        order = "p.date DESC, p.id DESC"
    else:
        params.update(match=match, ranking=f"bm25({_FTS_WEIGHTS})", open=MARK_OPEN,
                      close=MARK_CLOSE)
        restrict = (" AND id IN (SELECT p.id FROM postmortem p WHERE "
                    + " AND ".join(where) + ")") if where else ""
        page = (f"SELECT id, snippet({FTS_TABLE}, -1, :open, :close, '…', 12) AS snippet, "
                f"rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
                f"AND rank MATCH :ranking{restrict} ORDER BY rank LIMIT :limit OFFSET :offset")
        order = "f.rank, p.id"
    sql = (f"SELECT {_COLUMNS}, f.snippet FROM ({page}) AS f "
           f"JOIN postmortem p ON p.id = f.id ORDER BY {order}")
    with engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    return [
        BrowseRow(id=r[0], title=r[1], date=date.fromisoformat(r[2]) if r[2] else None,
                  severity=r[3], status=r[4], services=tuple(json.loads(r[5] or "[]")),
                  open_actions=int(r[6]), snippet=" ".join((r[7] or "").split()))
        for r in rows
    ]


def browse_count(source: Any, flt: BrowseFilter) -> int | None:
    """How many post-mortems the filters (without a query) select; ``None`` with a query,
    whose full count would cost as much as the search itself."""
    if flt.query.strip():
        return None
    where, params = _where(flt)
    engine = getattr(source, "engine", source)
    sql = "SELECT count(*) FROM postmortem p" + (" WHERE " + " AND ".join(where) if where else "")
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def facets(source: Any) -> dict[str, list[str]]:
    """The values the filters offer: every service and tag in the archive."""
    engine = getattr(source, "engine", source)
    with engine.connect() as conn:
        services = [r[0] for r in conn.execute(text(
            "SELECT DISTINCT name FROM service ORDER BY name"))]
        tags = [r[0] for r in conn.execute(text("SELECT DISTINCT name FROM tag ORDER BY name"))]
    return {"services": services, "tags": tags}
