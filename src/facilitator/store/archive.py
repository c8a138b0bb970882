"""The archive: post-mortems saved in one SQLite file, searchable, shared between processes.

    archive = Archive.open(None)            # the default file in the user data directory
    pm = archive.save(pm)                   # assigns PM-2026-0007 if pm.id is empty
    archive.search("connection pool")       # ranked hits with a snippet

``Archive.open`` takes ``None``, a file path or a SQLAlchemy URL (only SQLite is supported:
the search index is SQLite FTS5). The engine is made there, or injected with
``Archive(engine)``; nothing is opened at import time.

Sharing: the file is in WAL mode (readers never wait for a writer), every connection has a
busy timeout, writes start with ``BEGIN IMMEDIATE`` (so two writers queue on the lock instead
of failing half-way) and a write that still finds the file locked is retried a few times
before ``ArchiveLocked`` is raised.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, TextClause, create_engine, event, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel

from facilitator.core.model import PostMortem, Severity, Status, format_id
from facilitator.store import tables as t
from facilitator.store.errors import (
    ArchiveCorrupt,
    ArchiveError,
    ArchiveLocked,
    ArchiveTooNew,
    NotFound,
)
from facilitator.store.paths import default_archive_path

DEFAULT_BUSY_TIMEOUT = 5.0  # seconds a statement waits for another process's lock
WRITE_ATTEMPTS = 4  # a write that still finds the file locked is tried this many times

FTS_TABLE = "postmortem_fts"
# Column order matters: bm25() weights below are given in this order.
FTS_COLUMNS = ("id", "title", "summary", "timeline", "analysis", "actions", "notes")
_FTS_WEIGHTS = (1.0, 10.0, 5.0, 1.0, 2.0, 2.0, 2.0)
# The ranking every search uses (``rank MATCH :ranking``): titles weigh most.
FTS_RANKING = "bm25(" + ", ".join(str(w) for w in _FTS_WEIGHTS) + ")"

# A listed post-mortem's services in order (a JSON array) and its open action count.
# "+a.status": with the status index SQLite would scan every open item of the archive once
# per row; the post-mortem key finds a row's few items directly.
LIST_COLUMNS = """(SELECT json_group_array(name) FROM (SELECT name FROM service s
        WHERE s.postmortem_id = p.id ORDER BY s.position)) AS services,
    (SELECT count(*) FROM action_item a WHERE a.postmortem_id = p.id
        AND +a.status = 'open') AS open_actions"""

_T = TypeVar("_T")

# Private-use characters mark matches inside snippets (swapped for the caller's highlight
# afterwards), so brackets or markup the user typed are never mistaken for a match.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"

def _upsert_statement() -> TextClause:
    # Replaces a post-mortem's own fields, keeping its creation time and meeting state.
    columns = [c.name for c in t.PostMortemRow.__table__.columns  # type: ignore[attr-defined]
               if c.name != "meeting_state"]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("id", "created_at"))
    return text(
        f"INSERT INTO postmortem ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}"
    )


_UPSERT = _upsert_statement()
_DELETE_CHILDREN = [text(f"DELETE FROM {model.__tablename__} WHERE postmortem_id = :id")
                    for model in t.CHILD_ROWS]
_FTS_INSERT = text(
    f"INSERT INTO {FTS_TABLE} ({', '.join(FTS_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in FTS_COLUMNS)})"
)


@dataclass(frozen=True)
class Summary:
    """One line of the archive list."""

    id: str
    title: str
    severity: Severity
    status: Status
    date: date | None
    services: tuple[str, ...]
    updated_at: datetime | None
    open_actions: int


@dataclass(frozen=True)
class SearchHit:
    """One search result; ``score`` is higher for a better match (negated FTS5 bm25)."""

    id: str
    title: str
    severity: Severity
    status: Status
    date: date | None
    snippet: str
    score: float


# --- opening ------------------------------------------------------------------------------


def archive_url(url_or_path: str | os.PathLike[str] | None) -> URL:
    """The SQLAlchemy URL for ``None`` (the default file), a path, or a URL string."""
    raw = "" if url_or_path is None else os.fspath(url_or_path).strip()
    if not raw:  # an empty FACILITATOR_DB means "not set"
        return URL.create("sqlite", database=str(default_archive_path()))
    if "://" in raw:
        try:
            url = make_url(raw)
        except ArgumentError as error:
            # The text is not echoed: a URL may hold a password.
            raise ArchiveError("--db / FACILITATOR_DB is not a valid database URL",
                               "give a file path or a URL like sqlite:////path/to/archive.sqlite3"
                               ) from error
        if url.get_backend_name() != "sqlite":
            raise ArchiveError(
                f"only SQLite archives are supported, not '{url.get_backend_name()}'",
                "give a file path or a sqlite:/// URL",
            )
        return url
    return URL.create("sqlite", database=str(Path(raw).expanduser().absolute()))


def _is_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or database.startswith("file::memory:")


def _prepare_file(path: Path) -> None:
    # Create the parent directory and the file itself, owner-only, before SQLite does
    # (SQLite gives its -wal and -shm files the main file's permissions).
    if path.is_dir():
        raise ArchiveError(f"the archive path is a directory: {path}",
                           "give the path of a file, e.g. archive.sqlite3 inside it")
    try:
        if not path.parent.exists():
            path.parent.parent.mkdir(parents=True, exist_ok=True)
            path.parent.mkdir(mode=0o700, exist_ok=True)  # ours: owner-only like the file
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
    except FileExistsError as error:
        if not path.exists():  # not the archive: a file stands where a directory should be
            raise ArchiveError(
                f"cannot create the archive {path}: {error.filename} is not a directory",
                "choose another place with --db or FACILITATOR_DB") from error
        # else another process made it a moment ago
    except OSError as error:
        raise ArchiveError(f"cannot create the archive {path}: {error.strerror}",
                           "choose another place with --db or FACILITATOR_DB") from error


def sqlite_engine(url: URL, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """A SQLite engine set up for sharing: WAL, busy timeout, foreign keys, own BEGINs.

    Writes through ``engine.execution_options(sqlite_begin="IMMEDIATE")`` take the write lock
    when they begin, so concurrent writers wait for each other instead of deadlocking.
    """
    connect_args: dict[str, Any] = {"timeout": busy_timeout, "check_same_thread": False}
    if _is_memory(url):
        engine = create_engine(url, connect_args=connect_args, poolclass=StaticPool)
    else:
        engine = create_engine(url, connect_args=connect_args)
    timeout_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Our own BEGIN statements (below) instead of the sqlite3 module's implicit ones.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not _is_memory(url):
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _translate(error: DBAPIError, where: str) -> ArchiveError:
    """An ``ArchiveError`` saying in plain words what a database error means for the user."""
    message = str(error.orig) if error.orig is not None else str(error)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return ArchiveLocked(
            f"the archive {where} is locked by another process",
            "wait until the other facilitator command or app finishes saving, then retry",
        )
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return ArchiveCorrupt(
            f"{where} is not a readable facilitator archive ({message})",
            "point --db or FACILITATOR_DB at another file, or restore this one from a backup",
        )
    if "readonly" in lowered or "read-only" in lowered:
        return ArchiveError(f"the archive {where} is read-only",
                            "check the file's permissions, or use another file with --db")
    if "unable to open" in lowered:
        return ArchiveError(f"cannot open the archive {where}",
                            "check that the directory exists and that you may write to it")
    if "full" in lowered or "no space" in lowered:
        return ArchiveError(f"the disk holding the archive {where} is full",
                            "free some space there (or choose another archive with --db), "
                            "then save again")
    return ArchiveError(f"the archive {where} failed: {message}")


# --- search queries -----------------------------------------------------------------------

_WORD = re.compile(r"\w", re.UNICODE)


def fts_phrase(word: str) -> str:
    """``word`` as an FTS5 string: always text, never query syntax."""
    return '"' + word.replace('"', '""') + '"'


def fts_query(text: str, *, prefix: bool = False) -> str | None:
    """The FTS5 query for what a user typed: each word quoted, so it is only ever text.

    ``AND``, ``NEAR``, ``*``, quotes and brackets are searched for as words (or ignored when
    they hold no letter or digit), never read as query syntax. Every word must match.
    With ``prefix`` the last word also matches longer words (for search-as-you-type).
    ``None`` when nothing searchable is left.
    """
    # FTS5 reads a NUL as the end of the query ("unterminated string"): it separates words.
    chunks = [chunk for chunk in text.replace("\x00", " ").split() if _WORD.search(chunk)]
    if not chunks:
        return None
    phrases = [fts_phrase(chunk) for chunk in chunks]
    if prefix:
        phrases[-1] += "*"
    return " ".join(phrases)


def _fts_document(pm: PostMortem, pm_id: str) -> dict[str, str]:
    def lines(items: Iterable[str]) -> str:
        return "\n".join(item for item in items if item)

    impact = pm.impact
    return {
        "id": pm_id,
        "title": pm.title,
        "summary": lines([pm.summary, impact.users_affected, impact.duration,
                          impact.slo_breached, impact.revenue, impact.notes]),
        "timeline": lines(f"{e.description}\n{e.known_at_time}".strip() for e in pm.timeline),
        "analysis": lines(
            [part for chain in pm.why_chains for part in (chain.problem, *chain.whys)]
            + [factor.description for factor in pm.factors]
        ),
        "actions": lines(
            f"{a.description}\n{a.success_criterion}\n{a.note}".strip() for a in pm.action_items
        ),
        "notes": lines([*pm.takeaways, *pm.lessons, *pm.went_well, *pm.went_poorly, *pm.lucky,
                        *pm.services, *pm.tags]),
    }


# --- the archive --------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Archive:
    """Post-mortems in a SQLite file: save, load, list, search, delete, meeting state."""

    def __init__(
        self,
        engine: Engine,
        *,
        where: str | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        """Use ``engine`` (ideally from ``sqlite_engine``); create or check the schema."""
        self.engine = engine
        self.busy_timeout = busy_timeout
        self.where = where or str(engine.url.database or "(in memory)")
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")
        self._prepare_schema()

    @classmethod
    def open(
        cls,
        url_or_path: str | os.PathLike[str] | None = None,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> Archive:
        """Open (creating if needed) the archive at a path, a SQLAlchemy URL, or by default
        ``archive.sqlite3`` in the user data directory.

        Raises ``ArchiveCorrupt`` for a file that is not a SQLite archive, ``ArchiveTooNew``
        for an archive written by a newer facilitator, ``ArchiveLocked`` when another process
        holds it for longer than ``busy_timeout`` seconds (and a few retries).
        """
        url = archive_url(url_or_path)
        where = "(in memory)"
        if not _is_memory(url):
            path = Path(url.database or "")
            _prepare_file(path)
            where = str(path)
        engine = sqlite_engine(url, busy_timeout=busy_timeout)
        try:
            return cls(engine, where=where, busy_timeout=busy_timeout)
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        """Release the file (all pooled connections)."""
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ---------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        # One deferred transaction: a consistent snapshot even while another process writes.
        try:
            with self.engine.begin() as connection:
                yield connection
        except DBAPIError as error:
            raise _translate(error, self.where) from error

    def _write(self, work: Callable[[Connection], _T]) -> _T:
        """Run ``work`` in one ``BEGIN IMMEDIATE`` transaction, retrying while locked.

        The busy timeout already waits for the lock; the retries are for the moments SQLite
        reports "locked" without waiting (e.g. while another connection recovers the WAL),
        and stop once the busy timeout has passed in total.
        """
        deadline = time.monotonic() + self.busy_timeout
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self._writer.begin() as connection:
                    return work(connection)
            except DBAPIError as error:
                translated = _translate(error, self.where)
                retry = attempt + 1 < WRITE_ATTEMPTS and time.monotonic() < deadline
                if isinstance(translated, ArchiveLocked) and retry:
                    time.sleep(0.05 * 2**attempt)
                    continue
                raise translated from error
        raise AssertionError("unreachable")  # pragma: no cover

    def _prepare_schema(self) -> None:
        with self._reading() as connection:
            state = self._schema_state(connection)
        if state == "ready":
            return
        self._write(self._create_schema)

    def _schema_state(self, connection: Connection) -> str:
        names = {row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if t.SchemaMeta.__tablename__ not in names:
            if names - {"sqlite_sequence", "sqlite_stat1"}:
                raise ArchiveCorrupt(
                    f"{self.where} is a SQLite database but not a facilitator archive",
                    "point --db or FACILITATOR_DB at another file (or a new one)",
                )
            return "empty"
        raw = connection.execute(
            text("SELECT value FROM schema_meta WHERE name = 'version'")).scalar()
        try:
            version = int(str(raw))
        except (TypeError, ValueError):
            raise ArchiveCorrupt(f"{self.where} has no readable schema version",
                                 "restore the archive from a backup") from None
        if version > t.SCHEMA_VERSION:
            raise ArchiveTooNew(
                f"the archive {self.where} was written by a newer facilitator "
                f"(schema {version}; this version reads up to {t.SCHEMA_VERSION})",
                "upgrade facilitator (pip install --upgrade facilitator), "
                "or use another archive with --db",
            )
        missing = {table.name for table in t.all_tables()} | {FTS_TABLE}
        return "ready" if missing <= names else "partial"

    def _create_schema(self, connection: Connection) -> None:
        # Checked again inside the write lock: another process may have just done it.
        if self._schema_state(connection) == "ready":
            return
        had_index = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE}
        ).first() is not None
        SQLModel.metadata.create_all(connection, tables=t.all_tables(), checkfirst=True)
        columns = ", ".join(FTS_COLUMNS)
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            f"{columns}, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        if not had_index:
            # Post-mortems written before the index existed become searchable too.
            self._fill_index(connection)
        connection.execute(
            sqlite_insert(t.SchemaMeta)
            .values(name="version", value=str(t.SCHEMA_VERSION))
            .on_conflict_do_nothing()
        )

    # --- writing --------------------------------------------------------------------------

    def save(self, pm: PostMortem) -> PostMortem:
        """Store ``pm`` in one transaction and return it.

        An empty ``pm.id`` gets the next ``PM-YYYY-NNNN`` of the incident's year (the current
        year when the incident has no date yet); action items without a number are numbered.
        Both are written into ``pm`` itself. A post-mortem with the same id is replaced
        (its meeting state and creation time are kept); the search index follows.
        """
        pm.number_action_items()

        def work(connection: Connection) -> str:
            is_new = not pm.id
            pm_id = pm.id or self._next_id(connection, pm)
            records = t.postmortem_to_records(pm, pm_id=pm_id)
            (values,) = records.pop(t.PostMortemRow.__tablename__)
            now = _now()
            values.update(created_at=now, updated_at=now)
            connection.execute(_UPSERT, values)
            if not is_new:
                self._delete_children(connection, pm_id)
            for model in t.CHILD_ROWS:
                rows = records[str(model.__tablename__)]
                if rows:
                    connection.execute(model.__table__.insert(), rows)  # type: ignore[attr-defined]
            connection.execute(_FTS_INSERT, _fts_document(pm, pm_id))
            return pm_id

        pm.id = self._write(work)
        return pm

    def _next_id(self, connection: Connection, pm: PostMortem) -> str:
        year = pm.date.year if pm.date else datetime.now(UTC).year
        prefix = f"PM-{year:04d}-"
        # Only well-formed ids count (PM-YYYY- then digits); the range uses the primary key.
        highest = connection.execute(
            text("SELECT max(CAST(substr(id, 9) AS INTEGER)) FROM postmortem "
                 "WHERE id >= :low AND id < :high AND length(id) >= 12 "
                 "AND substr(id, 9) NOT GLOB '*[^0-9]*'"),
            {"low": prefix, "high": prefix[:-1] + "."},  # '.' sorts right after '-'
        ).scalar()
        return format_id(year, int(highest or 0) + 1)

    def _delete_children(self, connection: Connection, pm_id: str) -> None:
        for statement in _DELETE_CHILDREN:
            connection.execute(statement, {"id": pm_id})
        # Find the index row through the index itself (a phrase query on the id column)
        # rather than scanning every stored document.
        phrase = '"' + pm_id.replace('"', '""') + '"'
        if _WORD.search(pm_id):
            connection.execute(
                text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT rowid FROM {FTS_TABLE} "
                     f"WHERE {FTS_TABLE} MATCH :query AND id = :id)"),
                {"query": "id : " + phrase, "id": pm_id},
            )
        else:
            connection.execute(text(f"DELETE FROM {FTS_TABLE} WHERE id = :id"), {"id": pm_id})

    def reindex(self) -> int:
        """Rebuild the search index from the tables (after editing them with plain SQL);
        returns how many post-mortems were indexed."""
        return self._write(self._fill_index)

    def _fill_index(self, connection: Connection) -> int:
        connection.exec_driver_sql(f"DELETE FROM {FTS_TABLE}")
        postmortems = self._load_many(connection, None)
        if postmortems:
            connection.execute(_FTS_INSERT, [_fts_document(pm, pm.id) for pm in postmortems])
        return len(postmortems)

    def delete(self, pm_id: str) -> None:
        """Remove a post-mortem and everything it holds; ``NotFound`` if there is none."""

        def work(connection: Connection) -> int:
            self._delete_children(connection, pm_id)
            result = connection.execute(text("DELETE FROM postmortem WHERE id = :id"),
                                        {"id": pm_id})
            return int(result.rowcount or 0)

        if not self._write(work):
            raise self._not_found(pm_id)

    def save_meeting_state(self, pm_id: str, state: dict[str, Any]) -> None:
        """Keep the app's resume state (JSON-ready) with post-mortem ``pm_id``."""
        payload = json.dumps(state, ensure_ascii=False, sort_keys=True)

        def work(connection: Connection) -> int:
            result = connection.execute(
                text("UPDATE postmortem SET meeting_state = :state WHERE id = :id"),
                {"state": payload, "id": pm_id},
            )
            return int(result.rowcount or 0)

        if not self._write(work):
            raise self._not_found(pm_id)

    def load_meeting_state(self, pm_id: str) -> dict[str, Any] | None:
        """The state saved by ``save_meeting_state``, or ``None`` if none was saved."""
        with self._reading() as connection:
            row = connection.execute(
                text("SELECT meeting_state FROM postmortem WHERE id = :id"), {"id": pm_id}
            ).first()
        if row is None:
            raise self._not_found(pm_id)
        if not row[0]:
            return None
        try:
            state = json.loads(row[0])
        except ValueError:
            return None  # a damaged resume state must not stop anyone opening the post-mortem
        return state if isinstance(state, dict) else None

    # --- reading --------------------------------------------------------------------------

    def _not_found(self, pm_id: str) -> NotFound:
        return NotFound(f"no post-mortem '{pm_id}' in the archive {self.where}",
                        "see the ids with: facilitator list")

    def exists(self, pm_id: str) -> bool:
        """Whether a post-mortem with this id is in the archive."""
        with self._reading() as connection:
            return connection.execute(text("SELECT 1 FROM postmortem WHERE id = :id"),
                                      {"id": pm_id}).first() is not None

    def load(self, pm_id: str) -> PostMortem:
        """The post-mortem with this id; ``NotFound`` if there is none."""
        found = self.load_many([pm_id])
        if not found:
            raise self._not_found(pm_id)
        return found[0]

    def load_many(self, ids: Iterable[str] | None = None) -> list[PostMortem]:
        """Several post-mortems (all of them for ``None``) read in one snapshot, by id.

        Ids that are not in the archive are skipped.
        """
        wanted = None if ids is None else list(dict.fromkeys(ids))
        if wanted is not None and not wanted:
            return []
        with self._reading() as connection:
            return self._load_many(connection, wanted)

    def _load_many(self, connection: Connection, wanted: list[str] | None) -> list[PostMortem]:
        parents = self._rows(connection, t.PostMortemRow, "id", wanted)
        children: dict[str, dict[str, list[Any]]] = {row.id: {} for row in parents}
        for model in t.CHILD_ROWS:
            name = str(model.__tablename__)
            for child in self._rows(connection, model, "postmortem_id", wanted):
                children.setdefault(child.postmortem_id, {}).setdefault(name, []).append(child)
        by_id = {row.id: t.rows_to_postmortem(t.PostMortemRows(row, children[row.id]))
                 for row in parents}
        order = wanted if wanted is not None else sorted(by_id)
        return [by_id[pm_id] for pm_id in order if pm_id in by_id]

    @staticmethod
    def _rows(connection: Connection, model: type[SQLModel], key: str,
              ids: list[str] | None) -> list[Any]:
        # Core rows (attribute access by column name) convert as well as table objects
        # and cost far less to build when reading thousands.
        table = model.__table__  # type: ignore[attr-defined]
        statement = table.select()
        if ids is not None:
            statement = statement.where(table.c[key].in_(ids))
        return list(connection.execute(statement).all())

    def summaries(
        self,
        status: Status | str | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        severity: Severity | str | None = None,
        service: str | None = None,
        since: date | None = None,
        order: str = "date",
    ) -> list[Summary]:
        """The archive's list: newest incident first (``order="date"``) or most recently
        saved first (``order="updated"``), optionally filtered."""
        where: list[str] = []
        params: dict[str, Any] = {"limit": -1 if limit is None else limit, "offset": offset}
        if status is not None:
            where.append("p.status = :status")
            params["status"] = str(Status(status))
        if severity is not None:
            where.append("p.severity = :severity")
            params["severity"] = str(Severity(severity))
        if service is not None:
            where.append("EXISTS (SELECT 1 FROM service s WHERE s.postmortem_id = p.id "
                         "AND s.name = :service)")
            params["service"] = service
        if since is not None:
            where.append("p.date >= :since")
            params["since"] = since.isoformat()
        ordering = {
            "date": "p.date IS NULL, p.date DESC, p.id DESC",
            "updated": "p.updated_at DESC, p.id DESC",
        }[order]
        sql = (
            f"SELECT p.id, p.title, p.severity, p.status, p.date, p.updated_at, {LIST_COLUMNS} "
            "FROM postmortem p"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {ordering} LIMIT :limit OFFSET :offset"
        )
        with self._reading() as connection:
            rows = connection.execute(text(sql), params).all()
        return [
            Summary(
                id=row.id, title=row.title, severity=Severity(row.severity),
                status=Status(row.status), date=_date(row.date),
                services=tuple(json.loads(row.services or "[]")),
                updated_at=datetime.fromisoformat(row.updated_at) if row.updated_at else None,
                open_actions=int(row.open_actions),
            )
            for row in rows
        ]

    def drafts(self, limit: int | None = None) -> list[Summary]:
        """Post-mortems still in draft, most recently saved first (to resume one); at most
        ``limit`` of them when given."""
        return self.summaries(status=Status.DRAFT, order="updated", limit=limit)

    def count(self) -> int:
        """How many post-mortems the archive holds."""
        with self._reading() as connection:
            return int(connection.execute(text("SELECT count(*) FROM postmortem")).scalar() or 0)

    def search(
        self,
        query: str,
        limit: int = 50,
        *,
        prefix: bool = False,
        highlight: tuple[str, str] = ("[", "]"),
    ) -> list[SearchHit]:
        """Post-mortems holding every word of ``query``, best match first.

        The words are matched as words (stemmed: "deploys" finds "deploy"), never read as
        FTS5 syntax. Titles weigh most, then summaries, analysis, actions and lessons, then
        timelines. Each hit has a snippet with the matched words between ``highlight``.
        """
        match = fts_query(query, prefix=prefix)
        if match is None:
            return []
        # FTS5 sorts by its own `rank` column and stops after `limit` rows, so snippets
        # are made for the hits shown only; the join to postmortem comes after that.
        # One snippet per body column: the title is shown anyway, so the snippet comes
        # from the body column with most matches, and from the title only as a last resort.
        snippets = ", ".join(
            f"snippet({FTS_TABLE}, {column}, :open, :close, '…', 16) AS s{column}"
            for column in range(-1, len(FTS_COLUMNS)) if column not in (0, 1)
        ).replace("AS s-1", "AS s_any")
        sql = (
            f"SELECT p.id, p.title, p.severity, p.status, p.date, h.* FROM ("
            f" SELECT id AS hit_id, rank, {snippets}"
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match AND rank MATCH :ranking"
            f" ORDER BY rank LIMIT :limit) AS h"
            f" JOIN postmortem p ON p.id = h.hit_id ORDER BY h.rank, p.id"
        )
        params = {"match": match, "ranking": FTS_RANKING, "open": MARK_OPEN, "close": MARK_CLOSE,
                  "limit": limit}
        with self._reading() as connection:
            rows = connection.execute(text(sql), params).mappings().all()
        hits = []
        for row in rows:
            body = [row[f"s{column}"] for column in range(2, len(FTS_COLUMNS))]
            best = max(body, key=lambda snippet: snippet.count(MARK_OPEN))
            if MARK_OPEN not in best:
                best = row["s_any"]
            shown = " ".join(best.split())
            shown = shown.replace(MARK_OPEN, highlight[0]).replace(MARK_CLOSE, highlight[1])
            hits.append(SearchHit(id=row["id"], title=row["title"],
                                  severity=Severity(row["severity"]),
                                  status=Status(row["status"]), date=_date(row["date"]),
                                  snippet=shown, score=-float(row["rank"])))
        return hits
