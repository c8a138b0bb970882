"""The post-mortem as GitHub-flavoured Markdown for a wiki.

Layout: YAML front matter, the title, key takeaways first, then summary, impact, facts,
timeline, what went well / poorly / lucky, analysis, action items, lessons learned, the
opening statement, and the dismissed language flags in an HTML comment. Empty sections are
left out. ``markdown_import.from_markdown`` reads this layout back to the same post-mortem.

How user text is written (so it renders as typed and cannot break the page):

- ``<`` and ``>`` become ``&lt;`` and ``&gt;`` (and ``&`` becomes ``&amp;`` where it would
  start an entity): nothing a user typed can ever become an HTML tag, comment or entity.
- Markdown punctuation that could start emphasis, code, links, tables, strikethrough or math
  (``\\ ` * [ ] | ~ $``) is backslash-escaped everywhere; ``_`` unless it sits inside a word
  (snake_case), ``#`` where it could make a heading, ``&`` where it would read as an entity,
  and ``-``, ``+``, ``=`` and ``1.``/``1)`` where they start a line (lists, setext headings).
- A bare URL that needs any of these escapes gets ``http\\://`` (or ``www\\.``) so GitHub does
  not link it: GitHub shows escapes inside its automatic links literally. Other bare URLs
  are left alone and GitHub links them. (GitHub's ``:emoji:`` shortcodes, ``@mentions`` and
  ``#123`` references are its own post-processing and cannot be escaped in Markdown.)
- Whitespace at the start or end of a line, which Markdown would eat, is written as a numeric
  character reference (``&#32;``, ``&#9;``) so it survives.
- A newline inside a paragraph or list item becomes a hard line break (a backslash at the end
  of the line); newlines at the very end become ``&#10;``. Inside a table cell or heading, where
  Markdown has no line break of its own, we write ``<br>``: the only HTML we ever emit, and
  never from user text (user ``<`` is always ``&lt;``).
- Normalisation: ``\\r\\n`` and ``\\r`` become ``\\n``, and control characters other than tab
  and newline (terminal escape sequences, NUL) are dropped, see ``clean_text``. The timeline
  is written in time order and contributing factors grouped by category (stable within a
  group). Everything else comes back exactly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import yaml

from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ContributingFactor,
    FactorCategory,
    PostMortem,
    format_duration,
)
from facilitator.core.timeparse import format_time, zone

__all__ = ["to_markdown", "clean_text", "escape_inline", "escape_block"]

# --- the vocabulary shared with markdown_import -------------------------------------------

H_TAKEAWAYS = "Key takeaways"
H_SUMMARY = "Summary"
H_IMPACT = "Impact"
H_FACTS = "Facts"
H_TIMELINE = "Timeline"
H_WENT_WELL = "What went well"
H_WENT_POORLY = "What went poorly"
H_LUCKY = "Where we got lucky"
H_ANALYSIS = "Analysis"
H_WHYS = "Five whys"
H_FACTORS = "Contributing factors"
H_ACTIONS = "Action items"
H_LESSONS = "Lessons learned"
H_OPENING = "Opening statement"
UNTITLED = "Untitled post-mortem"

IMPACT_ROWS = (
    ("users_affected", "Users affected"),
    ("duration", "Duration"),
    ("slo_breached", "SLO breached"),
    ("revenue", "Revenue"),
)

TIME_ROWS = (
    ("incident_start", "Incident start"),
    ("detected", "Detected"),
    ("acknowledged", "Acknowledged"),
    ("mitigated", "Mitigated"),
    ("resolved", "Resolved"),
    ("meeting_at", "Meeting"),
)

DURATION_ROWS = (
    ("time_to_detect", "Time to detect"),
    ("time_to_acknowledge", "Time to acknowledge"),
    ("time_to_mitigate", "Time to mitigate"),
    ("time_to_resolve", "Time to resolve"),
)

TIMELINE_COLUMNS = ("Time", "Kind", "Event", "Known at the time")
ACTION_COLUMNS = ("ID", "Action", "Owner", "Due", "Priority", "Kind", "Success criterion",
                  "Status", "Link")

ACTION_KIND_LABELS = {
    ActionKind.PREVENT: "prevent recurrence",
    ActionKind.MITIGATE: "reduce impact",
    ActionKind.DETECT: "improve detection",
}

FACTOR_LABEL_KNOWN = "Known risk:"
FACTOR_LABEL_SURPRISE = "Surprise:"
WHY_PROBLEM_LABEL = "Problem:"
LIST_SEPARATOR = ", "
STATUS_NOTE_SEPARATOR = " — "
DISMISSED_MARKER = "facilitator:dismissed-flags"

# --- escaping ------------------------------------------------------------------------------

_BACKSLASHED = frozenset("\\`*[]|~$")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
_ENTITY_LIKE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
# What GitHub turns into a link by itself (its "extended autolinks"): a link starts at a
# scheme's "://" or at "www.", wherever one stands, even inside another URL.
_URL_START = r"(?:https?|ftp)(://)|(?<![\w.])www(\.)"
_LINK_START = re.compile(_URL_START, re.I)
_BARE_URL = re.compile(rf"(?:{_URL_START})[^\s<]*", re.I)


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def clean_text(text: str) -> str:
    """The text as the export keeps it: one kind of newline, no control characters.

    Terminal escape sequences and other control characters (except tab and newline) have no
    place in a wiki page and cannot be written to Markdown reliably, so they are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text
    return "".join(
        ch for ch in text if ch in "\t\n" or unicodedata.category(ch) != "Cc"
    )


