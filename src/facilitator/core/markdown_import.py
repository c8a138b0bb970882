"""Reading a post-mortem back from Markdown.

Our own export (see ``markdown_export``) comes back exactly. Post-mortems written from other
templates (Google SRE book, Atlassian, PagerDuty, incident.io, free-form wiki pages) are read
best-effort: title, date, severity and the other facts from front matter, key/value tables or
``Key: value`` lines; the timeline from a table, time-stamped list items or time-stamped
lines; action items from a table or a list. Sections we have no field for are kept as text
(narrative sections such as "Leadup" or "Recovery" under the summary, anything else under
lessons learned, each with its heading) so nothing the author wrote is dropped.

What "exactly" means for our own export: every field equal, with times as the same instants
in the post-mortem's zone, after the export's normalisation (see ``markdown_export``). The
front matter is what makes it exact; without it the facts table is read instead, where a
name containing ", " in participants, services or tags comes back split in two.

Other templates: severity words are mapped (``Major`` is SEV-2, ``P0`` and ``P1`` are
SEV-1), action-item states to open/done/dropped (the original wording kept in the item's
note when it differs), and unknown front matter keys become ``key: value`` lines under
lessons learned. HTML comments (template instructions) are not imported. Control characters
are removed, as on export.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from facilitator.core import markdown_export as ex
from facilitator.core.event_kinds import guess_kind
from facilitator.core.model import (
    ID_PATTERN,
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    DismissedFlag,
    EventKind,
    FactorCategory,
    PostMortem,
    Priority,
    Severity,
    Status,
    TimelineEvent,
    WhyChain,
)
from facilitator.core.timeparse import TimeParseError, parse_date, parse_time, zone

__all__ = ["from_markdown", "inline_text", "split_label"]


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


# --- a small block tree over markdown-it's token stream -----------------------------------

@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    inline: Token

    @property
    def text(self) -> str:
        return inline_text(self.inline)


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Any]] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Verbatim:
    """Code, quotes, raw HTML and rules: kept as their text."""

    text: str
    html: bool = False


Block = Heading | Paragraph | ListBlock | Table | Verbatim


def inline_text(token: Token) -> str:
    """What an inline token says, as plain text (our ``<br>`` and hard breaks as newlines)."""
    out: list[str] = []
    links: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "html_inline":
            out.append("\n" if re.fullmatch(r"<br\s*/?>", child.content, re.I) else child.content)
        elif kind == "code_inline":
            out.append(f"`{child.content}`")
        elif kind == "image":
            out.append(child.content or str(child.attrs.get("alt", "")))
        elif kind == "link_open":
            links.append(str(child.attrs.get("href", "")))
            out.append("\x00")  # where the link text starts
        elif kind == "link_close" and links:
            href = links.pop()
            start = len(out) - 1 - out[::-1].index("\x00")
            label = "".join(out[start + 1:])
            out[start:] = [label if href in (label, f"mailto:{label}") or not href
                           else f"{label} ({href})"]
    return "".join(out)


def split_label(token: Token) -> tuple[str | None, str]:
    """A leading bold label and the rest: ``**Problem:** text`` -> ("Problem:", "text")."""
    # markdown-it leaves an empty text token before a leading delimiter run.
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content)]
    if len(children) >= 3 and children[0].type == "strong_open":
        try:
            close = next(i for i, c in enumerate(children) if c.type == "strong_close")
        except StopIteration:
            return None, inline_text(token)
        label_token = Token("inline", "", 0, children=children[1:close])
        rest_token = Token("inline", "", 0, children=children[close + 1:])
        rest = inline_text(rest_token)
        # The export puts exactly one space between label and text.
        return inline_text(label_token), rest[1:] if rest.startswith(" ") else rest
    return None, inline_text(token)


def _blocks(
    tokens: list[Token], start: int = 0, stop: str | None = None
) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    i = start
    while i < len(tokens):
        tok = tokens[i]
        if stop is not None and tok.type == stop:
            return blocks, i + 1
        if tok.type == "heading_open":
            blocks.append(Heading(int(tok.tag[1]), inline_text(tokens[i + 1])))
            i += 3
        elif tok.type == "paragraph_open":
            blocks.append(Paragraph(tokens[i + 1]))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            lst = ListBlock(tok.type == "ordered_list_open")
            close = tok.type.replace("_open", "_close")
            i += 1
            while tokens[i].type != close:
                item, i = _blocks(tokens, i + 1, "list_item_close")
                lst.items.append(item)
            blocks.append(lst)
            i += 1
        elif tok.type == "table_open":
            header: list[str] = []
            rows: list[list[str]] = []
            row: list[str] = []
            i += 1
            while tokens[i].type != "table_close":
                t = tokens[i]
                if t.type == "tr_open":
                    row = []
                elif t.type == "inline":
                    row.append(inline_text(t))
                elif t.type == "tr_close":
                    if header:
                        rows.append(row)
                    else:
                        header = row
                i += 1
            blocks.append(Table(header, rows))
            i += 1
        elif tok.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            blocks.append(Verbatim(_text_of(inner)))
        elif tok.type in ("fence", "code_block"):
            blocks.append(Verbatim(tok.content.rstrip("\n")))
            i += 1
        elif tok.type == "html_block":
            blocks.append(Verbatim(tok.content.rstrip("\n"), html=True))
            i += 1
        else:
            # hr and any closing token we do not track
            i += 1
    return blocks, i


def _text_of(blocks: list[Block]) -> str:
    """Blocks as plain text, paragraphs separated by blank lines."""
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, (Heading, Paragraph)):
            parts.append(b.text)
        elif isinstance(b, ListBlock):
            lines = []
            for n, item in enumerate(b.items, 1):
                marker = f"{n}." if b.ordered else "-"
                lines.append(f"{marker} {_text_of(item)}".rstrip())
            parts.append("\n".join(lines))
        elif isinstance(b, Table):
            lines = [" | ".join(b.header)] + [" | ".join(r) for r in b.rows]
            parts.append("\n".join(lines))
        elif isinstance(b, Verbatim):
            if b.html and b.text.startswith("<!--"):
                continue  # template instructions in comments are not the author's words
            parts.append(b.text)
    return "\n\n".join(p for p in parts if p != "" or len(blocks) == 1)


# --- recognising headings and labels -------------------------------------------------------

def _norm(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"^[\d.)\s]+", "", text)  # "3. Timeline"
    return re.sub(r"[^a-z0-9' ]+", " ", text).strip()


_SECTION_PATTERNS: list[tuple[str, str]] = [
    ("takeaways", r"takeaway|key points|tl ?dr|key learnings"),
    ("lessons", r"lessons?|learnings?|what we learned"),
    ("went_well", r"went well|go well|went right|worked well|what went right|^mitigators?$"
                  r"|what helped"),
    ("lucky", r"lucky|luck"),
    ("went_poorly", r"went (poorly|wrong|badly)|didn't go|did not go|go wrong|could have gone"
                    r"|could be improved|areas? (for|of) improvement|what went poorly"),
    ("whys", r"\b(5|five) whys?\b|\bwhys\b"),
    ("actions", r"action|follow ?ups?|corrective|remediation|next steps|tasks?\b|todo|to do"
                r"|preventive|preventative"),
    ("timeline", r"timeline|chronolog|sequence of events|\bevents\b|time line"),
    ("impact", r"impact"),
    ("factors", r"root cause|contributing|causes?\b|trigger|\bfault\b|why it happened"),
    ("analysis", r"analysis|investigation"),
    ("facts", r"^facts?$|details|metadata|key information|incident information|^information$"
              r"|properties|at a glance"),
    ("participants", r"responders|participants|attendees|people involved|who was involved"),
    ("opening", r"opening statement"),
    ("summary", r"summary|overview|description|abstract|^incident$"),
    ("narrative", r"what happened|leadup|lead up|background|detection|response|recovery"
                  r"|resolution|mitigation|context|how we fixed|customer communication"),
]


def _section_kind(heading: str) -> str:
    text = _norm(heading)
    for kind, pattern in _SECTION_PATTERNS:
        if re.search(pattern, text):
            return kind
    return "other"


_META_KEYS: list[tuple[str, str]] = [
    ("id", r"^(id|post ?mortem id|pm id)$"),
    ("title", r"^title$"),
    ("date", r"^(date|incident date|day|date of incident)$"),
    ("severity", r"^(severity|sev|priority|incident severity|level)$"),
    ("status", r"^(status|document status|post ?mortem status|state)$"),
    ("timezone", r"^(time ?zone|tz)$"),
    ("incident_start", r"^(incident start|start|started|start time|began|impact start"
                       r"|incident began|start of impact)$"),
    ("detected", r"^(detected|detection|detected at|detection time|time detected|reported"
                 r"|reported at|first reported)$"),
    ("acknowledged", r"^(acknowledged|ack|acknowledged at)$"),
    ("mitigated", r"^(mitigated|mitigated at|mitigation)$"),
    ("resolved", r"^(resolved|resolved at|end|ended|end time|recovered|impact end|closed at"
                 r"|resolution time|fixed)$"),
    ("meeting_at", r"^(meeting|review meeting|post ?mortem meeting|meeting date)$"),
    ("incident_lead", r"^(incident lead|lead|incident commander|ic|commander"
                      r"|incident manager|incident owner)$"),
    ("facilitator", r"^(facilitator|facilitated by|review facilitator)$"),
    ("participants", r"^(participants|attendees|responders|people|authors?|owners?"
                     r"|people involved)$"),
    ("services", r"^(services|affected services|service|systems|affected systems"
                 r"|components|affected components|products?)$"),
    ("tags", r"^(tags|labels|keywords)$"),
    ("users_affected", r"^(users affected|customers affected|affected users|users"
                       r"|customer impact)$"),
    ("duration", r"^(duration|impact duration|total duration|outage duration)$"),
    ("slo_breached", r"^(slo breached|slo|sla|slo impact|error budget)$"),
    ("revenue", r"^(revenue|revenue impact|cost|financial impact)$"),
    ("derived", r"^time to (detect|acknowledge|mitigate|resolve)$"),
]


def _meta_key(label: str) -> str | None:
    text = _norm(label)
    for key, pattern in _META_KEYS:
        if re.search(pattern, text):
            return key
    return None


_KEY_VALUE = re.compile(r"^\s*([A-Za-z][A-Za-z /'()-]{0,40}?)\s*:\s*(.+?)\s*$", re.S)


def _split_names(text: str) -> list[str]:
    return [p.strip().lstrip("@") for p in re.split(r",|;|\band\b|\n", text) if p.strip()]


_SEVERITY = re.compile(r"\b(?:sev(?:erity)?|s|p)[\s_-]*([0-5])\b", re.I)
_SEVERITY_WORDS = {"critical": 1, "major": 2, "high": 2, "medium": 3, "moderate": 3,
                   "minor": 4, "low": 4, "trivial": 5}


def _severity(text: str) -> Severity | None:
    match = _SEVERITY.search(text)
    if match:
        n = max(1, int(match.group(1)) + (1 if match.group(0)[0] in "pP" and
                                          match.group(1) == "0" else 0))
        return Severity(f"SEV-{min(n, 5)}")
    for word, n in _SEVERITY_WORDS.items():
        if re.search(rf"\b{word}\b", text, re.I):
            return Severity(f"SEV-{n}")
    return None


def _status(text: str) -> Status | None:
    t = _norm(text)
    if t in ("draft", "wip", "work in progress"):
        return Status.DRAFT
    if t in ("in review", "review", "under review", "in progress review"):
        return Status.IN_REVIEW
    if t in ("final", "published", "complete", "completed", "approved", "done"):
        return Status.FINAL
    return None


# --- time-stamped lines ----------------------------------------------------------------------

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?"
_DATE_PART = (rf"(?:\d{{4}}-\d{{2}}-\d{{2}}[ T]|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?"
              rf"(?:\s+\d{{4}})?,?\s+|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?,?\s+)?")
_ZONE_PART = r"(?:\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}:?\d{2}|\([^()]{1,40}\)))?"
_TIME_WITH_ZONE = re.compile(rf"^\s*(?:at\s+)?({_DATE_PART}{_CLOCK}{_ZONE_PART})"
                             rf"(?:\s*[-–—:|]\s*|\s+)(.*)$", re.I | re.S)
_TIME_NO_ZONE = re.compile(rf"^\s*(?:at\s+)?({_DATE_PART}{_CLOCK})(?:\s*[-–—:|]\s*|\s+)(.*)$",
                           re.I | re.S)


def _leading_time(line: str, base: date | None, tz: str) -> tuple[datetime, str] | None:
    """A line that starts with a time: ``14:02 - paged``, ``2026-03-04 14:02 UTC: paged``."""
    for pattern in (_TIME_WITH_ZONE, _TIME_NO_ZONE):
        match = pattern.match(line)
        if not match or not match.group(2).strip():
            continue
        try:
            return parse_time(match.group(1), base=base, tz=tz), match.group(2).strip()
        except TimeParseError:
            continue
    return None


def _kind_from_cell(text: str) -> EventKind | None:
    t = _norm(text)
    for kind in EventKind:
        if t == kind.value:
            return kind
    synonyms = {"page": EventKind.ALERT, "paged": EventKind.ALERT, "comms": EventKind.COMMUNICATION,
                "fix": EventKind.MITIGATION, "resolved": EventKind.RESOLUTION,
                "detected": EventKind.DETECTION, "investigation": EventKind.ACTION,
                "response": EventKind.ACTION, "update": EventKind.COMMUNICATION,
                "trigger": EventKind.OTHER, "impact": EventKind.OTHER}
    return synonyms.get(t)


# --- the reader --------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_DISMISSED = re.compile(rf"^<!--\s*{re.escape(ex.DISMISSED_MARKER)}\s+(.*?)\s*-->\s*$", re.S)
_STATUS_CELL = re.compile(r"^(open|done|dropped)(?: \((\d{4}-\d{2}-\d{2})\))?(?: — (.*))?$", re.S)
_DATE_IN_TEXT = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}}"
                           rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
                           rf"|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})\b", re.I)


def _date_in(text: str) -> date | None:
    """The first calendar date written in ``text``, if any."""
    found = _DATE_IN_TEXT.search(text)
    if not found:
        return None
    try:
        return parse_date(found.group(1))
    except TimeParseError:
        return None


@dataclass
class _Reader:
    pm: PostMortem
    strict: bool
    meta: dict[str, Any] = field(default_factory=dict)
    base: date | None = None
    summary_extra: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)

    # -- metadata --

    def offer(self, key: str, value: Any) -> bool:
        """Remember a metadata value (the first one seen wins). False if not a known key."""
        if key == "derived":
            return True
        if isinstance(value, str) and (not value or not (self.strict or value.strip())):
            return True
        self.meta.setdefault(key, value)
        return True

    def key_value(self, label: str, value: str) -> bool:
        key = _meta_key(label)
        if key is None:
            return False
        return self.offer(key, value)

    def leftover(self, heading: str, text: str) -> None:
        if not text.strip():
            return
        self.leftovers.append(f"{heading}\n{text}" if heading else text)

    @property
    def tz(self) -> str:
        return self.pm.timezone

    def time(self, text: str) -> datetime | None:
        try:
            moment = parse_time(text, base=self.base, tz=self.tz)
        except TimeParseError:
            return None
        return moment.astimezone(zone(self.tz))

    # -- sections --

    def items(self, blocks: list[Block]) -> list[str]:
        """List items (and, from other templates, paragraphs) as separate strings."""
        out: list[str] = []
        for b in blocks:
            if isinstance(b, ListBlock):
                out.extend(_text_of(item) for item in b.items)
            elif isinstance(b, Table):
                out.extend(" | ".join(c for c in row if c) for row in b.rows)
            else:
                text = _text_of([b])
                if text:
                    out.append(text)
        return out

    def facts(self, heading: str, blocks: list[Block]) -> None:
        """Key/value tables and lines: the post-mortem's facts."""
        for b in blocks:
            if isinstance(b, Table) and len(b.header) >= 2:
                for row in b.rows:
                    if len(row) >= 2 and not self.key_value(row[0], row[1]):
                        self.leftover(heading, f"{row[0]}: {row[1]}")
            elif isinstance(b, (ListBlock, Paragraph)) and not self.strict:
                self.key_value_lines(heading, _text_of([b]))
            else:
                self.leftover(heading, _text_of([b]))

    def key_value_lines(self, heading: str, text: str) -> list[str]:
        """Take ``Key: value`` lines we know; return the other lines."""
        rest = []
        for line in text.split("\n"):
            bare = line.lstrip("-* ").strip()
            match = _KEY_VALUE.match(bare)
            if match and self.key_value(match.group(1), match.group(2)):
                continue
            rest.append(line)
        remaining = "\n".join(rest).strip()
        if heading and remaining:
            self.leftover(heading, remaining)
        return rest

    def impact(self, heading: str, blocks: list[Block]) -> None:
        notes: list[str] = []
        fields_by_key = {"users_affected", "duration", "slo_breached", "revenue"}
        for b in blocks:
            if isinstance(b, Table) and len(b.header) >= 2:
                for row in b.rows:
                    key = _meta_key(row[0]) if len(row) >= 2 else None
                    if key in fields_by_key and key not in self.meta:
                        self.meta[key] = row[1]
                    else:
                        notes.append(" | ".join(row))
            elif isinstance(b, ListBlock) and not self.strict:
                for item in b.items:
                    text = _text_of(item)
                    match = _KEY_VALUE.match(text)
                    key = _meta_key(match.group(1)) if match else None
                    if match and key in fields_by_key and key not in self.meta:
                        self.meta[key] = match.group(2)
                    else:
                        notes.append(f"- {text}")
            else:
                notes.append(_text_of([b]))
        self.pm.impact.notes = "\n\n".join(n for n in notes if n)

    def timeline(self, heading: str, blocks: list[Block]) -> None:
        for b in blocks:
            if isinstance(b, Table):
                self.timeline_table(heading, b)
            elif isinstance(b, ListBlock):
                for item in b.items:
                    self.timeline_text(heading, _text_of(item))
            elif isinstance(b, Heading):
                # "March 4" style day headings set the date for the times below them.
                day = _date_in(b.text)
                if day is not None:
                    self.base = day
                else:
                    self.leftover(heading, b.text)
            else:
                self.timeline_text(heading, _text_of([b]))

    def timeline_text(self, heading: str, text: str) -> None:
        for line in text.split("\n"):
            if not line.strip():
                continue
            found = _leading_time(line, self.base, self.tz)
            if not found and len(line) <= 60 and _date_in(line):
                # "2025-11-18 (all times UTC)": sets the day for the times that follow.
                self.base = _date_in(line)
            if found:
                moment, rest = found
                moment = moment.astimezone(zone(self.tz))
                self.pm.timeline.append(TimelineEvent(moment, rest, guess_kind(rest)))
                if self.base is None:
                    self.base = moment.date()
            elif self.pm.timeline:
                last = self.pm.timeline[-1]
                last.description = f"{last.description}\n{line.strip()}"
            else:
                self.leftover(heading, line.strip())

    def timeline_lines(self, heading: str, text: str) -> str:
        """Take time-stamped lines out of prose (when there are at least two) as events;
        return the rest of the text."""
        lines = text.split("\n")
        stamped = [line for line in lines if _leading_time(line, self.base, self.tz)]
        if len(stamped) < 2:
            return text
        rest = [line for line in lines if line not in stamped]
        self.timeline_text(heading, "\n".join(stamped))
        return "\n".join(rest)

    def timeline_table(self, heading: str, table: Table) -> None:
        cols = [_norm(h) for h in table.header]

        def find(pattern: str, exclude: tuple[int, ...] = ()) -> int | None:
            for i, c in enumerate(cols):
                if i not in exclude and re.search(pattern, c):
                    return i
            return None

        time_col = find(r"^(time|when|timestamp|at|hour|clock|date ?time)\b")
        date_col = find(r"^date$", exclude=(time_col,) if time_col is not None else ())
        if time_col is None:
            time_col = date_col if date_col is not None else 0
            date_col = None
        used = {time_col} | ({date_col} if date_col is not None else set())
        kind_col = find(r"^(kind|type|category)$", tuple(used))
        if kind_col is not None:
            used.add(kind_col)
        known_col = find(r"known", tuple(used))
        if known_col is not None:
            used.add(known_col)
        desc_col = find(r"event|description|what|action|detail|activity|happen|summary|note"
                        r"|update|message", tuple(used))
        if desc_col is None:
            desc_col = next((i for i in range(len(cols)) if i not in used), None)
        if desc_col is not None:
            used.add(desc_col)
        for row in table.rows:
            row = row + [""] * (len(cols) - len(row))
            when = row[time_col]
            if date_col is not None and row[date_col]:
                when = f"{row[date_col]} {when}"
            # "Time (PDT)": the zone in the header applies to bare times in the column.
            header_zone = re.search(r"\(([A-Za-z_/+:\d-]+)\)", table.header[time_col])
            moment = (self.time(f"{when} ({header_zone.group(1)})") if header_zone and when
                      else None) or self.time(when)
            if moment is None:
                self.leftover(heading, " | ".join(c for c in row if c))
                continue
            description = row[desc_col] if desc_col is not None else ""
            extra = [f"{table.header[i]}: {row[i]}" for i in range(len(cols))
                     if i not in used and row[i]]
            if extra:
                description = "\n".join([description, *extra]) if description else "\n".join(extra)
            kind = None
            if kind_col is not None and row[kind_col]:
                kind = _kind_from_cell(row[kind_col])
                if kind is None:
                    description = f"{description} ({row[kind_col]})"
            event = TimelineEvent(moment, description, kind or (
                EventKind.OTHER if self.strict else guess_kind(description)))
            if known_col is not None:
                event.known_at_time = row[known_col]
            self.pm.timeline.append(event)
            if self.base is None:
                self.base = moment.date()

    def analysis(self, heading: str, blocks: list[Block], mode: str = "") -> None:
        chain: WhyChain | None = None
        category = FactorCategory.TECHNICAL
        for b in blocks:
            if isinstance(b, Heading):
                kind = _section_kind(b.text)
                cat = next((c for c in FactorCategory if _norm(b.text) == c.value), None)
                if kind == "whys":
                    mode, chain = "whys", None
                elif cat is not None:
                    mode, category = "factors", cat
                elif kind == "factors":
                    mode = "factors"
                elif mode == "whys":
                    chain = WhyChain("")
                    self.pm.why_chains.append(chain)
                    if not re.fullmatch(r"chain \d+", _norm(b.text)):
                        chain.problem = b.text
                else:
                    self.leftover(heading, b.text)
            elif mode == "whys":
                if isinstance(b, Paragraph):
                    label, rest = split_label(b.inline)
                    text = rest if label == ex.WHY_PROBLEM_LABEL else b.text
                    if chain is None or chain.whys:
                        chain = WhyChain(text)
                        self.pm.why_chains.append(chain)
                    else:
                        chain.problem = f"{chain.problem}\n\n{text}" if chain.problem else text
                elif isinstance(b, ListBlock):
                    if chain is None:
                        chain = WhyChain("")
                        self.pm.why_chains.append(chain)
                    chain.whys.extend(_text_of(item) for item in b.items)
                else:
                    self.leftover(heading, _text_of([b]))
            elif isinstance(b, ListBlock):
                for item in b.items:
                    self.factor(item, category)
            elif isinstance(b, (Paragraph, Verbatim)) and mode == "factors":
                self.factor([b], category)
            else:
                self.leftover(heading, _text_of([b]))

    def factor(self, item: list[Block], category: FactorCategory) -> None:
        known = False
        text = _text_of(item)
        if len(item) == 1 and isinstance(item[0], Paragraph):
            label, rest = split_label(item[0].inline)
            if label in (ex.FACTOR_LABEL_KNOWN, ex.FACTOR_LABEL_SURPRISE):
                known, text = label == ex.FACTOR_LABEL_KNOWN, rest
            elif not self.strict:
                known = bool(re.search(r"known (risk|issue)", text, re.I))
        self.pm.factors.append(ContributingFactor(text, category, known))

    def actions(self, heading: str, blocks: list[Block]) -> None:
        for b in blocks:
            if isinstance(b, Table):
                self.action_table(heading, b)
            elif isinstance(b, ListBlock):
                for item in b.items:
                    self.pm.action_items.append(self.action_from_text(_text_of(item)))
            else:
                self.leftover(heading, _text_of([b]))

    def action_table(self, heading: str, table: Table) -> None:
        cols = [_norm(h) for h in table.header]
        patterns = [
            ("number", r"^(id|ref|number|no|#)?$"),
            ("owner", r"owner|assignee|assigned|who|responsible|dri"),
            ("due", r"due|deadline|target|eta|^by$|^date$"),
            ("priority", r"priority|prio|importance"),
            ("kind", r"^(kind|type|category)$"),
            ("success_criterion", r"success|criteri|done when|definition of done|acceptance"),
            ("status", r"status|state|^done$"),
            ("link", r"link|ticket|issue|tracker|jira|url|bug|reference"),
            ("description", r"action|item|task|description|what|follow|title|summary|remediation"),
        ]
        where: dict[str, int] = {}
        for name, pattern in patterns:
            for i, c in enumerate(cols):
                if i not in where.values() and re.search(pattern, c):
                    where[name] = i
                    break
        if "description" not in where:
            free = [i for i in range(len(cols)) if i not in where.values()]
            if free:
                where["description"] = free[0]
        for row in table.rows:
            row = row + [""] * (len(cols) - len(row))

            def cell(name: str, row: list[str] = row) -> str:
                return row[where[name]] if name in where else ""

            item = ActionItem(cell("description"), owner=cell("owner").lstrip("@") if not
                              self.strict else cell("owner"),
                              success_criterion=cell("success_criterion"), link=cell("link"))
            notes: list[str] = []
            self.action_fields(item, cell, notes)
            for i, c in enumerate(row):
                if i not in where.values() and c:
                    notes.append(f"{table.header[i]}: {c}")
            if notes:
                item.note = "\n".join(filter(None, [item.note, *notes]))
            self.pm.action_items.append(item)

    def action_fields(self, item: ActionItem, cell: Any, notes: list[str]) -> None:
        number = re.search(r"(?:^|-)A(\d+)$", cell("number"))
        if number:
            item.number = int(number.group(1))
        elif cell("number"):
            notes.append(f"ID: {cell('number')}")
        due = cell("due")
        if due:
            try:
                item.due = date.fromisoformat(due) if self.strict else parse_date(due)
            except (TimeParseError, ValueError):
                notes.append(f"Due: {due}")
        priority = _priority(cell("priority"))
        if priority is not None:
            item.priority = priority
        elif cell("priority"):
            notes.append(f"Priority: {cell('priority')}")
        kind = _action_kind(cell("kind"))
        if kind is not None:
            item.kind = kind
        elif cell("kind"):
            notes.append(f"Kind: {cell('kind')}")
        status = cell("status")
        match = _STATUS_CELL.match(status)
        if match:
            item.status = ActionStatus(match.group(1))
            if match.group(2):
                item.completed = date.fromisoformat(match.group(2))
            if match.group(3) is not None:
                item.note = match.group(3)
        elif status:
            mapped = _action_status(status)
            if mapped is not None:
                item.status = mapped
            if mapped is None or _norm(status) not in ("open", "done", "dropped"):
                # "In progress" is open to us, but worth keeping as written.
                notes.append(f"Status: {status}")

    def action_from_text(self, text: str) -> ActionItem:
        """One action item from a list item such as ``[ ] Add a queue alert (owner: @ana, due
        2026-04-01, P1)``."""
        item = ActionItem(text)
        body = text
        box = re.match(r"^\s*\[([ xX✓✔]?)\]\s*", body)
        if box:
            if box.group(1).strip():
                item.status = ActionStatus.DONE
            body = body[box.end():]
        owner = re.search(r"\b(?:owner|assignee|assigned to|owned by)\s*[:=-]?\s*@?"
                          r"([^,;()\n]+?)\s*(?=[,;)\n]|$| due\b| by\b)", body, re.I) \
            or re.search(r"(?<![\w.])@([A-Za-z][\w.-]*\w)", body)
        if owner:
            item.owner = owner.group(1).strip()
        due = re.search(rf"\b(?:due|by|deadline)\s*[:=]?\s*(\d{{4}}-\d{{2}}-\d{{2}}"
                        rf"|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)", body, re.I)
        if due:
            item.due = _date_in(due.group(1)) or _due_or_none(due.group(1))
        priority = re.search(r"\b(P[0-4]|must|should|nice to have)\b", body, re.I)
        if priority:
            item.priority = _priority(priority.group(1)) or item.priority
        link = re.search(r"https?://\S+[^\s.,;)]|\b[A-Z][A-Z0-9]+-\d+\b", body)
        if link:
            item.link = link.group(0)
        item.description = body.strip()
        return item


