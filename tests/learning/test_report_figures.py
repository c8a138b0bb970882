"""Every figure of the learning review against values computed independently in plain Python."""

from __future__ import annotations

from datetime import UTC, date

import learning_expected as ex
import pytest
from learning_expected import TODAY

from facilitator.core.model import FactorCategory, PostMortem, Severity
from facilitator.store.learning import IDS_SHOWN, learning_report

PERIODS = [(None, None), (date(2025, 7, 1), date(2025, 12, 31)), (date(2026, 4, 1), None)]


@pytest.fixture(params=PERIODS, ids=["all", "h2-2025", "since-april"])
def period(request: pytest.FixtureRequest) -> tuple[date | None, date | None]:
    return request.param


def test_incident_counts(archive, pms: list[PostMortem], period) -> None:
    since, until = period
    report = learning_report(archive, since=since, until=until, today=TODAY)
    chosen = ex.scope(pms, since, until)
    assert 0 < report.incidents == len(chosen) <= len(pms)
    assert {c.key: c.count for c in report.by_severity} == {
        str(s): sum(pm.severity == s for pm in chosen) for s in Severity}
    assert {c.key: c.count for c in report.by_service} == ex.per_pm_counts(
        chosen, lambda pm: pm.services)
    assert {c.key: c.count for c in report.by_tag} == ex.per_pm_counts(chosen, lambda pm: pm.tags)
    assert {c.key: c.count for c in report.by_factor_category} == {
        str(c): sum(any(f.category == c for f in pm.factors) for pm in chosen)
        for c in FactorCategory}
    counts = [c.count for c in report.by_service]
    assert counts == sorted(counts, reverse=True)


def test_recurrences(archive, pms: list[PostMortem], period) -> None:
    since, until = period
    report = learning_report(archive, since=since, until=until, today=TODAY)
    chosen = ex.scope(pms, since, until)
    by_id = {pm.id: pm for pm in chosen}
    expected_factors = ex.recurring(chosen, ex.factor_keys)
    assert expected_factors, "the generated archive should have recurring factors"
    assert {r.key: r.count for r in report.recurring_factors} == {
        k: len(ids) for k, ids in expected_factors.items()}
    for r in report.recurring_factors:
        assert set(r.ids) <= expected_factors[r.key]
        assert len(r.ids) == min(r.count, IDS_SHOWN)
        dates = [by_id[i].date for i in r.ids]
        assert dates == sorted(dates, reverse=True)
        # The label is one of the ways the factor was actually written.
        written = {f.description.strip() for pm in chosen for f in pm.factors}
        assert r.label in written
    expected_services = ex.recurring(chosen, lambda pm: pm.services)
    assert {r.key: r.count for r in report.recurring_services} == {
        k: len(ids) for k, ids in expected_services.items()}


def test_factor_variants_count_as_one(archive, pms: list[PostMortem]) -> None:
    # The generator writes factors as people do: "Runbook out of date." / "RUNBOOK OUT OF DATE"
    report = learning_report(archive, today=TODAY)
    variants = {f.description for pm in pms for f in pm.factors
                if f.description.lower().startswith("runbook out of date")}
    assert len(variants) > 1
    keys = [r.key for r in report.recurring_factors if r.key.startswith("runbook")]
    assert keys == ["runbook out of date"]


def test_detection_weekday_hour(archive, pms: list[PostMortem], period) -> None:
    since, until = period
    report = learning_report(archive, since=since, until=until, today=TODAY)
    chosen = ex.scope(pms, since, until)
    detection = {c.key: c.count for c in report.detection}
    expected = {k: 0 for k in ("monitoring", "customer", "other", "unknown")}
    for pm in chosen:
        expected[ex.detection(pm)] += 1
    assert detection == expected
    assert detection["customer"] > 0 and detection["monitoring"] > 0
    weekdays = [pm.started_at.weekday() for pm in chosen if pm.started_at]
    assert [c.count for c in report.by_weekday] == [weekdays.count(d) for d in range(7)]
    hours = [pm.started_at.hour for pm in chosen if pm.started_at]
    assert [c.count for c in report.by_hour] == [hours.count(h) for h in range(24)]


