"""The analysis stage: five-whys chains and contributing factors, driven with the keyboard."""

from __future__ import annotations

from app_fixtures import paste_text as paste
from app_fixtures import stage_app, sync
from textual.widgets import OptionList, Select, TabbedContent

from facilitator.core.model import ContributingFactor, FactorCategory, PostMortem, WhyChain
from facilitator.ui.stages._parts import LineArea
from facilitator.ui.stages.analysis import AnalysisEditor, FactorRows, WhyChains, WhyRows
from facilitator.ui.stages.base import CHECKED


def shown(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@sync
async def test_a_chain_of_whys_typed_in_one_go() -> None:
    pm = PostMortem()
    app = stage_app(AnalysisEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        chains = app.query_one(WhyChains)
        assert "system condition, not a person" in str(chains.query_one(".prompt").render())
        assert chains.entry.has_class(CHECKED)
        # An empty list is skipped: the stage opens on the entry field, ready to type.
        assert not app.query_one(WhyRows).can_focus
        chains.entry.focus()
        await pilot.press(*"Checkout 502s")
        # The chain is in the post-mortem while it is typed.
        assert pm.why_chains == [WhyChain("Checkout 502s")]
        await paste(pilot, " for 40 minutes")
        await pilot.press("enter")
        await paste(pilot, "The [db] pool was too small for peak traffic")
        await pilot.press("enter")
        await paste(pilot, "Load tests ran at a third of peak")
        await pilot.press("enter")
        # Enter on an empty why ends the chain.
        await pilot.press("enter")
        assert pm.why_chains == [WhyChain("Checkout 502s for 40 minutes", [
            "The [db] pool was too small for peak traffic",
            "Load tests ran at a third of peak",
        ])]
        rows = app.query_one(WhyRows)
        assert rows.has_focus
        assert shown(rows) == [
            "Chain 1: Checkout 502s for 40 minutes",
            "   Why 1? The [db] pool was too small for peak traffic",
            "   Why 2? Load tests ran at a third of peak",
        ]
        assert app.changes > 0


@sync
async def test_add_a_why_edit_reorder_delete() -> None:
    pm = PostMortem(why_chains=[WhyChain("Queue backed up", ["No alert on depth"]),
                                WhyChain("Deploy took 30 minutes", [])])
    app = stage_app(AnalysisEditor(pm))
    async with app.run_test(size=(120, 40)) as pilot:
        rows = app.query_one(WhyRows)
        rows.focus()
        await pilot.press("c")
        assert app.query_one(WhyChains).entry.has_focus
        await paste(pilot, "Status page went out late")
        await pilot.press("escape")
        assert [c.problem for c in pm.why_chains][-1] == "Status page went out late"
        rows.highlighted = 3  # the new chain's problem statement
        await pilot.press("d")
        assert len(pm.why_chains) == 2
        rows.highlighted = 0
        await pilot.press("w")
        await paste(pilot, "Depth was not a metric we exported")
        await pilot.press("escape")
        assert pm.why_chains[0].whys == ["No alert on depth",
                                         "Depth was not a metric we exported"]
        rows.highlighted = 2
        await pilot.press("shift+up")
        assert pm.why_chains[0].whys == ["Depth was not a metric we exported",
                                         "No alert on depth"]
        rows.highlighted = 3  # the second chain's problem
        await pilot.press("e")
        await pilot.press("end", *" at peak")
        assert pm.why_chains[1].problem == "Deploy took 30 minutes at peak"
        await pilot.press("escape")
        rows.highlighted = 0
        await pilot.press("d")
        assert [c.problem for c in pm.why_chains] == ["Deploy took 30 minutes at peak"]
        assert shown(rows) == ["Chain 1: Deploy took 30 minutes at peak"]


@sync
async def test_contributing_factors_by_category_with_known_risk() -> None:
    pm = PostMortem(why_chains=[WhyChain("x")])
    app = stage_app(AnalysisEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(WhyRows).focus()
        await pilot.press("f")
        assert app.query_one(TabbedContent).active == "factors"
        factors = app.query_one(FactorRows)
        entry = app.query_one("#factor", LineArea)
        # No factors yet: straight to the entry field.
        assert entry.has_focus
        category = app.query_one("#category", Select)
        category.value = FactorCategory.PROCESS
        app.query_one("#risk", Select).value = True
        await pilot.pause()
        assert entry.has_class(CHECKED)
        await paste(pilot, "Rollback needed two approvals at night")
        await pilot.press("enter")
        # The next factor keeps the category; the choice of risk starts as surprise.
        await paste(pilot, "Pool size default changed upstream")
        await pilot.press("enter")
        assert pm.factors == [
            ContributingFactor("Rollback needed two approvals at night",
                               FactorCategory.PROCESS, True),
            ContributingFactor("Pool size default changed upstream",
                               FactorCategory.PROCESS, False),
        ]
        await pilot.press("escape")
        assert factors.has_focus
        await pilot.press("a")
        assert app.query_one("#category", Select).has_focus
        factors.focus()
        factors.highlighted = 1
        await pilot.press("k")
        assert pm.factors[1].known_risk is True
        await pilot.press("e")
        app.query_one("#category", Select).value = FactorCategory.ENVIRONMENTAL
        await pilot.pause()
        assert pm.factors[1].category == FactorCategory.ENVIRONMENTAL
        assert shown(factors)[1] == (
            "environmental · known risk  Pool size default changed upstream")
        factors.focus()
        factors.highlighted = 0
        await pilot.press("d")
        assert [f.description for f in pm.factors] == ["Pool size default changed upstream"]
        await pilot.press("w")
        assert app.query_one(TabbedContent).active == "whys"


@sync
async def test_opens_on_factors_when_only_factors_exist() -> None:
    pm = PostMortem(factors=[ContributingFactor("Noisy alerts", FactorCategory.TECHNICAL)])
    app = stage_app(AnalysisEditor(pm))
    async with app.run_test(size=(80, 24)):
        assert app.query_one(TabbedContent).active == "factors"
        assert shown(app.query_one(FactorRows)) == ["technical · surprise  Noisy alerts"]


@sync
async def test_the_entry_follows_its_why_when_whys_are_reordered() -> None:
    pm = PostMortem(why_chains=[WhyChain("P", ["one", "two"])])
    app = stage_app(AnalysisEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.query_one(WhyRows)
        rows.focus()
        rows.highlighted = 2
        await pilot.press("e")  # editing "two"
        rows.focus()
        await pilot.press("shift+up")
        assert pm.why_chains[0].whys == ["two", "one"]
        app.query_one(WhyChains).entry.focus()
        await pilot.press("end", "!")
        assert pm.why_chains[0].whys == ["two!", "one"]