def _reference(chars: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in chars)


def _replacement(body: str, i: int, line_start: bool) -> str | None:
    """How character ``i`` of ``body`` must be written, or None when it is safe as is."""
    ch = body[i]
    if ch == "<":
        return "&lt;"
    if ch == ">":
        return "&gt;"
    if ch == "&":
        # A lone & is literal; only one that would read as an entity is escaped.
        return "&amp;" if _ENTITY_LIKE.match(body, i) else None
    if ch in _BACKSLASHED:
        return "\\" + ch
    if ch == "_":
        # snake_case: an underscore between letters or digits can never start emphasis.
        inside = 0 < i < len(body) - 1 and _is_word(body[i - 1]) and _is_word(body[i + 1])
        return None if inside else "\\_"
    if ch == "#":
        # Headings start with #, and a heading's closing #s follow a space.
        return "\\#" if i == 0 or body[i - 1].isspace() else None
    if line_start and i == 0 and ch in "-+=":
        return "\\" + ch
    return None


def _escape_line(line: str) -> str:
    body = line.strip()
    if not body:
        return _reference(line)
    start = len(line) - len(line.lstrip())
    lead, trail = line[:start], line[start + len(body):]
    line_start = not lead
    forced: dict[int, str] = {}
    if line_start:
        marker = _ORDERED_MARKER.match(body)
        if marker:
            forced[marker.end() - 1] = "\\" + marker.group(2)
    for url in _BARE_URL.finditer(body):
        # GitHub shows backslashes and entities inside a bare URL literally; such a URL is
        # written so that it is not linked (``http\://``), and then reads as typed.
        # Every link start inside it is written so (URLs run together: "a*https://b*").
        if any(_replacement(body, j, line_start) for j in range(url.start(), url.end())):
            for link in _LINK_START.finditer(body, url.start(), url.end()):
                group = 1 if link.group(1) else 2
                forced[link.start(group)] = "\\" + body[link.start(group)]
    out = []
    for i, ch in enumerate(body):
        if i in forced:
            out.append(forced[i])
        else:
            out.append(_replacement(body, i, line_start) or ch)
    return _reference(lead) + "".join(out) + _reference(trail)


def escape_inline(text: str) -> str:
    """User text for a table cell or a heading: one source line, newlines as ``<br>``."""
    return "<br>".join(_escape_line(line) for line in clean_text(text).split("\n"))


def escape_block(text: str, indent: str = "") -> str:
    """User text for a paragraph or list item: newlines as hard breaks (``\\`` line ends).

    ``indent`` is put before every line after the first (list item continuation).
    """
    text = clean_text(text)
    body = text.rstrip("\n")
    # A hard break cannot end a paragraph, so newlines at the very end are references.
    trailing = _reference(text[len(body):])
    if not body:
        return trailing
    lines = [_escape_line(line) for line in body.split("\n")]
    return ("\\\n" + indent).join(lines) + trailing


# --- front matter --------------------------------------------------------------------------

class _FrontMatterDumper(yaml.SafeDumper):
    """Safe YAML that keeps every string on one line (a folded line could read as ``---``)."""