def test_wall_clock_hour_keeps_the_offset(archive, pms: list[PostMortem]) -> None:
    # Some generated incidents were written at +02:00: their hour is the one the team lived.
    started = [pm.started_at for pm in pms if pm.started_at]
    assert any(moment.utcoffset() for moment in started)
    report = learning_report(archive, today=TODAY)
    local = [moment.hour for moment in started]
    utc = [moment.astimezone(UTC).hour for moment in started]
    assert [c.count for c in report.by_hour] == [local.count(h) for h in range(24)]
    assert [local.count(h) for h in range(24)] != [utc.count(h) for h in range(24)]


def test_median_times_per_month(archive, pms: list[PostMortem], period) -> None:
    since, until = period
    report = learning_report(archive, since=since, until=until, today=TODAY)
    expected = ex.monthly_medians(ex.scope(pms, since, until))
    assert [m.month for m in report.times_by_month] == sorted(expected)
    for month in report.times_by_month:
        detect, resolve, incidents = expected[month.month]
        assert month.incidents == incidents
        assert month.detect_median_s == pytest.approx(detect, abs=0.01)
        assert month.resolve_median_s == pytest.approx(resolve, abs=0.01)


def test_action_item_figures(archive, pms: list[PostMortem], period) -> None:
    since, until = period
    report = learning_report(archive, since=since, until=until, today=TODAY)
    expected = ex.action_figures(ex.scope(pms, since, until), TODAY)
    a = report.actions
    assert (a.total, a.open, a.done, a.dropped) == (
        expected["total"], expected["open"], expected["done"], expected["dropped"])
    assert a.completion_rate == pytest.approx(expected["completion_rate"])
    assert (a.on_time, a.on_time_eligible) == (expected["on_time"], expected["on_time_eligible"])
    assert a.on_time_rate == pytest.approx(expected["on_time_rate"])
    assert a.meets_bar == (expected["on_time_rate"] >= 0.7)
    assert a.overdue == expected["overdue"] > 0
    assert [i.ref for i in a.overdue_items] == [
        f"{pm_id}-A{n}" for _, pm_id, n in expected["overdue_refs"][:20]]
    assert a.median_days_to_complete == pytest.approx(expected["median_days_to_complete"])


def test_threshold_warnings(archive, pms: list[PostMortem]) -> None:
    since, until = date(2026, 2, 1), date(2026, 3, 31)
    report = learning_report(archive, since=since, until=until, today=TODAY)
    services = {w.subject: w.count for w in report.warnings if w.kind == "service"}
    assert services == ex.service_warnings(pms, since, until)
    assert services != ex.service_warnings(pms, None, until)
    assert services, "the generated archive should cross the service threshold"
    factors = {w.subject: w.count for w in report.warnings if w.kind == "factor"}
    expected = {r.label: r.count for r in report.recurring_factors if r.count >= 3}
    assert factors == expected
    chosen = ex.scope(pms, since, until)
    truly = {k for k, ids in ex.recurring(chosen, ex.factor_keys).items() if len(ids) >= 3}
    assert {r.key for r in report.recurring_factors if r.count >= 3} == truly


def test_empty_period_gives_zeros_not_errors(archive) -> None:
    report = learning_report(archive, since=date(2030, 1, 1), today=TODAY)
    assert report.incidents == 0
    assert report.actions.completion_rate is None and report.actions.on_time_rate is None
    assert report.times_by_month == [] and report.warnings == []
    assert sum(c.count for c in report.by_hour) == 0


def test_report_reflects_a_new_save(archive, pms: list[PostMortem]) -> None:
    before = learning_report(archive, today=TODAY)
    pm = pms[0]
    copy = archive.load(pm.id)
    copy.id = ""
    copy.services = ["brand-new-service"]
    archive.save(copy)
    after = learning_report(archive, today=TODAY)
    assert after.incidents == before.incidents + 1
    assert {c.key: c.count for c in after.by_service}["brand-new-service"] == 1
