"""Help: the keys, and a one-page guide to running a blameless post-mortem."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

KEYS = """\
## Keys

| key | does |
|---|---|
| ctrl+n / ctrl+b | next / previous agenda stage (any stage, any time) |
| tab / shift+tab | next / previous field |
| ctrl+r | apply the checker's rewrite of the selected language flag (when it has a safe one) |
| ctrl+g | keep the flagged words (dismiss the flag; remembered) |
| f8 | select the next language flag |
| f4 | pause or resume the meeting timer |
| f6 | give the current stage five more minutes |
| f2 / f3 | show or hide the agenda rail / the flags panel |
| f5 | seen before? past post-mortems like this one and what they decided |
| ctrl+s | save now (work is also saved within a second of every change) |
| f10 | back to the home screen |
| ctrl+p | command palette: every action, stage jumps, themes |
| f1 | this help |
| ctrl+q | quit (saves first) |

On the home screen: **n** new standard review, **k** quick retrospective, **d** deep dive,
**r** resume the last draft, **a** archive, **i** import a Markdown file.
"""

GUIDE = """\
## Running a blameless post-mortem

**Why we meet.** An incident shows us where our systems, tools and habits made the wrong
thing easy or the right thing hard. We meet to find those conditions and change them. Nobody
is on trial: people who fear blame stop telling us what really happened, and then we stop
learning.

**Before the meeting.** The incident lead drafts the facts in *Prepare* and the timeline.
Ask someone who was not in the incident to facilitate. Hold the review within two days of
resolution, while memories are fresh, and invite the people who responded plus anyone whose
work touches the affected systems.

**Open the room.** Read the opening statement aloud and agree the ground rules. It sounds
formal; it is what lets a quiet engineer say "I ran the command and it did something I did
not expect".

**Walk the timeline.** Go in order. At each decision ask what was known at that moment, what
the dashboards showed, what the runbook said. Hindsight knows the ending; the people in the
incident did not.

**Went well, went poorly.** Start with what helped: it is easy to break a thing that worked
by accident. Frame what went poorly as gaps in the system: missing alerts, confusing tools,
unclear ownership.

**Analysis.** Ask why until you reach a condition you can change, not a person. Several
contributing factors are normal; note which were known risks and which surprised us.

**Action items.** Three to seven, each specific, with one named owner, a due date and a way
to tell it worked. "Be more careful" is not an action item; "the deploy tool refuses a
migration without a dry run" is.

**Takeaways and wrap-up.** Write three to five takeaways for someone who was not there.
Check what is missing, export the document for the wiki, and save it to the archive so the
next team can find it.

**When the language flags appear.** A flag is a nudge, not a verdict. Offer the rewrite,
rephrase together, or keep the words when they are a quote or a false alarm.
"""


class HelpScreen(ModalScreen[None]):
    """Shown over any screen; Escape, q or f1 closes it."""

    BINDINGS = [Binding("escape,q,f1", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 100;
        max-width: 100%;
        height: 100%;
        max-height: 100%;
        border: round $accent;
        background: $panel;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(KEYS + "\n" + GUIDE, id="help-text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