_PLAIN_SAFE = re.compile(r"^[\w .,:/@+'()#-]*$")


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = None if _PLAIN_SAFE.match(data) else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_FrontMatterDumper.add_representer(str, _represent_str)


def _iso(moment: datetime | None, tz: str) -> str | None:
    return moment.astimezone(zone(tz)).isoformat() if moment is not None else None


def _local_date(pm: PostMortem) -> str | None:
    # The incident's date as seen in the post-mortem's own zone, whatever zone the moment
    # itself was stored in.
    for moment in (pm.incident_start, pm.first_event_at, pm.meeting_at):
        if moment is not None:
            return moment.astimezone(zone(pm.timezone)).date().isoformat()
    return None


def render_front_matter(pm: PostMortem) -> str:
    """The YAML front matter block, ``---`` lines included."""
    data: dict[str, Any] = {
        "id": pm.id,
        "title": clean_text(pm.title),
        "date": _local_date(pm),
        "severity": str(pm.severity),
        "status": str(pm.status),
        "services": [clean_text(s) for s in pm.services],
        "tags": [clean_text(t) for t in pm.tags],
        "timezone": pm.timezone,
    }
    for name, _label in TIME_ROWS:
        data[name] = _iso(getattr(pm, name), pm.timezone)
    data["incident_lead"] = clean_text(pm.incident_lead)
    data["facilitator"] = clean_text(pm.facilitator)
    data["participants"] = [clean_text(p) for p in pm.participants]
    dumped = yaml.dump(data, Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True,
                       width=2**30, default_flow_style=False)
    return f"---\n{dumped}---\n"


# --- building blocks -----------------------------------------------------------------------

def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table; ``rows`` hold already escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(("- " + escape_block(item, "  ")).rstrip(" ") for item in items)


def _numbered(items: Sequence[str]) -> str:
    lines = []
    for n, item in enumerate(items, 1):
        marker = f"{n}. "
        lines.append((marker + escape_block(item, " " * len(marker))).rstrip(" "))
    return "\n".join(lines)


def _labelled(label: str, text: str) -> str:
    escaped = escape_block(text, "  ")
    return f"**{label}** {escaped}" if escaped else f"**{label}**"


def _join_list(values: Sequence[str]) -> str:
    return LIST_SEPARATOR.join(escape_inline(v) for v in values)


def _facts(pm: PostMortem) -> str:
    rows: list[tuple[str, str]] = []
    if pm.id:
        rows.append(("ID", escape_inline(pm.id)))
    rows.append(("Severity", str(pm.severity)))
    rows.append(("Status", str(pm.status)))
    rows.append(("Time zone", escape_inline(pm.timezone)))
    for name, label in TIME_ROWS:
        moment = getattr(pm, name)
        if moment is not None:
            rows.append((label, format_time(moment, pm.timezone, with_zone=True)))
    for name, label in DURATION_ROWS:
        delta = getattr(pm, name)
        if delta is not None:
            rows.append((label, format_duration(delta)))
    for label, value in (("Incident lead", pm.incident_lead), ("Facilitator", pm.facilitator)):
        if value:
            rows.append((label, escape_inline(value)))
    for label, values in (("Participants", pm.participants), ("Services", pm.services),
                          ("Tags", pm.tags)):
        if values:
            rows.append((label, _join_list(values)))
    return _table(("Fact", "Value"), rows)


def _impact(pm: PostMortem) -> str:
    parts = []
    rows = [(label, escape_inline(getattr(pm.impact, name)))
            for name, label in IMPACT_ROWS if getattr(pm.impact, name)]
    if rows:
        parts.append(_table(("Measure", "Value"), rows))
    if pm.impact.notes:
        parts.append(escape_block(pm.impact.notes))
    return "\n\n".join(parts)


def _timeline(pm: PostMortem) -> str:
    events = pm.sorted_timeline()
    with_known = any(e.known_at_time for e in events)
    header = TIMELINE_COLUMNS if with_known else TIMELINE_COLUMNS[:3]
    rows = []
    for e in events:
        row = [format_time(e.at, pm.timezone, with_zone=True), str(e.kind),
               escape_inline(e.description)]
        if with_known:
            row.append(escape_inline(e.known_at_time))
        rows.append(row)
    return _table(header, rows)