def _due_or_none(text: str) -> date | None:
    try:
        return parse_date(text)
    except TimeParseError:
        return None


def _priority(text: str) -> Priority | None:
    t = _norm(text)
    if t in ("must", "p0", "p1", "high", "critical", "urgent", "must have"):
        return Priority.MUST
    if t in ("should", "p2", "medium", "normal", "should have"):
        return Priority.SHOULD
    if t in ("nice", "p3", "p4", "low", "nice to have", "could"):
        return Priority.NICE
    return None


def _action_kind(text: str) -> ActionKind | None:
    t = _norm(text)
    for kind, label in ex.ACTION_KIND_LABELS.items():
        if t in (kind.value, label):
            return kind
    if re.search(r"prevent|repair|fix", t):
        return ActionKind.PREVENT
    if re.search(r"mitigat|impact|recover", t):
        return ActionKind.MITIGATE
    if re.search(r"detect|monitor|alert|observ", t):
        return ActionKind.DETECT
    return None


def _action_status(text: str) -> ActionStatus | None:
    t = _norm(text)
    if re.search(r"done|closed|complete|fixed|resolved|shipped|merged", t) or (
            text.strip() and text.strip() in "✅✔✓"):
        return ActionStatus.DONE
    if re.search(r"won't|wont|cancel|dropped|declined|obsolete", t):
        return ActionStatus.DROPPED
    if re.search(r"open|todo|to do|progress|not started|planned|pending|backlog", t):
        return ActionStatus.OPEN
    return None


