"""The similar-incidents panel through Pilot: what it shows, and that it follows the pm."""

from __future__ import annotations

from learning_app import settle
from learning_expected import sync
from textual.app import App, ComposeResult
from textual.widgets import Static

from facilitator.core.model import ContributingFactor, PostMortem
from facilitator.ui.widgets.similar import SimilarIncidents


class PanelApp(App[None]):
    def __init__(self, archive, pm: PostMortem) -> None:  # noqa: ANN001
        super().__init__()
        self.archive = archive
        self.pm = pm

    def compose(self) -> ComposeResult:
        yield SimilarIncidents(self.pm, id="similar")


def shown(app: App[None]) -> list[str]:
    return [str(s.render()) for s in app.query(".similar-incident").results(Static)]


@sync
async def test_panel_shows_similar_incidents_and_their_decisions(archive, pms) -> None:
    past = archive.load(pms[10].id)
    past.title = "[red]Payments[/red] outage"
    past.tags.append("zz-only-these-two")
    archive.save(past)
    current = PostMortem(title="Zqxv wobble", services=list(past.services),
                         tags=["zz-only-these-two"],
                         factors=[ContributingFactor(f.description.upper())
                                  for f in past.factors[:1]])
    app = PanelApp(archive, current)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        panel = app.query_one(SimilarIncidents)
        assert panel.incidents and len(shown(app)) == len(panel.incidents) <= 5
        texts = shown(app)
        assert all(i.id in t for i, t in zip(panel.incidents, texts, strict=True))
        # It shares the most (services, a factor, a tag): it comes first.
        assert panel.incidents[0].id == past.id
        best_text = texts[0]
        assert "[red]Payments[/red] outage" in best_text  # shown as typed, not as markup
        assert "tag: zz-only-these-two" in best_text and "service: " in best_text
        for item in past.action_items[:3]:
            assert " ".join(item.description.split()) in best_text

        # Following the meeting: a post-mortem with nothing in common finds nothing.
        await panel.refresh_for(PostMortem(title="Qqzv")).wait()
        await settle(pilot)
        assert shown(app) == []
        assert "Nothing similar" in str(app.query_one("#similar-status", Static).render())
        await panel.refresh_for(current).wait()
        await settle(pilot)
        assert len(shown(app)) == len(panel.incidents) > 0
