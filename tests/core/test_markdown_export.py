"""The Markdown export: golden files, layout, and that user text cannot break the page.

Regenerate the golden files after an intended change with
``FACILITATOR_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/core/test_markdown_export.py``
and review the diff.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
import yaml
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, example, given, settings
from markdown_it import MarkdownIt

from facilitator.core.markdown_export import to_markdown
from facilitator.core.markdown_import import from_markdown
from facilitator.core.model import PostMortem, TimelineEvent

from .samples import checkout_outage, hostile, minimal
from .strategies import postmortems

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FACILITATOR_UPDATE_GOLDEN") == "1"

CASES = {
    "checkout_outage": (checkout_outage, True),
    "checkout_outage_no_front_matter": (checkout_outage, False),
    "hostile": (hostile, True),
    "minimal": (minimal, True),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    build, with_front_matter = CASES[name]
    document = to_markdown(build(), front_matter=with_front_matter)
    path = GOLDEN / f"{name}.md"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(document, encoding="utf-8")
    assert document == path.read_text(encoding="utf-8")


def _headings(document: str) -> list[str]:
    return re.findall(r"^#{1,4} (.+)$", document, flags=re.M)


def test_sections_in_the_agreed_order() -> None:
    document = to_markdown(checkout_outage())
    top = [h for h in re.findall(r"^(#{1,2}) (.+)$", document, flags=re.M)]
    assert [text for _, text in top] == [
        "Checkout errors after the payment gateway certificate rotation",
        "Key takeaways", "Summary", "Impact", "Facts", "Timeline", "What went well",
        "What went poorly", "Where we got lucky", "Analysis", "Action items", "Lessons learned",
        "Opening statement",
    ]
    assert top[0][0] == "#"


def test_front_matter_keys() -> None:
    document = to_markdown(checkout_outage())
    assert document.startswith("---\n")
    data = yaml.safe_load(document.split("---\n")[1])
    for key in ("id", "title", "date", "severity", "status", "services", "tags"):
        assert key in data
    assert data["id"] == "PM-2026-0007"
    assert data["date"] == "2026-03-04"
    assert data["severity"] == "SEV-2"
    assert data["status"] == "in review"
    assert data["services"] == ["checkout-api", "payments-gateway"]


def test_facts_carry_times_and_derived_durations() -> None:
    document = to_markdown(checkout_outage())
    assert "| Incident start | 2026-03-04 14:00 +01:00 |" in document
    assert "| Time to detect | 2m |" in document  # from the alert event
    assert "| Time to acknowledge | 9m |" in document
    assert "| Time to mitigate | 58m |" in document
    assert "| Time to resolve | 1h 12m |" in document
    assert "| Incident lead | Priya Natarajan |" in document


def test_empty_sections_are_left_out() -> None:
    document = to_markdown(minimal())
    assert _headings(document) == ["Short blip on the search cluster", "Facts"]
    assert "<!--" not in document


def test_without_front_matter_the_body_still_reads_back() -> None:
    pm = checkout_outage()
    document = to_markdown(pm, front_matter=False)
    assert not document.startswith("---")
    assert document.startswith("# Checkout errors")
    back = from_markdown(document)
    # Everything except what the front matter alone carries comes back.
    assert back == pm


# --- rendering: no HTML from the user, tables keep their shape --------------------------------

ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "table", "thead", "tbody",
                "tr", "th", "td", "strong", "br", "a"}


class _Page(HTMLParser):
    """Collects tags, table shapes and cell text from rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.comments: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            # GitHub links bare URLs by itself; only a plain web or mail link may appear.
            href = dict(attrs).get("href") or ""
            if not re.match(r"^(https?://|mailto:)", href) or len(attrs) != 1:
                self.tags.append(f"a[{attrs}]")
        elif attrs and tag not in ("th", "td", "ol"):
            self.tags.append(f"{tag}[{attrs}]")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _render_markdown_it(document: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(document)


def _render_github(document: str) -> str:
    # GitHub's own parser; unsafe mode keeps raw HTML so that any that leaked would show.
    return cmarkgfm.github_flavored_markdown_to_html(document, options=Options.CMARK_OPT_UNSAFE)


def _check_page(html: str, pm: PostMortem) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    # The only comment is our dismissed-flags record, and it is never closed early.
    assert len(page.comments) == (1 if pm.dismissed else 0)
    for table in page.tables:
        widths = {len(row) for row in table}
        assert len(widths) == 1, table
    return page


def _body(document: str) -> str:
    """The document after its front matter, which ends at a line of "---" alone (a value may
    hold "---", as a participant named "0---" does)."""
    if not document.startswith("---\n"):
        return document
    end = re.compile(r"^---\n", re.M).search(document, 4)
    assert end is not None, document
    return document[end.end():]


@pytest.mark.parametrize("build", [checkout_outage, hostile, minimal])
@pytest.mark.parametrize("render", [_render_markdown_it, _render_github])
def test_rendered_page_has_no_user_html(build, render) -> None:
    pm = build()
    html = render(_body(to_markdown(pm)))
    _check_page(html, pm)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html or build is not hostile


@pytest.mark.parametrize("render", [_render_markdown_it, _render_github])
def test_urls_run_together_read_as_typed(render) -> None:  # noqa: ANN001
    # GitHub starts a link at every "https://", even inside another URL: each needs writing
    # so that it is not linked, or its escapes would show as backslashes.
    typed = "https://x.example/a*b*https://x.example/a*b* and www.x.example/a*www.y.example/*"
    pm = PostMortem(timeline=[TimelineEvent(at=datetime(2026, 3, 4, 14, 2, tzinfo=UTC),
                                            description=typed)])
    page = _check_page(render(_body(to_markdown(pm))), pm)
    timeline = next(t for t in page.tables if t[0][0] == "Time")
    assert timeline[1][2] == typed


def test_hostile_text_renders_as_typed_on_github() -> None:
    pm = hostile()
    page = _check_page(_render_github(_body(to_markdown(pm))), pm)
    timeline = next(t for t in page.tables if t[0][0] == "Time")
    assert timeline[1][2] == pm.timeline[0].description
    actions = next(t for t in page.tables if t[0][0] == "ID")
    assert actions[1][1] == "Fix | the <pipe>"
    assert actions[1][2] == "@team\nnewline"
    assert actions[1][6] == "| ends in a pipe |"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pm=postmortems())
@example(pm=PostMortem(participants=["0---"]))  # "---" inside the front matter
def test_any_text_keeps_tables_whole_and_html_out(pm: PostMortem) -> None:
    body = _body(to_markdown(pm))
    for render in (_render_markdown_it, _render_github):
        page = _check_page(render(body), pm)
        timeline = next((t for t in page.tables if t[0][0] == "Time"), None)
        if timeline is not None:
            # What the user typed is what the reader sees, in either parser.
            assert [row[2] for row in timeline[1:]] == [e.description
                                                        for e in pm.sorted_timeline()]
