"""The learning review screen through Pilot: figures on screen, plots drawn, period, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import learning_expected as ex
from learning_app import LearningApp, settle
from learning_expected import TODAY, sync
from textual.widgets import DataTable, Input, Static
from textual_plotext import PlotextPlot

from facilitator.core.model import ContributingFactor, PostMortem
from facilitator.ui.screens.report import ReportScreen


class DatedApp(LearningApp):
    def today(self) -> date:
        return TODAY


def text_of(app: LearningApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@sync
async def test_figures_plots_and_tables(archive, pms: list[PostMortem]) -> None:
    pm = archive.load(pms[-1].id)
    pm.factors = [ContributingFactor("[b]Unclosed markup[/b] in config"),
                  *pm.factors]
    archive.save(pm)
    other = archive.load(pms[-2].id)
    other.factors.append(ContributingFactor("[B]unclosed markup[/b] in config."))
    archive.save(other)
    app = DatedApp(archive, ReportScreen())
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        figures = ex.action_figures(pms, TODAY)
        head = text_of(app, "#report-headline")
        assert f"{len(pms)} post-mortems" in head
        assert f"overdue {figures['overdue']}" in head
        assert f"on time {figures['on_time_rate'] * 100:.0f}%" in head
        factors = app.screen.query_one("#report-factors", DataTable)
        labels = [str(factors.get_row_at(i)[0]) for i in range(factors.row_count)]
        assert ("[b]Unclosed markup[/b] in config" in labels
                or "[B]unclosed markup[/b] in config." in labels)
        expected_factors = ex.recurring(pms, ex.factor_keys)
        assert factors.row_count == len(expected_factors) + 1  # the one added above
        services = app.screen.query_one("#report-services", DataTable)
        assert services.row_count == len({s for p in pms for s in p.services})
        # The plots hold the report's series.
        months = app.screen.query_one("#plot-months", PlotextPlot)
        assert months.plt._active.monitor.y  # data was plotted
        warnings = text_of(app, "#report-warnings")
        total = (len(ex.service_warnings(pms, None, TODAY))
                 + sum(len(ids) >= 3 for ids in expected_factors.values()))
        assert warnings.count("! ") == 8 and f"… and {total - 8} more" in warnings


@sync
async def test_period_and_markdown_export(archive, pms: list[PostMortem], tmp_path: Path) -> None:
    app = DatedApp(archive, ReportScreen(), export_dir=tmp_path)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        since = app.screen.query_one("#report-since", Input)
        since.value = "2026-01-01"
        since.focus()
        await pilot.press("enter")
        await settle(pilot)
        chosen = ex.scope(pms, date(2026, 1, 1), None)
        assert text_of(app, "#report-headline").startswith(
            f"{len(chosen)} post-mortems from 2026-01-01")
        app.screen.query_one("#report-factors", DataTable).focus()
        await pilot.press("m")
        await pilot.pause()
        written = list(tmp_path.glob("learning-review-2026-01-01-*.md"))
        assert len(written) == 1
        page = written[0].read_text(encoding="utf-8")
        assert f"{len(chosen)} post-mortems in the period" in page

        since.value = "31 Febtember"
        since.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert any("Febtember" in str(n.message) for n in app._notifications)
