"""The list stages: what went well (and where we got lucky), what went poorly, takeaways."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container

from facilitator.core.model import PostMortem
from facilitator.ui.stages._parts import NARROW, ItemList
from facilitator.ui.stages.base import StageEditor

SECTIONS = ("went_well", "went_poorly", "takeaways")

MIN_TAKEAWAYS = 3
MAX_TAKEAWAYS = 5


def takeaway_nudge(count: int) -> str:
    """A gentle word when there are not 3 to 5 takeaways."""
    if count < MIN_TAKEAWAYS:
        return (f"{count} of {MIN_TAKEAWAYS} takeaways so far; "
                f"aim for {MIN_TAKEAWAYS}-{MAX_TAKEAWAYS}.")
    if count > MAX_TAKEAWAYS:
        return (f"{count} takeaways: readers remember {MAX_TAKEAWAYS} at most; "
                "merge or move some to lessons.")
    return ""


class ListsEditor(StageEditor):
    """Edits one list stage: ``went_well``, ``went_poorly`` or ``takeaways``."""

    DEFAULT_CSS = """
    ListsEditor > .panes {
        layout: horizontal;
        height: 1fr;
    }
    ListsEditor > .panes > ItemList {
        width: 1fr;
        margin: 0 1 0 0;
    }
    ListsEditor.-narrow > .panes {
        layout: vertical;
    }
    ListsEditor.-narrow > .panes > ItemList {
        margin: 0 0 1 0;
    }
    """

    def __init__(self, pm: PostMortem, section: str, **kwargs: object) -> None:
        if section not in SECTIONS:
            raise ValueError(f"unknown list section {section!r}; expected one of {SECTIONS}")
        super().__init__(pm, **kwargs)
        self.section = section

    def compose(self) -> ComposeResult:
        pm = self.pm
        with Container(classes="panes"):
            if self.section == "went_well":
                yield ItemList(
                    pm.went_well, title="What went well", id="went_well",
                    prompt="tools, alerts, runbooks and teamwork that helped",
                    placeholder="Something that worked, Enter to add",
                )
                yield ItemList(
                    pm.lucky, title="Where we got lucky", id="lucky",
                    prompt="luck is a risk we have not fixed yet",
                    placeholder="Where luck helped, Enter to add",
                )
            elif self.section == "went_poorly":
                yield ItemList(
                    pm.went_poorly, title="What went poorly", id="went_poorly",
                    prompt=("name the gap in the system (a missing check, an unclear "
                            "runbook, a noisy alert), not a person's mistake"),
                    placeholder="A gap in the system, Enter to add",
                )
            else:
                yield ItemList(
                    pm.takeaways, title="Key takeaways", id="takeaways",
                    prompt="3-5, for people who were not there",
                    placeholder="A takeaway a newcomer would understand, Enter to add",
                    nudge=takeaway_nudge,
                )
                yield ItemList(
                    pm.lessons, title="Lessons learned", id="lessons",
                    prompt="what we now know about our systems",
                    placeholder="A lesson, Enter to add",
                )

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        self.on_resize()

    @on(ItemList.Changed)
    def _list_changed(self, event: ItemList.Changed) -> None:
        event.stop()
        self.notify_changed()
