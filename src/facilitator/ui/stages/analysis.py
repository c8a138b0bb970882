"""Analysis: five-whys chains and contributing factors, the facilitator's choice or both."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)
from textual.widgets.option_list import Option

from facilitator.core.model import ContributingFactor, FactorCategory, PostMortem, WhyChain
from facilitator.ui.stages._parts import FieldRow, LineArea, RowOptions, only_when_filled
from facilitator.ui.stages.base import CHECKED, StageEditor

WHY_PROMPT = "Answer each why with a system condition, not a person."
FACTOR_PROMPT = "What made it possible or worse? Known risk or surprise?"
RISK_OPTIONS = [("surprise", False), ("known risk", True)]


class Edited(Message):
    """Something in the analysis changed; the editor posts StageEditor.Changed."""


@dataclass
class _Row:
    chain: int
    why: int | None  # None: the chain's problem statement


class WhyRows(RowOptions):
    """Chains and their whys; keys here add, edit, delete and reorder."""

    BINDINGS = [
        Binding("c", "new_chain", "New chain"),
        Binding("w", "new_why", "Add why"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("shift+up,ctrl+up,K", "move(-1)", "Move up"),
        Binding("shift+down,ctrl+down,J", "move(1)", "Move down"),
        Binding("f", "tab('factors')", "Factors"),
    ]

    def action_tab(self, tab: str) -> None:
        self.query_ancestor(AnalysisEditor).show(tab)

    def _pane(self) -> WhyChains:
        return self.query_ancestor(WhyChains)

    def action_new_chain(self) -> None:
        self._pane().start_chain()

    def action_new_why(self) -> None:
        self._pane().start_why(self.highlighted)


class WhyChains(Vertical):
    """Five-whys chains of one post-mortem, edited in place.

    Enter after a problem or a why goes straight on to the next why of that chain; Enter on an
    empty why ends the chain.
    """

    DEFAULT_CSS = """
    WhyChains .prompt {
        color: $text-muted;
    }
    WhyChains WhyRows, WhyChains WhyRows:focus {
        height: 1fr;
        min-height: 3;
        border: none;
        border-left: tall $panel;
        padding: 0;
    }
    WhyChains WhyRows:focus {
        border-left: tall $accent;
    }
    WhyChains .entry {
        height: auto;
    }
    WhyChains .entry-label {
        width: 13;
        color: $text-muted;
    }
    """

    def __init__(self, chains: list[WhyChain]) -> None:
        super().__init__()
        self.chains = chains
        self.rows: list[_Row] = []
        # What the entry field is bound to: a row, or a row still to be created on the first
        # keystroke (a new chain, or a new why of chain n); None when idle.
        self.target: _Row | None = None
        self.pending: _Row | None = None

    def compose(self) -> ComposeResult:
        yield Static(WHY_PROMPT, classes="prompt", markup=False)
        rows = WhyRows()
        rows.can_focus = bool(self.chains)
        yield rows
        with Horizontal(classes="entry"):
            yield Label("Problem", classes="entry-label")
            yield LineArea(placeholder="The problem, Enter, then each why, Enter",
                           classes=CHECKED)

    def on_mount(self) -> None:
        self._rebuild()

    @property
    def entry(self) -> LineArea:
        return self.query_one(LineArea)

    def _text(self, row: _Row) -> str:
        chain = self.chains[row.chain]
        return chain.problem if row.why is None else chain.whys[row.why]

    def _prompt(self, row: _Row) -> Text:
        text = Text()
        if row.why is None:
            text.append(f"Chain {row.chain + 1}: ", style="bold")
            text.append(self.chains[row.chain].problem or "(problem statement)")
        else:
            text.append(f"   Why {row.why + 1}? ", style="dim")
            text.append(self.chains[row.chain].whys[row.why])
        return text

    def _rebuild(self, focus_row: _Row | None = None) -> None:
        self.rows = []
        for c, chain in enumerate(self.chains):
            self.rows.append(_Row(c, None))
            self.rows.extend(_Row(c, w) for w in range(len(chain.whys)))
        options = self.query_one(WhyRows)
        options.set_options([Option(self._prompt(row)) for row in self.rows])
        if self.rows:
            index = self.rows.index(focus_row) if focus_row in self.rows else 0
            options.highlighted = index
        only_when_filled(options, bool(self.rows), self.entry)

    def _label(self, text: str) -> None:
        self.query_one(".entry-label", Label).update(text)

    def _bind(self, target: _Row | None, pending: _Row | None, label: str, text: str) -> None:
        self.target, self.pending = target, pending
        self._label(label)
        with self.entry.prevent(TextArea.Changed):
            self.entry.set_value(text)
        self.entry.focus()

    # --- starting and editing ------------------------------------------------------------

    def start_chain(self) -> None:
        self._bind(None, _Row(len(self.chains), None), "Problem", "")

    def start_why(self, index: int | None) -> None:
        if index is None or not self.rows:
            self.start_chain()
            return
        chain = self.rows[index].chain
        number = len(self.chains[chain].whys)
        self._bind(None, _Row(chain, number), f"Why {number + 1}?", "")

    def edit(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        label = "Problem" if row.why is None else f"Why {row.why + 1}?"
        self._bind(row, None, label, self._text(row))

    def delete(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        if row.why is None:
            del self.chains[row.chain]
        else:
            del self.chains[row.chain].whys[row.why]
        self.target = self.pending = None
        self._label("Problem")
        with self.entry.prevent(TextArea.Changed):
            self.entry.set_value("")
        self._rebuild(self.rows[index - 1] if index else None)
        self.post_message(Edited())

    def move(self, index: int, step: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        if row.why is None:
            items: list = self.chains  # type: ignore[type-arg]
            position, moved = row.chain, _Row(row.chain + step, None)
        else:
            items = self.chains[row.chain].whys
            position, moved = row.why, _Row(row.chain, row.why + step)
        target = position + step
        if not 0 <= target < len(items):
            return
        items[position], items[target] = items[target], items[position]
        self.target = self._follow(self.target, row, position, target)
        self.pending = self._follow(self.pending, row, position, target)
        self._rebuild(moved)
        self.post_message(Edited())

    @staticmethod
    def _follow(bound: _Row | None, moved: _Row, a: int, b: int) -> _Row | None:
        """Where the row the entry is bound to went when positions ``a`` and ``b`` swapped."""
        if bound is None:
            return None
        if moved.why is None:  # two chains swapped
            if bound.chain in (a, b):
                return _Row(b if bound.chain == a else a, bound.why)
        elif bound.chain == moved.chain and bound.why is not None and bound.why in (a, b):
            return _Row(bound.chain, b if bound.why == a else a)
        return bound

    # --- typing --------------------------------------------------------------------------

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        # Not stopped: the meeting screen lints the field from this same message.
        if event.text_area is not self.entry:
            return
        value = self.entry.value
        if self.target is None:
            if self.pending is None:
                # Typing with nothing chosen starts a chain.
                self.pending = _Row(len(self.chains), None)
            if not value:
                return
            row, self.pending = self.pending, None
            if row.why is None:
                self.chains.append(WhyChain(problem=value))
                row = _Row(len(self.chains) - 1, None)
            else:
                self.chains[row.chain].whys.append(value)
                row = _Row(row.chain, len(self.chains[row.chain].whys) - 1)
            self.target = row
            self._rebuild(row)
        else:
            row = self.target
            if row.why is None:
                self.chains[row.chain].problem = value
            else:
                self.chains[row.chain].whys[row.why] = value
            index = self.rows.index(row)
            self.query_one(WhyRows).replace_option_prompt_at_index(index, self._prompt(row))
        self.post_message(Edited())

    @on(LineArea.Submitted)
    def _next(self, event: LineArea.Submitted) -> None:
        event.stop()
        row = self.target
        if row is None:
            # Enter on an empty new why (or chain): the chain is done.
            self.target = self.pending = None
            self._label("Problem")
            if self.rows:
                self.query_one(WhyRows).focus()
            return
        if not self.entry.value and row.why is not None:
            del self.chains[row.chain].whys[row.why]
            self.target = None
            self._rebuild(_Row(row.chain, None))
            self.post_message(Edited())
            self._label("Problem")
            self.query_one(WhyRows).focus()
            return
        chain = self.chains[row.chain]
        self._bind(None, _Row(row.chain, len(chain.whys)), f"Why {len(chain.whys) + 1}?", "")

    def key_escape(self) -> None:
        if self.entry.has_focus:
            self.target = self.pending = None
            self._label("Problem")
            with self.entry.prevent(TextArea.Changed):
                self.entry.set_value("")
            self.query_one(WhyRows).focus()


class FactorRows(RowOptions):
    """Contributing factors; keys here add, edit, delete and mark known risk or surprise."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("k", "toggle_risk", "Known risk/surprise"),
        Binding("w", "tab('whys')", "Five whys"),
    ]

    def action_tab(self, tab: str) -> None:
        self.query_ancestor(AnalysisEditor).show(tab)

    def _pane(self) -> Factors:
        return self.query_ancestor(Factors)

    def action_add(self) -> None:
        self._pane().start_new()

    def action_toggle_risk(self) -> None:
        self._act("toggle_risk")


