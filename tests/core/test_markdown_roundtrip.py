"""import(export(pm)) == pm over arbitrary post-mortems.

For a deeper search than the default run, set FACILITATOR_ROUNDTRIP_EXAMPLES (e.g. 5000).
"""

import os
from dataclasses import fields
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings

from facilitator.core.markdown_export import to_markdown
from facilitator.core.markdown_import import from_markdown
from facilitator.core.model import PostMortem, from_dict, to_dict

from .strategies import postmortems


def _differences(a: PostMortem, b: PostMortem) -> list[str]:
    return [f"{f.name}: {getattr(a, f.name)!r} != {getattr(b, f.name)!r}"
            for f in fields(PostMortem) if getattr(a, f.name) != getattr(b, f.name)]


EXAMPLES = int(os.environ.get("FACILITATOR_ROUNDTRIP_EXAMPLES", "150"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pm=postmortems())
def test_our_export_comes_back_exactly(pm: PostMortem) -> None:
    document = to_markdown(pm)
    back = from_markdown(document)
    assert back == pm, "\n".join(_differences(pm, back)) + "\n\n" + document


@settings(max_examples=max(60, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(pm=postmortems())
def test_export_is_stable(pm: PostMortem) -> None:
    # Exporting what we read back gives the very same document.
    document = to_markdown(pm)
    assert to_markdown(from_markdown(document)) == document


def _in_utc(pm: PostMortem) -> PostMortem:
    data = to_dict(pm)
    for key, value in data.items():
        if isinstance(value, str) and key.endswith(("_start", "detected", "acknowledged",
                                                    "mitigated", "resolved", "meeting_at")):
            data[key] = datetime.fromisoformat(value).astimezone(UTC).isoformat()
    for event in data["timeline"]:
        event["at"] = datetime.fromisoformat(event["at"]).astimezone(UTC).isoformat()
    return from_dict(data)


@settings(max_examples=max(60, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(pm=postmortems(any_zone=True))
def test_times_typed_in_any_zone_come_back_as_the_same_instants(pm: PostMortem) -> None:
    back = from_markdown(to_markdown(pm))
    assert _in_utc(back) == _in_utc(pm)


def _fit_facts_table(pm: PostMortem) -> PostMortem:
    # Without front matter, lists live in one table cell joined by ", " and the title in the
    # heading: a list item that is empty or contains ", ", or an empty title, is ambiguous.
    def fit(items: list[str]) -> list[str]:
        return [item for item in items if item and ", " not in item]

    pm.title = pm.title or "Untitled"
    pm.participants, pm.services, pm.tags = (fit(pm.participants), fit(pm.services),
                                             fit(pm.tags))
    return pm


@settings(max_examples=max(60, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(pm=postmortems().map(_fit_facts_table))
def test_without_front_matter_the_body_alone_comes_back(pm: PostMortem) -> None:
    document = to_markdown(pm, front_matter=False)
    back = from_markdown(document)
    assert back == pm, "\n".join(_differences(pm, back)) + "\n\n" + document
