"""Whatever is typed into search is searched for as text: FTS5 syntax never errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from faults_support import HOSTILE, cli, full_postmortem, main_in_process

from facilitator.store.archive import Archive

QUERIES = [
    '"', '""', '"unclosed', 'pool"', "AND", "AND (", "OR", "NOT", "pool AND (", "( )", ")",
    "*", "pool*", "*pool", "NEAR", "NEAR(pool deploy)", "NEAR(pool, 2)", "-", "-pool",
    "pool -deploy", "^", "^pool", "title:pool", "id:PM", "{title}: pool", "pool:", ":",
    "pool + deploy", "col:", "'", "'; DROP TABLE postmortem; --", "\\", "%", "_", "[", "]",
    "[bold]", "\x00", "\x1b[31m", "<script>", "障害", "🔥", "e\u0301", "\u202e", "   ", "",
    "a" * 5000, "pool " * 200, '"pool" AND "deploy" OR NOT (x*)',
    *HOSTILE.values(),
]


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    db = tmp_path / "archive.sqlite3"
    with Archive.open(str(db)) as archive:
        archive.save(full_postmortem("Connection pool exhausted after deploy AND NEAR (x)",
                                     title="Checkout pool outage"))
        archive.save(full_postmortem("障害対応 🔥 [bold]", title="Wide text"))
    return db


@pytest.mark.parametrize("query", QUERIES, ids=[f"q{n}" for n in range(len(QUERIES))])
def test_archive_search_never_errors(filled: Path, query: str) -> None:
    with Archive.open(str(filled)) as archive:
        for prefix in (False, True):
            hits = archive.search(query, prefix=prefix)
            assert isinstance(hits, list)
            for hit in hits:
                assert hit.id.startswith("PM-") and isinstance(hit.snippet, str)


def test_syntax_words_are_searched_as_words(filled: Path) -> None:
    with Archive.open(str(filled)) as archive:
        titles = {h.title for h in archive.search("pool AND (")}
        assert titles == {"Checkout pool outage"}  # AND and ( are not operators here
        assert {h.title for h in archive.search('"pool')} == {"Checkout pool outage"}
        assert {h.title for h in archive.search("NEAR")} == {"Checkout pool outage"}
        assert {h.title for h in archive.search("障害対応")} == {"Wide text"}
        assert archive.search("-pool") != []  # not "everything without pool"
        assert archive.search("nothing-like-this") == []


def test_command_line_search_never_errors(filled: Path, home: Path) -> None:
    for query in QUERIES[::4]:  # the API test above takes every one
        status, out, err = main_in_process("--db", str(filled), "search", "--json", "--",
                                           query)
        assert status in (0, 1), err
        assert "Traceback" not in err and "error" not in err.lower(), err
        assert isinstance(json.loads(out), list)
    # And as the real command, in its own process.
    result = cli("search", "--json", "--", '"pool AND (*', db=filled, home=home)
    assert result.returncode == 0, result.stderr
    assert [hit["title"] for hit in json.loads(result.stdout)] == ["Checkout pool outage"]
    plain = cli("search", "pool", "AND", "(", "NEAR", db=filled, home=home)
    assert plain.returncode == 0 and "Checkout pool outage" in plain.stdout
    # What the user typed comes back escaped, never as a live terminal sequence.
    missing = cli("search", "zzz\x1b[2J", db=filled, home=home)
    assert missing.returncode == 1 and "\x1b" not in missing.stderr