def _why_chains(pm: PostMortem) -> str:
    parts = [f"### {H_WHYS}"]
    for n, chain in enumerate(pm.why_chains, 1):
        parts.append(f"#### Chain {n}")
        parts.append(_labelled(WHY_PROBLEM_LABEL, chain.problem))
        if chain.whys:
            parts.append(_numbered(chain.whys))
    return "\n\n".join(parts)


def factors_by_category(factors: Sequence[ContributingFactor]) -> list[ContributingFactor]:
    """Factors in the order the export writes them: grouped by category, stable inside."""
    order = list(FactorCategory)
    return sorted(factors, key=lambda f: order.index(f.category))


def _factors(pm: PostMortem) -> str:
    parts = [f"### {H_FACTORS}"]
    for category in FactorCategory:
        group = [f for f in pm.factors if f.category == category]
        if not group:
            continue
        parts.append(f"#### {category.value.capitalize()}")
        items = []
        for factor in group:
            label = FACTOR_LABEL_KNOWN if factor.known_risk else FACTOR_LABEL_SURPRISE
            items.append("- " + _labelled(label, factor.description))
        parts.append("\n".join(items))
    return "\n\n".join(parts)


def _status_cell(item: ActionItem) -> str:
    text = str(item.status)
    if item.completed is not None:
        text += f" ({item.completed.isoformat()})"
    if item.note:
        text += STATUS_NOTE_SEPARATOR + escape_inline(item.note)
    return text


def _action_ref(pm: PostMortem, item: ActionItem) -> str:
    if not item.number:
        return ""
    return item.ref(pm.id) if pm.id else f"A{item.number}"


def _actions(pm: PostMortem) -> str:
    rows = []
    for item in pm.action_items:
        rows.append((
            escape_inline(_action_ref(pm, item)),
            escape_inline(item.description),
            escape_inline(item.owner),
            item.due.isoformat() if item.due else "",
            str(item.priority),
            ACTION_KIND_LABELS[item.kind],
            escape_inline(item.success_criterion),
            _status_cell(item),
            escape_inline(item.link),
        ))
    return _table(ACTION_COLUMNS, rows)


def _dismissed(pm: PostMortem) -> str:
    data = [{"fingerprint": clean_text(d.fingerprint), "rule": clean_text(d.rule),
             "text": clean_text(d.text), "reason": clean_text(d.reason)}
            for d in pm.dismissed]
    # ASCII JSON with <, > and & as \u escapes: the comment can never be closed early.
    payload = json.dumps(data, ensure_ascii=True)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"<!-- {DISMISSED_MARKER} {payload} -->"


def to_markdown(pm: PostMortem, *, front_matter: bool = True) -> str:
    """The post-mortem as a Markdown document for a wiki.

    ``front_matter=False`` leaves out the YAML block for wikis that would show it as text;
    the facts table still carries the metadata.
    """
    sections: list[str] = []

    def section(heading: str, body: str) -> None:
        sections.append(f"## {heading}\n\n{body}")

    title = escape_inline(pm.title) if pm.title else UNTITLED
    sections.append(f"# {title}")
    if pm.takeaways:
        section(H_TAKEAWAYS, _bullets(pm.takeaways))
    if pm.summary:
        section(H_SUMMARY, escape_block(pm.summary))
    if not pm.impact.is_empty():
        section(H_IMPACT, _impact(pm))
    section(H_FACTS, _facts(pm))
    if pm.timeline:
        section(H_TIMELINE, _timeline(pm))
    for heading, items in ((H_WENT_WELL, pm.went_well), (H_WENT_POORLY, pm.went_poorly),
                           (H_LUCKY, pm.lucky)):
        if items:
            section(heading, _bullets(items))
    if pm.why_chains or pm.factors:
        parts = []
        if pm.why_chains:
            parts.append(_why_chains(pm))
        if pm.factors:
            parts.append(_factors(pm))
        section(H_ANALYSIS, "\n\n".join(parts))
    if pm.action_items:
        section(H_ACTIONS, _actions(pm))
    if pm.lessons:
        section(H_LESSONS, _bullets(pm.lessons))
    if pm.opening_statement:
        section(H_OPENING, escape_block(pm.opening_statement))
    if pm.dismissed:
        sections.append(_dismissed(pm))
    document = "\n\n".join(sections) + "\n"
    if front_matter:
        document = render_front_matter(pm) + "\n" + document
    return document
