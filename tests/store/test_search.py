"""Full-text search: ranking, snippets, stemming, and user text that looks like FTS syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.core.model import (
    ActionItem,
    ContributingFactor,
    PostMortem,
    TimelineEvent,
    WhyChain,
)
from facilitator.store.archive import Archive, fts_query


def _pm(title: str, summary: str = "", **fields: object) -> PostMortem:
    return PostMortem(title=title, summary=summary, **fields)  # type: ignore[arg-type]


@pytest.fixture
def filled(archive: Archive) -> Archive:
    from datetime import UTC, datetime

    at = datetime(2026, 2, 3, 10, 0, tzinfo=UTC)
    archive.save(_pm("Connection pool exhausted on the orders database",
                     "Orders API timed out while the pool was full."))
    archive.save(_pm("Disk full on the log shipper",
                     "Logs stopped; the connection pool was mentioned once in passing."))
    archive.save(_pm("Certificate expiry on the edge",
                     timeline=[TimelineEvent(at, "Renewal job silently skipped the wildcard")]))
    archive.save(_pm("DNS change took down internal tools",
                     why_chains=[WhyChain("Resolvers served stale records",
                                          ["TTL was set to a week"])],
                     factors=[ContributingFactor("Change review had no DNS checklist")]))
    archive.save(_pm("Queue backlog after deploy",
                     action_items=[ActionItem("Autoscale consumers on queue depth")],
                     lessons=["Backpressure needs an owner"],
                     takeaways=["Deploys can starve consumers"]))
    return archive


def test_title_matches_rank_above_passing_mentions(filled: Archive) -> None:
    hits = filled.search("connection pool")
    assert [h.title for h in hits] == ["Connection pool exhausted on the orders database",
                                      "Disk full on the log shipper"]
    assert hits[0].score > hits[1].score > 0


def test_snippet_marks_the_matched_words(filled: Archive) -> None:
    (hit,) = filled.search("wildcard")
    assert "[wildcard]" in hit.snippet
    (hit,) = filled.search("wildcard", highlight=("<<", ">>"))
    assert "<<wildcard>>" in hit.snippet


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("TTL week", "DNS change took down internal tools"),
        ("checklist", "DNS change took down internal tools"),
        ("autoscale", "Queue backlog after deploy"),
        ("backpressure", "Queue backlog after deploy"),
        ("starve", "Queue backlog after deploy"),
        ("renewal", "Certificate expiry on the edge"),
        ("deploying", "Queue backlog after deploy"),  # stemmed
        ("CERTIFICATE", "Certificate expiry on the edge"),
    ],
)
def test_every_part_of_the_document_is_searchable(filled: Archive, query: str,
                                                  title: str) -> None:
    assert [h.title for h in filled.search(query)] == [title]


def test_every_word_must_match(filled: Archive) -> None:
    assert filled.search("certificate pool") == []


def test_prefix_search_for_typing(filled: Archive) -> None:
    assert filled.search("wildc") == []
    assert [h.title for h in filled.search("wildc", prefix=True)] == [
        "Certificate expiry on the edge"]


@pytest.mark.parametrize(
    "query",
    ['"', '""', "AND (", "pool AND (", "*", "pool*", "NEAR(pool exhausted)", "OR", "NOT",
     "title:pool", "^pool", "a\"b", "(", ")", "-pool", "+", "{pool}", "\x00", "", "   ",
     "'; DROP TABLE postmortem; --", "pool NOT disk", "%", "_"],
)
def test_query_syntax_never_errors(filled: Archive, query: str) -> None:
    hits = filled.search(query)
    assert isinstance(hits, list)
    assert filled.count() == 5


def test_operators_are_searched_as_words(archive: Archive) -> None:
    archive.save(_pm("Rollback NOT applied", "The NEAR cache and OR gate"))
    archive.save(_pm("Rollback applied"))
    # With syntax, 'rollback NOT applied' would exclude the first; as words it finds it.
    assert [h.title for h in archive.search("rollback NOT applied")] == ["Rollback NOT applied"]
    assert [h.title for h in archive.search("NEAR OR")] == ["Rollback NOT applied"]


def test_quotes_and_hyphens_in_words(archive: Archive) -> None:
    pm = archive.save(_pm('The "primary" flag on db-01', "node db-01 lost quorum"))
    assert [h.id for h in archive.search('"primary"')] == [pm.id]
    assert [h.id for h in archive.search("db-01")] == [pm.id]
    assert [h.id for h in archive.search(pm.id)] == [pm.id]


def test_index_follows_updates(archive: Archive) -> None:
    pm = archive.save(_pm("Cache stampede"))
    pm.title = "Thundering herd"
    archive.save(pm)
    assert archive.search("stampede") == []
    assert [h.id for h in archive.search("herd")] == [pm.id]


def test_limit(archive: Archive) -> None:
    for n in range(5):
        archive.save(_pm(f"Replica lag {n}"))
    assert len(archive.search("replica", limit=3)) == 3


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('pool AND "x') == '"pool" "AND" """x"'
    assert fts_query("* ( )") is None
    assert fts_query("db", prefix=True) == '"db"*'


def test_snippet_comes_from_the_body_when_the_title_also_matches(archive: Archive) -> None:
    archive.save(_pm("Gateway [beta] timeouts", "The gateway dropped idle connections.",
                     lessons=["Idle timeouts differ between the gateway and the pool"]))
    (hit,) = archive.search("gateway")
    assert hit.snippet.startswith("The [gateway] dropped")
    # Brackets the user typed are not taken for highlights.
    (hit,) = archive.search("beta")
    assert hit.snippet == "Gateway [[beta]] timeouts"


def test_reindex_after_editing_tables_with_plain_sql(archive: Archive,
                                                     archive_path: Path) -> None:
    import sqlite3

    pm = archive.save(_pm("Old words"))
    with sqlite3.connect(str(archive_path)) as db:
        db.execute("UPDATE postmortem SET title = 'Fresh words' WHERE id = ?", (pm.id,))
    assert archive.search("fresh") == []
    assert archive.reindex() == 1
    assert [h.id for h in archive.search("fresh")] == [pm.id]
    assert archive.search("old") == []


def test_an_archive_without_its_index_is_indexed_at_open(archive: Archive,
                                                         archive_path: Path) -> None:
    import sqlite3

    pm = archive.save(_pm("Indexed again"))
    archive.close()
    with sqlite3.connect(str(archive_path)) as db:
        db.execute("DROP TABLE postmortem_fts")
    with Archive.open(str(archive_path)) as reopened:
        assert [h.id for h in reopened.search("indexed")] == [pm.id]