class Factors(Vertical):
    """Contributing factors by category, each a known risk or a surprise, edited in place."""

    DEFAULT_CSS = """
    Factors .prompt, Factors .hint {
        color: $text-muted;
    }
    Factors FactorRows, Factors FactorRows:focus {
        height: 1fr;
        min-height: 3;
        border: none;
        border-left: tall $panel;
        padding: 0;
    }
    Factors FactorRows:focus {
        border-left: tall $accent;
    }
    Factors #factor-form {
        height: auto;
    }
    Factors #factor-choices {
        height: 1;
    }
    Factors #factor-choices > .field-label {
        width: 13;
        color: $text-muted;
    }
    Factors #factor-choices > Select {
        width: 1fr;
    }
    """

    def __init__(self, factors: list[ContributingFactor]) -> None:
        super().__init__()
        self.factors = factors
        self.editing: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(FACTOR_PROMPT, classes="prompt", markup=False)
        rows = FactorRows()
        rows.can_focus = bool(self.factors)
        yield rows
        with Vertical(id="factor-form"):
            with Horizontal(id="factor-choices"):
                yield Label("New factor", id="factor-title", classes="field-label")
                yield Select([(c.value, c) for c in FactorCategory], allow_blank=False,
                             value=FactorCategory.TECHNICAL, id="category", compact=True)
                yield Select(RISK_OPTIONS, allow_blank=False, value=False, id="risk",
                             compact=True)
            yield FieldRow("Factor", LineArea(placeholder="A condition that contributed",
                                              id="factor", classes=CHECKED))

    def on_mount(self) -> None:
        self._rebuild()

    @property
    def entry(self) -> LineArea:
        return self.query_one("#factor", LineArea)

    def _prompt(self, factor: ContributingFactor) -> Text:
        text = Text()
        risk = "known risk" if factor.known_risk else "surprise"
        text.append(f"{factor.category.value} · {risk}  ", style="bold")
        text.append(factor.description)
        return text

    def _rebuild(self, highlight: int | None = None) -> None:
        options = self.query_one(FactorRows)
        options.set_options([Option(self._prompt(f)) for f in self.factors])
        if self.factors:
            options.highlighted = max(0, min(highlight or 0, len(self.factors) - 1))
        only_when_filled(options, bool(self.factors), self.entry)

    def _current(self) -> ContributingFactor | None:
        if self.editing is None or self.editing >= len(self.factors):
            return None
        return self.factors[self.editing]

    def _load(self, factor: ContributingFactor | None, title: str) -> None:
        self.query_one("#factor-title", Label).update(title)
        self.query_one("#category", Select).value = (
            factor.category if factor else FactorCategory.TECHNICAL)
        self.query_one("#risk", Select).value = factor.known_risk if factor else False
        with self.entry.prevent(TextArea.Changed):
            self.entry.set_value(factor.description if factor else "")

    def start_new(self) -> None:
        self.editing = None
        self._load(None, "New factor")
        self.query_one("#category", Select).focus()

    def edit(self, index: int) -> None:
        if not 0 <= index < len(self.factors):
            return
        self.editing = index
        self._load(self.factors[index], f"Factor {index + 1}")
        self.entry.focus()

    def delete(self, index: int) -> None:
        if not 0 <= index < len(self.factors):
            return
        del self.factors[index]
        if self.editing is not None:
            self.editing = None
            self._load(None, "New factor")
        self._rebuild(index)
        self.post_message(Edited())

    def toggle_risk(self, index: int) -> None:
        if not 0 <= index < len(self.factors):
            return
        factor = self.factors[index]
        factor.known_risk = not factor.known_risk
        self.query_one(FactorRows).replace_option_prompt_at_index(index, self._prompt(factor))
        if self.editing == index:
            self.query_one("#risk", Select).value = factor.known_risk
        self.post_message(Edited())

    def _changed(self) -> None:
        if self.editing is not None:
            self.query_one(FactorRows).replace_option_prompt_at_index(
                self.editing, self._prompt(self.factors[self.editing]))
        self.post_message(Edited())

    @on(TextArea.Changed, "#factor")
    def _typed(self, event: TextArea.Changed) -> None:
        value = self.entry.value
        factor = self._current()
        if factor is None:
            if not value:
                return
            category = self.query_one("#category", Select).value
            risk = self.query_one("#risk", Select).value
            factor = ContributingFactor(
                value,
                category if isinstance(category, FactorCategory) else FactorCategory.TECHNICAL,
                risk is True,
            )
            self.factors.append(factor)
            self.editing = len(self.factors) - 1
            self.query_one("#factor-title", Label).update(f"Factor {self.editing + 1}")
            self._rebuild(self.editing)
            self.post_message(Edited())
            return
        if factor.description != value:
            factor.description = value
            self._changed()

    @on(Select.Changed, "#category")
    def _category(self) -> None:
        factor = self._current()
        value = self.query_one("#category", Select).value
        if factor is not None and isinstance(value, FactorCategory) and factor.category != value:
            factor.category = value
            self._changed()

    @on(Select.Changed, "#risk")
    def _risk(self) -> None:
        factor = self._current()
        value = self.query_one("#risk", Select).value is True
        if factor is not None and factor.known_risk != value:
            factor.known_risk = value
            self._changed()

    @on(LineArea.Submitted, "#factor")
    def _finish(self, event: LineArea.Submitted) -> None:
        event.stop()
        factor = self._current()
        if factor is not None and not factor.description:
            self.delete(self.editing or 0)
        # Ready for the next factor, in the same category as the last one.
        category = self.query_one("#category", Select).value
        self.editing = None
        self._load(None, "New factor")
        self.query_one("#category", Select).value = category
        self.entry.focus()

    def key_escape(self) -> None:
        if self.query_one("#factor-form").has_focus_within:
            self.query_one(FactorRows).focus()


