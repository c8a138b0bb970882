"""The archive browser's queries: one page of post-mortems at a time, filtered and searched.

A page is a ``LIMIT``/``OFFSET`` query, so a 100,000-row archive never reaches memory whole:
the browser asks for the next page when the reader scrolls near the end of what it has.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from facilitator.core.model import Severity, Status
from facilitator.store.archive import (
    FTS_RANKING,
    FTS_TABLE,
    LIST_COLUMNS,
    MARK_CLOSE,
    MARK_OPEN,
    fts_query,
)

# The snippet's match marks (MARK_OPEN, MARK_CLOSE) become styling on the screen, so
# nothing the user typed is ever read as markup.
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


_COLUMNS = f"p.id, p.title, p.date, p.severity, p.status, {LIST_COLUMNS}"


def browse(source: Any, flt: BrowseFilter, *, limit: int = 100,
           offset: int = 0) -> list[BrowseRow]:
    """One page of the archive: newest incident first, or best match first with a query.

    The query's words are matched as words (the last one as a prefix, for search as you
    type) and never read as search syntax.
    """
    return browse_page(source, flt, limit=limit, offset=offset, order=RANKED).rows


@dataclass(frozen=True)
class Page:
    rows: list[BrowseRow]
    order: str  # RANKED (best match first) or NEWEST (most recently saved first)


RANKED, NEWEST, AUTO = "ranked", "newest", "auto"
# Ranking must score every match; a query that matches most of a large archive (two letters
# typed) gets its matches newest first instead of making the typist wait.
RANK_BUDGET = 0.3


def browse_page(source: Any, flt: BrowseFilter, *, limit: int = 100, offset: int = 0,
                order: str = AUTO, rank_budget: float | None = None) -> Page:
    """Like ``browse``, choosing how search results are ordered.

    ``AUTO`` ranks when that takes under ``rank_budget`` seconds (default ``RANK_BUDGET``),
    else lists the matches
    newest first; later pages of the same search should pass the order the first page got.
    """
    where, params = _where(flt)
    params.update(limit=limit, offset=offset)
    engine = getattr(source, "engine", source)
    match = _typed_match(engine, flt.query) if flt.query.strip() else None
    if flt.query.strip() and match is None:
        return Page([], RANKED)  # only punctuation typed: nothing can match
    # The page's ids are chosen first (an index walk, or FTS5's own order, stopping at
    # LIMIT); services, open actions and snippets are then made for those rows only.
    if match is None:
        page = ("SELECT p.id AS id, '' AS snippet, 0 AS rank FROM postmortem p"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY p.date DESC, p.id DESC LIMIT :limit OFFSET :offset")
        return Page(_rows(engine, page, "p.date DESC, p.id DESC", params), RANKED)
    params.update(match=match, ranking=FTS_RANKING, open=MARK_OPEN,
                  close=MARK_CLOSE)
    restrict = (" AND id IN (SELECT p.id FROM postmortem p WHERE "
                + " AND ".join(where) + ")") if where else ""
    snippet = f"snippet({FTS_TABLE}, -1, :open, :close, '…', 12) AS snippet"
    ranked = (f"SELECT id, {snippet}, rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
              f"AND rank MATCH :ranking{restrict} ORDER BY rank LIMIT :limit OFFSET :offset")
    newest = (f"SELECT id, {snippet}, -rowid AS rank FROM {FTS_TABLE} "
              f"WHERE {FTS_TABLE} MATCH :match{restrict} "
              f"ORDER BY rowid DESC LIMIT :limit OFFSET :offset")
    if order != NEWEST:
        budget = None if order == RANKED else (
            RANK_BUDGET if rank_budget is None else rank_budget)
        rows = _rows(engine, ranked, "f.rank, p.id", params, budget=budget)
        if rows is not None:
            return Page(rows, RANKED)
    return Page(_rows(engine, newest, "f.rank", params) or [], NEWEST)


def _typed_match(engine: Any, query: str) -> str | None:
    """The FTS5 query for what is typed so far, the last word as a prefix.

    The index stems words ("payments" is kept as "payment", "certificate" as "certif") and
    stems the typed prefix too, so "pay" or "certifi" can find nothing while the whole word
    would: when the typed text matches nothing at all, the last word is shortened by up to
    two letters (never below two) until something matches.
    """
    match = fts_query(query, prefix=True)
    words = query.split()
    if match is None or not words:
        return match
    candidates = [match]
    last = words[-1]
    for cut in range(1, 3):
        if len(last) - cut < 2:
            break
        shorter = fts_query(" ".join([*words[:-1], last[:-cut]]), prefix=True)
        if shorter is not None:
            candidates.append(shorter)
    if len(candidates) == 1:
        return match
    with engine.connect() as conn:
        for candidate in candidates:
            found = conn.execute(text(f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :m "
                                      "LIMIT 1"), {"m": candidate}).first()
            if found is not None:
                return candidate
    return match


def _rows(engine: Any, page: str, order: str, params: dict[str, Any], *,
          budget: float | None = None) -> Any:
    """The page's rows; ``None`` if ``budget`` seconds passed first (the query is stopped)."""
    sql = (f"SELECT {_COLUMNS}, f.snippet FROM ({page}) AS f "
           f"JOIN postmortem p ON p.id = f.id ORDER BY {order}")
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if budget is not None:
            deadline = time.monotonic() + budget
            raw.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
        try:
            rows = conn.execute(text(sql), params).all()
        except OperationalError as error:
            if budget is None or "interrupt" not in str(error).lower():
                raise
            conn.rollback()
            return None
        finally:
            if budget is not None:
                raw.set_progress_handler(None, 0)
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
