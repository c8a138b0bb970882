"""Past incidents like the one being discussed, and what those teams decided.

``SimilarIncidents(pm)`` looks them up when mounted; ``refresh_for(pm)`` looks again (e.g. when
services, tags or factors change). The lookup runs in a worker thread so typing never waits
for it, and only the newest lookup's answer is shown.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.worker import Worker

from facilitator.core.model import PostMortem
from facilitator.store.similar import SimilarIncident, similar_incidents

SHOWN = 5
DECISIONS_SHOWN = 3
_STATUS_MARK = {"done": "✓", "dropped": "✗", "open": "○"}


def incident_content(incident: SimilarIncident) -> Content:
    """One past incident: title line, why it is similar, what was decided (no markup)."""
    when = incident.date.isoformat() if incident.date else "no date"
    parts: list[tuple[str, str] | str] = [
        (f"{incident.id}", "bold"), f"  {when}  {incident.severity}  ",
        (" ".join(incident.title.split()) or "(untitled)", "bold"), "\n",
        ("  " + " · ".join(" ".join(r.split()) for r in incident.reasons()), "italic"),
    ]
    for decision in incident.decided[:DECISIONS_SHOWN]:
        mark = _STATUS_MARK.get(decision.status, "·")
        parts += ["\n", f"  {mark} {' '.join(decision.description.split())}"]
        if decision.status != "open":
            parts.append(f" ({decision.status})")
    extra = len(incident.decided) - DECISIONS_SHOWN
    if extra > 0:
        parts += ["\n", (f"  … {extra} more action items", "italic")]
    if not incident.decided:
        parts += ["\n", ("  (no action items recorded)", "italic")]
    return Content.assemble(*parts)


class SimilarIncidents(VerticalScroll):
    """A panel listing past post-mortems that share factors, services, tags or wording."""

    DEFAULT_CSS = """
    SimilarIncidents { height: auto; max-height: 20; padding: 0 1; }
    SimilarIncidents > .similar-title { text-style: bold; }
    SimilarIncidents > .similar-incident { margin-bottom: 1; }
    SimilarIncidents > .similar-empty { color: $text-muted; }
    """

    def __init__(self, pm: PostMortem, *, limit: int = SHOWN, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(name=name, id=id, classes=classes)
        self.pm = pm
        self.limit = limit
        self.incidents: list[SimilarIncident] = []
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static("Seen before?", classes="similar-title")
        yield Static("Looking…", classes="similar-empty", id="similar-status")

    def on_mount(self) -> None:
        self.refresh_for(self.pm)

    def refresh_for(self, pm: PostMortem) -> Worker[None]:
        """Look again for incidents like ``pm``; returns the lookup's worker."""
        self.pm = pm
        self._generation += 1
        return self._lookup(pm, self._generation)

    @work(thread=True, exclusive=True, group="similar-incidents")
    def _lookup(self, pm: PostMortem, generation: int) -> None:
        archive: Any = getattr(self.app, "archive", None)
        try:
            found = similar_incidents(archive, pm, limit=self.limit) if archive else []
        except Exception as error:  # the panel is a hint: never let it break the meeting
            self.app.call_from_thread(self._show_error, generation, str(error))
            return
        self.app.call_from_thread(self._show, generation, found)

    def _show_error(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.query_one("#similar-status", Static).update(
                Content(f"Could not look up past incidents: {message}"))

    def _show(self, generation: int, found: list[SimilarIncident]) -> None:
        if generation != self._generation:
            return
        self.incidents = found
        self.query(".similar-incident").remove()
        status = self.query_one("#similar-status", Static)
        if not found:
            status.update("Nothing similar in the archive yet.")
            status.display = True
            return
        status.display = False
        self.mount_all(Static(incident_content(incident), classes="similar-incident")
                       for incident in found)