# --- putting it together -------------------------------------------------------------------------

def _split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, str]:
    """(front matter data or None, body, raw front matter text if it was not YAML)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, ""
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None, text[match.end():], match.group(1)
    if not isinstance(data, dict):
        return None, text[match.end():], match.group(1)
    return data, text[match.end():], ""


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    # YAML escapes ("\e") could smuggle control characters past the body's cleaning.
    return ex.clean_text(str(value))


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [_as_text(v) for v in value]
    return [v for v in (s.strip() for s in str(value).split(",")) if v]


def from_markdown(text: str) -> PostMortem:
    """Read a post-mortem from Markdown: our own export exactly, other templates best-effort."""
    # The same cleaning as the export: no terminal escape sequences get in from a file.
    text = ex.clean_text(text)
    fm, body, bad_front_matter = _split_front_matter(text)
    fm = fm or {}
    tokens = _parser().parse(body)
    blocks, _ = _blocks(tokens)
    ours = "timezone" in fm or any(
        isinstance(b, Table) and b.header == ["Fact", "Value"] for b in blocks)
    pm = PostMortem()
    reader = _Reader(pm, strict=ours)
    if bad_front_matter:
        reader.leftover("Front matter", bad_front_matter)

    # Front matter first: it names the zone and date that times in the body are read in.
    tz = _as_text(fm.get("timezone")) or ""
    if tz:
        try:
            zone(tz)
            pm.timezone = tz
        except TimeParseError:
            reader.leftover("Time zone", tz)
    fm_date = fm.get("date")
    if isinstance(fm_date, datetime):
        reader.base = fm_date.date()
    elif isinstance(fm_date, date):
        reader.base = fm_date
    elif fm_date:
        reader.base = _date_in(str(fm_date)) or _due_or_none(str(fm_date))

    # Title: the first level-1 heading (or the first heading of all).
    headings = [i for i, b in enumerate(blocks) if isinstance(b, Heading)]
    title_at = next((i for i in headings if blocks[i].level == 1), None)  # type: ignore[union-attr]
    if title_at is None and headings and not ours:
        first = blocks[headings[0]]
        assert isinstance(first, Heading)
        if not any(isinstance(blocks[i], Heading) and blocks[i].level == first.level  # type: ignore[union-attr]
                   for i in headings[1:]):
            title_at = headings[0]
    if title_at is not None:
        title_block = blocks[title_at]
        assert isinstance(title_block, Heading)
        pm.title = title_block.text
        if not ours and reader.base is None:
            reader.base = _date_in(title_block.text)
    rest = [b for i, b in enumerate(blocks) if i != title_at]
    section_level = min((b.level for b in rest if isinstance(b, Heading)), default=2)

    # Split into sections at the top heading level.
    preamble: list[Block] = []
    sections: list[tuple[str, list[Block]]] = []
    for b in rest:
        if isinstance(b, Heading) and b.level == section_level:
            sections.append((b.text, []))
        elif sections:
            sections[-1][1].append(b)
        else:
            preamble.append(b)

    dismissed: list[DismissedFlag] = []

    def take_dismissed(blocks: list[Block]) -> list[Block]:
        kept = []
        for b in blocks:
            if isinstance(b, Verbatim) and b.html:
                match = _DISMISSED.match(b.text)
                if match:
                    try:
                        for d in json.loads(match.group(1)):
                            dismissed.append(DismissedFlag(
                                d.get("fingerprint", ""), d.get("rule", ""), d.get("text", ""),
                                d.get("reason", "")))
                        continue
                    except (ValueError, AttributeError):
                        pass
            kept.append(b)
        return kept

    preamble = take_dismissed(preamble)
    sections = [(h, take_dismissed(bs)) for h, bs in sections]

    if ours:
        summary_parts = [t for t in (_text_of([b]) for b in preamble) if t]
    else:
        intro, pseudo = _pseudo_sections(reader, preamble)
        if title_at is None and intro and isinstance(intro[0], Verbatim):
            # A page with no headings at all: its first short line is the title.
            first_line, _, remaining = intro[0].text.partition("\n")
            if len(first_line) <= 120:
                pm.title = first_line.strip()
                intro[0] = Verbatim(remaining)
                if reader.base is None:
                    reader.base = _date_in(first_line)
        sections = _split_subsections(pseudo + sections)
        summary_parts = []
        for b in intro:
            remaining = reader.timeline_lines("", _text_of([b]))
            if remaining.strip():
                summary_parts.append(remaining.strip())

    # Facts first so that the timeline is read with the right date.
    for heading, bs in sections:
        if _section_kind(heading) == "facts":
            reader.facts(heading, bs)
    _apply_meta(reader, fm, ours, early=True)

    for heading, bs in sections:
        kind = _section_kind(heading)
        if kind == "facts":
            continue
        if kind == "summary":
            if not ours:
                # Other templates often open the summary with "Severity: SEV-2" lines.
                kept: list[Block] = []
                for b in bs:
                    if isinstance(b, Table) and len(b.header) >= 2 and all(
                            _meta_key(r[0]) for r in b.rows if r):
                        reader.facts("", [b])
                    else:
                        kept.append(b)
                bs = kept
            text_ = _text_of(bs)
            if pm.summary and text_:
                pm.summary = f"{pm.summary}\n\n{heading}\n{text_}"
            else:
                pm.summary = pm.summary or text_
        elif kind == "takeaways":
            pm.takeaways.extend(reader.items(bs))
        elif kind == "lessons":
            pm.lessons.extend(reader.items(bs))
        elif kind == "went_well":
            _well_or_lucky(reader, heading, bs)
        elif kind == "went_poorly":
            pm.went_poorly.extend(reader.items(bs))
        elif kind == "lucky":
            pm.lucky.extend(reader.items(bs))
        elif kind == "impact":
            reader.impact(heading, bs)
        elif kind == "timeline":
            reader.timeline(heading, bs)
        elif kind in ("analysis", "whys", "factors"):
            before = len(pm.factors)
            reader.analysis(heading, bs, mode="" if kind == "analysis" else kind)
            if not ours and re.search(r"trigger", heading, re.I):
                # Keep what kind of cause the author called it.
                for factor in pm.factors[before:]:
                    factor.description = f"{heading}: {factor.description}"
        elif kind == "actions":
            reader.actions(heading, bs)
        elif kind == "opening":
            pm.opening_statement = _text_of(bs)
        elif kind == "participants":
            roles = False
            for entry in reader.items(bs):
                name, role = _person(entry)
                roles = roles or bool(role)
                if name and name not in pm.participants:
                    pm.participants.append(name)
                if role and _meta_key(role) == "incident_lead":
                    reader.offer("incident_lead", name)
            if roles:
                # Who did what during the response is part of the story.
                reader.summary_extra.append(f"{heading}\n{_text_of(bs)}")
        elif kind == "narrative":
            text_ = reader.timeline_lines(heading, _text_of(bs))
            if text_.strip():
                reader.summary_extra.append(f"{heading}\n{text_.strip()}")
        else:
            text_ = _text_of(bs) if ours else reader.timeline_lines(heading, _text_of(bs))
            if text_.strip():
                reader.leftovers.append(f"{heading}\n{text_.strip()}")

    if summary_parts:
        opening = "\n\n".join(summary_parts)
        pm.summary = f"{opening}\n\n{pm.summary}" if pm.summary else opening
    if reader.summary_extra:
        pm.summary = "\n\n".join(filter(None, [pm.summary, *reader.summary_extra]))
    pm.lessons.extend(reader.leftovers)
    pm.dismissed = dismissed
    _apply_meta(reader, fm, ours, early=False)
    return pm


_TIME_KEYS = {"incident_start", "detected", "acknowledged", "mitigated", "resolved",
              "meeting_at"}
_LABEL_LINE = re.compile(r"^([A-Za-z][\w '’/()&-]{1,40}?)\s*:\s*(.*)$", re.S)
_BARE_LABEL = re.compile(r"^([A-Za-z][\w '’/()&?-]{1,40}?)\s*:?$")
_ANALYSIS_KINDS = {"analysis", "whys", "factors"}


def _is_time(text: str) -> bool:
    try:
        parse_time(text, base=date(2000, 1, 1))
    except TimeParseError:
        return False
    return True


def _pseudo_sections(
    reader: _Reader, blocks: list[Block]
) -> tuple[list[Block], list[tuple[str, list[Block]]]]:
    """Split a heading-less preamble the way people write one by hand.

    ``Date: ...`` lines become facts; ``**Summary:** text`` paragraphs and one-line
    ``What happened:`` labels start a section of their own, as if they were headings.
    """
    intro: list[Block] = []
    sections: list[tuple[str, list[Block]]] = []

    def add(block: Block) -> None:
        (sections[-1][1] if sections else intro).append(block)

    def meta_line(line: str) -> bool:
        match = _LABEL_LINE.match(line.strip().lstrip("-*• ").strip())
        if not match:
            return False
        key = _meta_key(match.group(1))
        value = match.group(2).strip()
        if key is None or not value or (key in _TIME_KEYS and not _is_time(value)):
            return False
        return reader.offer(key, value)

    for b in blocks:
        if isinstance(b, Table):
            if len(b.header) >= 2 and any(_meta_key(r[0]) for r in b.rows if r):
                reader.facts("", [b])
            else:
                add(b)
        elif isinstance(b, ListBlock):
            kept = [item for item in b.items if not meta_line(_text_of(item))]
            if kept:
                add(ListBlock(b.ordered, kept))
        elif isinstance(b, Paragraph):
            lines = b.text.split("\n")
            buffer: list[str] = []

            def flush(buffer: list[str] = buffer) -> None:
                if buffer:
                    add(Verbatim("\n".join(buffer)))
                    buffer.clear()

            for line in lines:
                if meta_line(line):
                    continue
                labelled = _LABEL_LINE.match(line.strip())
                if labelled and labelled.group(2).strip() and \
                        _section_kind(labelled.group(1)) != "other":
                    flush()
                    sections.append((labelled.group(1), []))
                    buffer.append(labelled.group(2).strip())
                    continue
                bare = _BARE_LABEL.match(line.strip())
                if bare and _section_kind(bare.group(1)) != "other" and (
                        line.strip().endswith(":") or len(lines) == 1):
                    flush()
                    sections.append((bare.group(1), []))
                    continue
                buffer.append(line)
            flush()
        else:
            add(b)
    return intro, sections


def _split_subsections(
    sections: list[tuple[str, list[Block]]]
) -> list[tuple[str, list[Block]]]:
    """Sub-headings that name a field of their own become sections ("Lessons learned" with
    "What went well" under it), except inside the analysis and the timeline."""
    out: list[tuple[str, list[Block]]] = []
    for heading, blocks in sections:
        kind = _section_kind(heading)
        current: tuple[str, list[Block]] = (heading, [])
        out.append(current)
        for b in blocks:
            if isinstance(b, Heading) and kind != "timeline":
                sub = _section_kind(b.text)
                if sub not in ("other", kind) and not (
                        kind in _ANALYSIS_KINDS and sub in _ANALYSIS_KINDS):
                    current = (b.text, [])
                    out.append(current)
                    continue
            current[1].append(b)
    return out


def _person(entry: str) -> tuple[str, str]:
    """``Jordan Lee, Incident Commander`` -> ("Jordan Lee", "Incident Commander")."""
    match = re.match(r"^\s*@?([^,(\n]+?)\s*(?:,|\(| - | — | – |$)\s*(.*?)\)?\s*$", entry, re.S)
    if not match:
        return entry.strip(), ""
    return match.group(1).strip(), match.group(2).strip()


def _well_or_lucky(reader: _Reader, heading: str, blocks: list[Block]) -> None:
    # Some templates put "Where we got lucky" as a sub-heading of "What went well".
    target = reader.pm.went_well
    chunk: list[Block] = []
    for b in blocks:
        if isinstance(b, Heading):
            target.extend(reader.items(chunk))
            chunk = []
            kind = _section_kind(b.text)
            target = {"lucky": reader.pm.lucky, "went_poorly": reader.pm.went_poorly}.get(
                kind, reader.pm.went_well)
        else:
            chunk.append(b)
    target.extend(reader.items(chunk))


def _apply_meta(reader: _Reader, fm: dict[str, Any], ours: bool, *, early: bool) -> None:
    """Set the post-mortem's facts: front matter wins over what the body said."""
    pm, meta = reader.pm, dict(reader.meta)
    for key, value in fm.items():
        known = _meta_key(str(key)) or (key if key in {
            "id", "title", "date", "severity", "status", "timezone", "incident_start",
            "detected", "acknowledged", "mitigated", "resolved", "meeting_at", "incident_lead",
            "facilitator", "participants", "services", "tags"} else None)
        if known:
            meta[known] = value
        elif not early and not ours and value not in (None, "", []):
            reader.pm.lessons.append(f"{key}: {_as_text(value)}")

    if early:
        tz = _as_text(meta.get("timezone"))
        if tz and tz != pm.timezone:
            try:
                zone(tz)
                pm.timezone = tz
            except TimeParseError:
                pass
        if reader.base is None and meta.get("date"):
            value = meta["date"]
            if isinstance(value, date):
                reader.base = value if not isinstance(value, datetime) else value.date()
            else:
                reader.base = _date_in(str(value)) or _due_or_none(str(value))
        for name in ("incident_start", "detected", "acknowledged", "mitigated", "resolved"):
            # The first fact that names a full date sets the day for bare times.
            if reader.base is None and meta.get(name):
                value = meta[name]
                if isinstance(value, datetime):
                    reader.base = value.date()
                elif _date_in(_as_text(value)):
                    read = reader.time(_as_text(value))
                    reader.base = read.date() if read else _date_in(_as_text(value))
        return

    extra: list[str] = []
    if "id" in meta:
        value = _as_text(meta["id"]).strip()
        if ID_PATTERN.match(value) or (ours and "id" in fm):
            pm.id = value
        elif value:
            extra.append(f"ID: {value}")
    if "title" in meta and (ours or not pm.title):
        pm.title = _as_text(meta["title"])
    if "severity" in meta:
        value = _as_text(meta["severity"])
        sev = Severity(value) if value in set(Severity) else _severity(value)
        if sev is not None:
            pm.severity = sev
        elif value:
            extra.append(f"Severity: {value}")
    elif not ours:
        # No severity field: a "SEV-2" written in the title or the summary.
        for text in (pm.title, pm.summary):
            match = re.search(r"\bsev(?:erity)?[\s:_-]*([1-5])\b", text, re.I)
            if match:
                pm.severity = Severity(f"SEV-{match.group(1)}")
                break
    if "status" in meta:
        value = _as_text(meta["status"])
        status = Status(value) if value in set(Status) else _status(value)
        if status is not None:
            pm.status = status
        elif value:
            extra.append(f"Status: {value}")
    for name in ("incident_start", "detected", "acknowledged", "mitigated", "resolved",
                 "meeting_at"):
        if name not in meta or meta[name] in (None, ""):
            continue
        value = meta[name]
        if isinstance(value, datetime):
            moment: datetime | None = value if value.tzinfo else value.replace(
                tzinfo=zone(pm.timezone))
        elif isinstance(value, date):
            moment = None
        else:
            text = _as_text(value)
            try:
                moment = datetime.fromisoformat(text) if ours and "T" in text else None
            except ValueError:
                moment = None
            moment = moment or reader.time(text)
        if moment is None:
            extra.append(f"{name.replace('_', ' ').capitalize()}: {_as_text(value)}")
        else:
            setattr(pm, name, moment.astimezone(zone(pm.timezone)))
    for name in ("incident_lead", "facilitator"):
        if name in meta:
            setattr(pm, name, _as_text(meta[name]))
    for name in ("participants", "services", "tags"):
        if name not in meta:
            continue
        value = meta[name]
        if isinstance(value, list):
            items = [_as_text(v) for v in value]
        elif ours:
            items = _as_text(value).split(ex.LIST_SEPARATOR) if value else []
        else:
            items = _split_names(_as_text(value)) if name == "participants" else _as_list(value)
        if name == "participants" and not ours:
            items = [i for i in items if i not in pm.participants]
            setattr(pm, name, [*pm.participants, *items] if "participants" not in fm else items)
        else:
            setattr(pm, name, items)
    for name in ("users_affected", "duration", "slo_breached", "revenue"):
        if name in meta:
            setattr(pm.impact, name, _as_text(meta[name]))
    pm.lessons.extend(extra)
