"""The browser's pages, filters and search; similar past incidents."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.core.model import ContributingFactor, PostMortem
from facilitator.store.browse import (
    MARK_CLOSE,
    MARK_OPEN,
    BrowseFilter,
    browse,
    browse_count,
    facets,
    snippet_parts,
)
from facilitator.store.patterns import normalise_factor
from facilitator.store.similar import similar_incidents


def _newest_first(pms: list[PostMortem]) -> list[str]:
    return [pm.id for pm in sorted(pms, key=lambda pm: (pm.date, pm.id), reverse=True)]


@pytest.mark.parametrize("flt", [
    BrowseFilter(), BrowseFilter(severity="SEV-2"), BrowseFilter(status="draft"),
    BrowseFilter(service="payments"), BrowseFilter(tag="deploy", severity="SEV-1"),
    BrowseFilter(since=date(2025, 3, 1), until=date(2025, 5, 31)),
])
def test_filters_and_order(archive, pms: list[PostMortem], flt: BrowseFilter) -> None:
    def keep(pm: PostMortem) -> bool:
        return ((not flt.severity or pm.severity == flt.severity)
                and (not flt.status or pm.status == flt.status)
                and (not flt.service or flt.service in pm.services)
                and (not flt.tag or flt.tag in pm.tags)
                and (not flt.since or pm.date >= flt.since)
                and (not flt.until or pm.date <= flt.until))

    expected = _newest_first([pm for pm in pms if keep(pm)])
    rows = browse(archive, flt, limit=1000)
    assert [r.id for r in rows] == expected and expected
    assert browse_count(archive, flt) == len(expected)
    pages = [r.id for offset in range(0, len(expected), 25)
             for r in browse(archive, flt, limit=25, offset=offset)]
    assert pages == expected
    by_id = {pm.id: pm for pm in pms}
    for row in rows[:10]:
        pm = by_id[row.id]
        assert row.services == tuple(pm.services)
        assert row.open_actions == sum(str(a.status) == "open" for a in pm.action_items)


def test_search_as_you_type_with_filters(archive, pms: list[PostMortem]) -> None:
    rows = browse(archive, BrowseFilter(query="failov"), limit=500)  # prefix of "failover"
    expected = {pm.id for pm in pms if "failover" in (pm.title + pm.summary).lower()
                or any("failover" in a.description.lower() for a in pm.action_items)
                or any("failover" in t.lower() for t in pm.takeaways + pm.went_poorly)}
    assert {r.id for r in rows} == expected and expected
    assert all(MARK_OPEN in r.snippet and MARK_CLOSE in r.snippet for r in rows)
    narrowed = browse(archive, BrowseFilter(query="failover", severity="SEV-1"), limit=500)
    assert {r.id for r in narrowed} == {
        pm.id for pm in pms if pm.id in expected and pm.severity == "SEV-1"}
    assert browse_count(archive, BrowseFilter(query="x")) is None


@pytest.mark.parametrize("query", ['"', "[bold]", "AND OR NOT", "*", "a NEAR(b", "{id}:x", "'"])
def test_search_syntax_is_never_read(archive, query: str) -> None:
    browse(archive, BrowseFilter(query=query))  # no exception is the point


def test_snippet_parts() -> None:
    snippet = f"before {MARK_OPEN}[bold]hit{MARK_CLOSE} after {MARK_OPEN}two{MARK_CLOSE}"
    assert snippet_parts(snippet) == [("before ", False), ("[bold]hit", True), (" after ", False),
                                      ("two", True)]
    assert snippet_parts("plain") == [("plain", False)]


def test_facets(archive, pms: list[PostMortem]) -> None:
    found = facets(archive)
    assert found["services"] == sorted({s for pm in pms for s in pm.services})
    assert found["tags"] == sorted({t for pm in pms for t in pm.tags})


def test_similar_incidents_rank_by_what_they_share(archive, pms: list[PostMortem]) -> None:
    # Words nobody else used: only services, tags and factors count.
    current = PostMortem(title="Qwzx vmbk", services=["payments", "auth"], tags=["deploy"],
                         factors=[ContributingFactor("RUNBOOK out of date!")])

    def score(pm: PostMortem) -> int:
        factors = {normalise_factor(f.description) for f in pm.factors}
        return (4 * ("runbook out of date" in factors)
                + 3 * len({"payments", "auth"} & set(pm.services))
                + 2 * ("deploy" in pm.tags))

    ranked = sorted((pm for pm in pms if score(pm)),
                    key=lambda pm: (score(pm), pm.id), reverse=True)
    found = similar_incidents(archive, current, limit=8)
    assert [(s.id, s.score) for s in found] == [(pm.id, score(pm)) for pm in ranked[:8]]
    by_id = {pm.id: pm for pm in pms}
    for incident in found:
        pm = by_id[incident.id]
        assert incident.services == sorted({"payments", "auth"} & set(pm.services))
        assert [d.ref for d in incident.decided] == [a.ref(pm.id) for a in pm.action_items]
        assert not incident.similar_words


def test_similar_never_lists_itself_and_finds_wording(archive, pms: list[PostMortem]) -> None:
    pm = archive.load(pms[5].id)
    found = similar_incidents(archive, pm, limit=10)
    assert found and pm.id not in {s.id for s in found}
    assert any(s.similar_words for s in found)
    empty = similar_incidents(archive, PostMortem(title="zzqx"))
    assert empty == []


def test_similar_factor_with_accents_and_case(archive) -> None:
    stored = archive.save(PostMortem(title="Qzv one", factors=[
        ContributingFactor("Dépendance RÉSEAU instable!")]))
    found = similar_incidents(archive, PostMortem(title="Qzv two", factors=[
        ContributingFactor("dependance reseau instable")]))
    assert [(s.id, s.factors) for s in found] == [
        (stored.id, ["dependance reseau instable"])]


def test_search_falls_back_to_newest_first_when_ranking_is_slow(archive, pms) -> None:
    from facilitator.store.browse import NEWEST, RANKED, browse_page

    flt = BrowseFilter(query="rolled", severity="SEV-3")  # in every generated timeline
    ranked = browse_page(archive, flt, limit=500)
    assert ranked.order == RANKED
    fallback = browse_page(archive, flt, limit=500, rank_budget=0.0)
    assert fallback.order == NEWEST
    saved_order = [pm.id for pm in pms if pm.severity == "SEV-3"]
    assert [r.id for r in fallback.rows] == saved_order[::-1]  # most recently saved first
    assert {r.id for r in ranked.rows} == set(saved_order)
    second = browse_page(archive, flt, limit=10, offset=10, order=NEWEST)
    assert [r.id for r in second.rows] == saved_order[::-1][10:20]


@pytest.mark.parametrize("typed", ["pay", "paym", "payments"])
def test_typed_prefixes_survive_stemming(archive, pms, typed: str) -> None:
    # The index keeps "payments" as "payment" and reads a typed "pay" as "pai":
    # search as you type must still find the payments incidents at every letter.
    rows = browse(archive, BrowseFilter(query=typed), limit=1000)
    assert {pm.id for pm in pms if "payments" in pm.services} <= {r.id for r in rows}
    for row in rows:
        assert any(part.lower().startswith("pa") for part, hit in snippet_parts(row.snippet)
                   if hit)
    assert browse(archive, BrowseFilter(query="zzqq")) == []
