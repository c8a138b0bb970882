"""Prepare: the post-mortem's facts, with messages inline as they are typed."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static, TextArea

from facilitator.core.model import PostMortem, Severity
from facilitator.core.timeparse import parse_time
from facilitator.ui.stages.base import CHECKED, StageEditor
from facilitator.ui.widgets.form import Form

TIME_FIELDS: tuple[tuple[str, str], ...] = (
    ("incident_start", "Started"),
    ("detected", "Detected"),
    ("acknowledged", "Acknowledged"),
    ("mitigated", "Mitigated"),
    ("resolved", "Resolved"),
    ("meeting_at", "Review meeting"),
)
TEXT_FIELDS: dict[str, str] = {
    "title": "Title",
    "incident_lead": "Incident lead",
    "facilitator": "Facilitator",
}
LIST_FIELDS: dict[str, str] = {
    "participants": "Participants",
    "services": "Services",
    "tags": "Tags",
}
IMPACT_FIELDS: dict[str, str] = {
    "users_affected": "Users affected",
    "duration": "Duration",
    "slo_breached": "SLO breached",
    "revenue": "Revenue",
    "notes": "Impact notes",
}
# Free text the blame checker watches; names and lists are facts, not prose.
CHECKED_FIELDS = {"title", "notes"}
MEETING_GRACE = timedelta(hours=48)


def parse_moment(text: str, *, tz: str, base: date | None) -> datetime:
    """Read a typed time; ``ValueError`` with a readable message when it cannot."""
    return parse_time(text, base=base, tz=tz)


def show_moment(moment: datetime | None, tz: str) -> str:
    if moment is None:
        return ""
    with contextlib.suppress(KeyError, ValueError):
        moment = moment.astimezone(ZoneInfo(tz))
    return moment.strftime("%Y-%m-%d %H:%M")


def check_metadata(pm: PostMortem) -> dict[str, str]:
    """Warnings about the metadata, keyed by the field they belong next to."""
    messages: dict[str, str] = {}
    start = pm.incident_start
    for name, label in TIME_FIELDS[1:5]:
        moment = getattr(pm, name)
        if start is not None and moment is not None and moment < start:
            messages[name] = f"{label} is before the incident started."
    if pm.mitigated and pm.resolved and pm.resolved < pm.mitigated:
        messages.setdefault("resolved", "Resolved is before mitigated.")
    if pm.detected and pm.resolved and pm.resolved < pm.detected:
        messages.setdefault("resolved", "Resolved is before detected.")
    lead, facilitator = pm.incident_lead.strip().casefold(), pm.facilitator.strip().casefold()
    if lead and lead == facilitator:
        messages["facilitator"] = (
            "The facilitator is also the incident lead; someone who was not in the incident "
            "keeps the review neutral."
        )
    resolved = pm.resolved_at
    if pm.meeting_at and resolved and pm.meeting_at - resolved > MEETING_GRACE:
        messages["meeting_at"] = (
            "The review is more than 48 hours after resolution; memories fade, so note "
            "what people are unsure of."
        )
    if pm.meeting_at and resolved and pm.meeting_at < resolved:
        messages["meeting_at"] = "The review is before the incident was resolved."
    return messages


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class PrepareEditor(StageEditor):
    """All metadata: times (typed naturally), people, services, summary and impact."""

    def __init__(self, pm: PostMortem, **kwargs: object) -> None:
        super().__init__(pm, **kwargs)
        # Text the user typed that could not be read yet, so a re-render does not lose it.
        self.bad_times: dict[str, str] = {}
        self._parse_errors: dict[str, str] = {}
        self.shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        pm = self.pm
        with Form(classes="form"):
            yield Static("Incident", classes="form-heading")
            yield from self._row("title", TEXT_FIELDS["title"], pm.title)
            with Horizontal(classes="form-row"):
                yield Label("Severity", classes="form-label")
                yield Select(
                    [(str(s), s) for s in Severity], value=pm.severity, allow_blank=False,
                    id="severity", compact=True,
                )
            yield from self._row("timezone", "Time zone", pm.timezone,
                                 placeholder="UTC, Europe/Berlin, America/New_York")
            yield Static("Times (14:02, 2:14 PM, 2026-03-04 14:02, ISO 8601)",
                         classes="form-heading")
            for name, label in TIME_FIELDS:
                value = self.bad_times.get(name) or show_moment(getattr(pm, name), pm.timezone)
                yield from self._row(name, label, value)
            yield Static("People and scope (comma-separated lists)", classes="form-heading")
            yield from self._row("incident_lead", "Incident lead", pm.incident_lead)
            yield from self._row("facilitator", "Facilitator", pm.facilitator)
            for name, label in LIST_FIELDS.items():
                yield from self._row(name, label, ", ".join(getattr(pm, name)))
            yield Static("Summary (2-3 sentences)", classes="form-heading")
            yield TextArea(pm.summary, id="summary", classes=f"{CHECKED} summary",
                           soft_wrap=True, compact=True)
            yield Static("Impact", classes="form-heading")
            for name, label in IMPACT_FIELDS.items():
                yield from self._row(name, label, getattr(pm.impact, name))

    def _row(self, name: str, label: str, value: str, placeholder: str = "") -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            # Focus must never select the text: the next key would wipe a colleague's words.
            yield Input(value, id=name, placeholder=placeholder, compact=True,
                        select_on_focus=False, classes=CHECKED if name in CHECKED_FIELDS else "")
        yield Static("", id=f"{name}-message", classes="field-message", markup=False)

    def on_mount(self) -> None:
        for message in self.query(".field-message"):
            message.display = False
        self.validate()

    # --- edits --------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if self._apply(name, event.value):
            self.notify_changed()
        self.validate()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "summary" and event.text_area.text != self.pm.summary:
            self.pm.summary = event.text_area.text
            self.notify_changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        # (a Severity, a string; never the blank, which this select does not allow)
        if event.select.id == "severity" and isinstance(event.value, str):
            severity = Severity(event.value)
            if severity != self.pm.severity:
                self.pm.severity = severity
                self.notify_changed()

    def _apply(self, name: str, value: str) -> bool:
        """Copy one field into the post-mortem; True when it changed."""
        pm = self.pm
        if name in TEXT_FIELDS:
            if getattr(pm, name) == value:
                return False
            setattr(pm, name, value)
            return True
        if name in LIST_FIELDS:
            items = split_list(value)
            if getattr(pm, name) == items:
                return False
            setattr(pm, name, items)
            return True
        if name in IMPACT_FIELDS:
            if getattr(pm.impact, name) == value:
                return False
            setattr(pm.impact, name, value)
            return True
        if name == "timezone":
            zone = value.strip()
            try:
                ZoneInfo(zone)
            except (KeyError, ValueError):
                self.bad_times["timezone"] = value
                return False
            self.bad_times.pop("timezone", None)
            if zone == pm.timezone:
                return False
            pm.timezone = zone
            return True
        if name in dict(TIME_FIELDS):
            return self._apply_time(name, value)
        return False

    def _apply_time(self, name: str, value: str) -> bool:
        pm = self.pm
        if not value.strip():
            self.bad_times.pop(name, None)
            if getattr(pm, name) is None:
                return False
            setattr(pm, name, None)
            return True
        base = pm.incident_start.date() if pm.incident_start and name != "incident_start" else None
        try:
            moment = parse_moment(value, tz=pm.timezone, base=base)
        except ValueError as error:
            self.bad_times[name] = value
            self._parse_errors[name] = str(error) or "Could not read this time."
            return False
        self.bad_times.pop(name, None)
        self._parse_errors.pop(name, None)
        if getattr(pm, name) == moment:
            return False
        setattr(pm, name, moment)
        return True

    def form_draft(self) -> dict[str, str]:
        """Times and the time zone typed but not readable (so not in the post-mortem): the
        meeting screen saves them with its state, so a crash keeps them."""
        return {name: value for name, value in self.bad_times.items() if value.strip()}

    def restore_form_draft(self, fields: dict[str, str]) -> None:
        """Put saved ``form_draft`` text back into its fields, as it was typed."""
        if not isinstance(fields, dict):
            return
        names = {*dict(TIME_FIELDS), "timezone"}
        for name, value in fields.items():
            if name in names and isinstance(value, str):
                for field in self.query(f"#{name}").results(Input):
                    field.value = value

    # --- messages -----------------------------------------------------------------------

    def messages(self) -> dict[str, str]:
        """Every inline message now shown, keyed by field (parse errors first)."""
        found = check_metadata(self.pm)
        for name in self.bad_times:
            if name == "timezone":
                found["timezone"] = "Unknown time zone; use a name such as Europe/Berlin or UTC."
            elif name in self._parse_errors:
                found[name] = self._parse_errors[name]
        return found

    def validate(self) -> None:
        found = self.messages()
        for message in self.query(".field-message").results(Static):
            name = (message.id or "").removesuffix("-message")
            text = found.get(name, "")
            # Only touch what changed: each update re-lays out the form.
            if self.shown.get(name, "") != text:
                self.shown[name] = text
                message.update(text)
                message.display = bool(text)