class AnalysisEditor(StageEditor):
    """Five whys and contributing factors, one tab each (Tab to the tab bar, then left/right)."""

    DEFAULT_CSS = """
    AnalysisEditor TabbedContent {
        height: 1fr;
    }
    AnalysisEditor TabPane {
        padding: 0;
    }
    """

    def compose(self) -> ComposeResult:
        # Open on the method the team already started with.
        initial = "factors" if self.pm.factors and not self.pm.why_chains else "whys"
        with TabbedContent(initial=initial):
            with TabPane("Five whys", id="whys"):
                yield WhyChains(self.pm.why_chains)
            with TabPane("Contributing factors", id="factors"):
                yield Factors(self.pm.factors)

    def on_mount(self) -> None:
        self._setup()

    def reload(self, pm: PostMortem) -> None:
        """Show ``pm`` afresh: rebuild the widgets, then fill them again."""
        self.pm = pm

        async def rebuild() -> None:
            await self.recompose()
            self._setup()

        self.call_later(rebuild)

    def _setup(self) -> None:
        # The lists carry the keys to switch tabs; the tab bar itself stays for the mouse.
        self.query_one(Tabs).can_focus = False

    def show(self, tab: str) -> None:
        """Switch to the ``whys`` or ``factors`` tab and focus its list."""
        self.query_one(TabbedContent).active = tab
        pane: WhyChains | Factors = (
            self.query_one(WhyChains) if tab == "whys" else self.query_one(Factors))
        rows = pane.query_one(WhyRows if tab == "whys" else FactorRows)
        (rows if rows.can_focus else pane.entry).focus()

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        event.stop()
        self.notify_changed()
