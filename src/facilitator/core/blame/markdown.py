"""Check a Markdown post-mortem, keeping line and column in the original file.

The document is parsed with markdown-it-py; its token maps say which lines are prose. What is
not prose is blanked before the rules run (same length, same newlines, so every offset is the
original's): YAML front matter, fenced and indented code, blockquotes, HTML blocks, link
targets and inline HTML; inline code and quotes are masked as in plain text.

Action items: list items and table rows under a heading such as "Action items", "Follow-ups"
or "Next steps", and any line that is one bare imperative sentence ("Improve monitoring."),
get the action-item checks. In an action-item table whose header names the columns (owner,
due, success criterion), an empty or team owner, a missing date or a missing criterion is
flagged too; so is a list item that gives some of ``owner:``, ``due:`` and ``success:`` but
not all.

Ignore comments:

- ``<!-- facilitator-ignore -->`` on a line of its own: the next block (paragraph, heading,
  list item or whole table) is not checked. At the end of a line of text: that line.
- ``<!-- facilitator-ignore blame-judgment counterfactual -->``: the same, for those rules
  or categories only.
- ``<!-- facilitator-ignore-file -->`` anywhere: the whole file (with rule names: those
  rules in the whole file).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from facilitator.core.blame.action_items import ITEM_RULES_BY_ID, item_finding, owner_is_team
from facilitator.core.blame.engine import is_ignored, roster_words, run_rules, token_kind
from facilitator.core.blame.finding import Finding, LintContext
from facilitator.core.blame.lexicon import WORD_NAMES
from facilitator.core.blame.masking import blank, mask_quotes_and_code
from facilitator.core.blame.sentence_model import shipped as shipped_model

_IGNORE = re.compile(r"<!--\s*facilitator-ignore(?P<file>-file)?(?P<rules>(?:\s+[\w-]+)*)\s*-->")
_ACTION_HEADING = re.compile(
    r"^\W*(?:\d+[.)]?\s*)?(?:action\s+items?|actions|follow[- ]?ups?|follow[- ]up\s+actions|"
    r"next\s+steps|remediations?(?:\s+items)?|corrective\s+actions|to-?dos?|tasks)\b",
    re.IGNORECASE,
)
# First words of a bare imperative line: "Improve monitoring.", "Add a pool alert at 80%."
_IMPERATIVE_TEXT = (
    "improve add create fix investigate review update document automate implement ensure make "
    "monitor look set write remove migrate enable disable train remind schedule increase "
    "reduce build introduce move replace rotate audit check verify test configure define "
    "establish track raise lower limit alert route block require revisit harden clean follow "
    "be pay communicate prevent avoid do talk send tell ask coach educate teach mentor "
    "retrain dig better more"
)
_IMPERATIVES = frozenset(_IMPERATIVE_TEXT.split())
_LATIN_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_INNER_STOP = re.compile(r"[.!?]\s+\S")  # a full stop before the end of a line
_CELL_EDGE = re.compile(r"(?<!\\)\|")  # a table cell edge (an unescaped |)
_LINK_TARGET = re.compile(r"\]\(([^()\n]{0,500})\)")
_INLINE_HTML = re.compile(r"<[^>\n]{1,300}>")
_BLOCK_TYPES = ("paragraph_open", "heading_open", "list_item_open", "table_open")
_BLANKED_TYPES = ("fence", "code_block", "html_block", "blockquote_open")
# The token types lint_markdown looks at; the others (closing tokens, cells) are passed over.
_READ_TYPES = frozenset((
    *_BLOCK_TYPES, *_BLANKED_TYPES, "bullet_list_open", "ordered_list_open",
    "bullet_list_close", "ordered_list_close", "tr_open", "thead_open", "inline",
))

_OWNER_FIELD = re.compile(
    r"\b(?:owner|assignee|assigned\s+to)\s*[:=]\s*(?:\*\*|__)?\s*([^,;()\n|·*_]+)|"
    r"(?<!\w)@([\w.-]+)", re.I
)
# Where an inline owner ends, besides a comma or a bracket: the end of its sentence or the
# next field ("Owner: Grace Okafor. Due: 25 Oct.").
_OWNER_END = re.compile(
    r"\.(?:\s|$)|\s+(?:due|deadline|done\s+when|success|criteri(?:on|a)|measured\s+by|"
    r"verified\s+by)\b",
    re.I,
)
_DUE_FIELD = re.compile(
    r"\b(?:due|deadline|by)\s*[:=]?\s*(?:\*\*|__)?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\s+\w+)", re.I
)
# An item already done ("Owner: Grace Whitfield. Done 12 Mar."): no due date or criterion to ask.
_DONE_ON = re.compile(
    r"\bdone\s*(?:on\s*)?[:=]?\s*(?:\*\*|__)?\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]{3})", re.I
)
_CRITERION_FIELD = re.compile(
    r"\b(?:(?:success(?:\s+criteri(?:on|a))?|criteri(?:on|a)|measured\s+by|verified\s+by)"
    r"\s*[:=]|done\s+when\b)",
    re.I,
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# Fields of an item written in a row: "**Alert on zero endpoints** - Sofia Marchetti - 2025-02-21"
_FIELD_SEPARATOR = re.compile(r"\s+[-–—|]\s+|\s*[(),;]\s*")
# An item led by who owns it: "Leilani Kahale: set the editor's default format to v4".
_LEADING_OWNER = re.compile(
    r"(?:\*\*|__)?([A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,2})(?:\*\*|__)?\s*:\s"
)
_COLUMN_ROLES = (
    ("owner", re.compile(r"owner|assignee|who|responsible", re.I)),
    ("due", re.compile(r"due|deadline|date|when|by", re.I)),
    ("criterion", re.compile(r"success|criteri|done\s+when|measure|verif", re.I)),
    (
        "description",
        re.compile(
            r"action|item|task|what|description|change|follow|step|remediation|to-?do|fix", re.I
        ),
    ),
    ("id", re.compile(r"^\s*(?:id|#|no\.?|ref|number|key)\s*$", re.I)),
    ("status", re.compile(r"status|state|priority|kind|type|severity|link|ticket|tracker", re.I)),
)
# Block rules that cannot fire in a document without one of their marks: a fence needs three
# backticks or tildes, a quote ">", HTML "<", a link reference "]:", a table "|", and indented
# code four spaces or a tab (after a list marker too). markdown-it tries every rule at every
# line, and again at each line of a paragraph to see whether it ends there; leaving out the
# rules that cannot fire gives the same tokens in about two thirds of the time.
_RULE_MARKS = {
    "fence": ("```", "~~~"),
    "blockquote": (">",),
    "html_block": ("<",),
    "reference": ("]:",),
    "table": ("|",),
    "code": ("    ", "\t"),
}


@lru_cache(maxsize=64)  # one per set of unused rules: 2**6
def _parser(unused: frozenset[str]) -> MarkdownIt:
    """A block parser without the ``unused`` rules. Only block structure is needed (inline
    tokens keep their raw content), so the inline parser is off: it would double the time."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return parser.disable(["inline", "text_join", *sorted(unused)])


def block_tokens(source: str) -> list[Token]:
    """The block tokens of a Markdown ``source`` as ``lint_markdown`` reads them (markdown-it's
    block parse, inline content left raw)."""
    unused = frozenset(
        rule for rule, marks in _RULE_MARKS.items() if not any(mark in source for mark in marks)
    )
    return _parser(unused).parse(source)


def _front_matter_lines(lines: list[str]) -> int:
    """How many lines at the top are YAML front matter (0 if none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0


def _is_bare_imperative(line: str) -> bool:
    # The first word settles most lines: the words are counted only after it passes.
    first = _LATIN_WORD.search(line)
    if first is None:
        return False
    word = first.group()
    if word.lower() not in _IMPERATIVES or not word[0].isupper():
        return False
    if len(_LATIN_WORD.findall(line)) > 25:
        return False
    # One sentence only: no full stop before the end.
    return not _INNER_STOP.search(line.strip())


def _cells(line: str, line_start: int) -> list[tuple[str, int, int]]:
    """The cells of a table row: (text, start, end) with offsets into the document."""
    body = line.rstrip("\n")
    edges = [m.start() for m in _CELL_EDGE.finditer(body)]
    stripped = body.strip()
    start = 0
    if stripped.startswith("|"):
        start = edges[0] + 1
        edges = edges[1:]
    if stripped.endswith("|") and edges:
        edges = edges[:-1]
        tail = body.rindex("|")
    else:
        tail = len(body)
    cells = []
    for edge in [*edges, tail]:
        raw = body[start:edge]
        lead = len(raw) - len(raw.lstrip())
        value = raw.strip()
        cells.append((value, line_start + start + lead, line_start + start + lead + len(value)))
        start = edge + 1
    return cells


def lint_markdown(text: str, context: LintContext | None = None) -> list[Finding]:
    """Check a Markdown document; findings carry offsets, lines and columns of ``text``."""
    context = context or LintContext()
    disabled = set(context.disabled)
    for match in _IGNORE.finditer(text):
        if match.group("file"):
            rules = match.group("rules").split()
            if not rules:
                return []
            disabled.update(rules)
    context = replace(context, disabled=frozenset(disabled))
    read = _read(text)
    findings = run_rules(text, read.masked, context, action_spans=read.action_spans,
                         ignored=read.ignored)
    findings.extend(_item_findings(text, read.lines, read.offsets, read.item_checks, context,
                                   read.ignored))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def checked_text(text: str) -> str:
    """What the checker reads of a Markdown document: ``text`` with front matter, code,
    quotes, HTML and link targets blanked (same length, so offsets hold)."""
    return _read(text).masked


@dataclass(frozen=True)
class _Read:
    masked: str
    lines: list[str]
    offsets: list[int]
    action_spans: list[tuple[int, int]]
    ignored: list[tuple[int, int, frozenset[str] | None]]
    item_checks: list[tuple[str, int, int]]


def _read(text: str) -> _Read:
    """The parts of a Markdown document the checks need, from one markdown-it parse."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    masked_lines = list(lines)
    for i in range(_front_matter_lines(lines)):
        masked_lines[i] = blank(lines[i])
    tokens = block_tokens("\n".join(masked_lines))

    def blank_lines(first: int, last: int) -> None:
        for i in range(first, min(last, len(lines))):
            masked_lines[i] = blank(lines[i])

    action_lines: set[int] = set()
    continues: set[int] = set()
    blocks: list[tuple[int, int]] = []
    item_checks: list[tuple[str, int, int]] = []  # (kind, first line, last line)
    section_level = 0  # heading level of the current action section
    in_action = False
    list_depth = 0
    for index, token in enumerate(tokens):
        kind = token.type
        if kind not in _READ_TYPES:
            continue
        if kind in _BLOCK_TYPES and token.map:
            blocks.append((token.map[0], token.map[1]))
        if kind in _BLANKED_TYPES and token.map:
            blank_lines(*token.map)
        elif kind == "heading_open":
            level = int(token.tag[1:])
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            if in_action and level <= section_level:
                in_action = False
            if _ACTION_HEADING.match(title):
                in_action, section_level = True, level
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "list_item_open" and token.map:
            first, last = token.map
            content = _inline_after(tokens, index)
            if in_action or _is_bare_imperative(content):
                action_lines.update(range(first, last))
                if in_action and list_depth == 1:
                    item_checks.append(("list", first, last))
        elif kind == "tr_open" and token.map and in_action:
            action_lines.update(range(*token.map))
        elif kind == "thead_open" and token.map:
            # Column headers are labels ("Follow-up", "Action"), not prose.
            blank_lines(*token.map)
        elif kind == "table_open" and token.map and in_action:
            item_checks.append(("table", token.map[0], token.map[1]))
            _keep_only_action_cells(lines, masked_lines, token.map[0], token.map[1])
        elif kind == "paragraph_open" and token.map and list_depth == 0:
            first, last = token.map
            if last - first == 1 and _is_bare_imperative(lines[first]):
                action_lines.add(first)
        elif kind == "inline" and token.map and tokens[index - 1].type == "paragraph_open":
            # Soft-wrapped lines of one paragraph read as one text: their newline is a space.
            first, last = token.map
            continues.update(range(first, last - 1))
    parts: list[str] = []
    for i, masked_line in enumerate(masked_lines):
        if i:
            parts.append(" " if i - 1 in continues else "\n")
        parts.append(masked_line)
    masked = "".join(parts)
    masked = _LINK_TARGET.sub(lambda m: "](" + blank(m.group(1)) + ")", masked)
    masked = _INLINE_HTML.sub(lambda m: blank(m.group(0)), masked)
    masked = mask_quotes_and_code(masked)

    return _Read(masked, lines, offsets, _merge_lines(sorted(action_lines), offsets, lines),
                 _ignored_ranges(text, lines, offsets, blocks), item_checks)


def _table_roles(header: str) -> dict[str, int]:
    """Column index of each role (owner, due, criterion, description) named in a header."""
    roles: dict[str, int] = {}
    for column, (name, _, _) in enumerate(_cells(header, 0)):
        for role, pattern in _COLUMN_ROLES:
            if role not in roles and pattern.search(name):
                roles[role] = column
                break
    return roles


def _keep_only_action_cells(
    lines: list[str], masked_lines: list[str], first: int, last: int
) -> None:
    """In an action-item table only the action's own words are checked: its kind ("prevent
    recurrence"), status or owner cells would read as vague imperatives."""
    roles = _table_roles(lines[first])
    keep = roles.get("description", -1)
    if keep < 0:  # no column says "action": take the first one that is not metadata
        columns = len(_cells(lines[first], 0))
        keep = next((c for c in range(columns) if c not in roles.values()), 0)
    for row in range(first + 2, min(last, len(lines))):
        masked = list(masked_lines[row])
        for column, (_, start, end) in enumerate(_cells(lines[row], 0)):
            if column != keep:
                masked[start:end] = [" "] * (end - start)
        masked_lines[row] = "".join(masked)


def _inline_after(tokens: list[Token], index: int) -> str:
    for token in tokens[index + 1 : index + 4]:
        if token.type == "inline":
            return token.content
    return ""


def _merge_lines(
    line_numbers: list[int], offsets: list[int], lines: list[str]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for i in line_numbers:
        start, end = offsets[i], offsets[i] + len(lines[i])
        if spans and spans[-1][1] + 1 >= start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _ignored_ranges(
    text: str, lines: list[str], offsets: list[int], blocks: list[tuple[int, int]]
) -> list[tuple[int, int, frozenset[str] | None]]:
    ranges: list[tuple[int, int, frozenset[str] | None]] = []
    block_starts = sorted(set(blocks))
    for match in _IGNORE.finditer(text):
        if match.group("file"):
            continue
        rules = frozenset(match.group("rules").split()) or None
        line = bisect_right(offsets, match.start()) - 1
        rest = _IGNORE.sub("", lines[line]).strip()
        if rest:
            first, last = line, line + 1
        else:
            following = [b for b in block_starts if b[0] > line]
            if not following:
                continue
            first = following[0][0]
            # the outermost block starting on that line (a table rather than its first row)
            last = max(b[1] for b in following if b[0] == first)
        end_line = min(last, len(lines)) - 1
        ranges.append((offsets[first], offsets[end_line] + len(lines[end_line]), rules))
    return ranges


def _names_a_person(phrase: str, roster: Sequence[str]) -> bool:
    """Whether a short phrase is a person's name: a known or roster name, or words shaped
    like a name that are not words ("Fix", "Next Steps" are labels), maybe with a name that
    is also a word ("Mark Jensen")."""
    tokens = phrase.split()
    if not 1 <= len(tokens) <= 3:
        return False
    model = shipped_model()
    words = model.words if model else frozenset()
    known = roster_words(tuple(roster))
    kinds = [token_kind(token, known, False, words) for token in tokens]
    people = [kind in ("person", "unknown") for kind in kinds]
    return any(people) and all(
        is_person or token.lower() in WORD_NAMES
        for is_person, token in zip(people, tokens, strict=True))


def _item_owner(body: str, lead: int, field: re.Match[str] | None,
                roster: Sequence[str]) -> tuple[str, int] | None:
    """An action item's owner and where it starts in ``body``, from an owner field
    (``field``, the search of ``_OWNER_FIELD``: "Owner: Ana Lima", "@ana"), a name or team
    leading the item ("Ana Lima: add ..."), or a name among fields in a row
    ("... - Ana Lima - 2026-03-01 - ...")."""
    if field:
        group = 1 if field.group(1) else 2
        owner = _OWNER_END.split(field.group(group), maxsplit=1)[0].rstrip()
        return owner, field.start(group)
    leading = _LEADING_OWNER.match(body, lead)
    if leading and (owner_is_team(leading.group(1), roster)
                    or _names_a_person(leading.group(1), roster)):
        return leading.group(1), leading.start(1)
    for part in _FIELD_SEPARATOR.split(body[lead:])[1:]:
        name = part.strip(" *_")
        if _names_a_person(name, roster):
            return name, body.index(name, lead)
    return None


def _cell(roles: dict[str, int], cells: list[tuple[str, int, int]], role: str) -> str | None:
    """The text of a row's cell for ``role``; None when the table has no such column."""
    column = roles.get(role)
    if column is None:
        return None
    return cells[column][0] if column < len(cells) else ""


def _item_findings(
    text: str,
    lines: list[str],
    offsets: list[int],
    item_checks: list[tuple[str, int, int]],
    context: LintContext,
    ignored: list[tuple[int, int, frozenset[str] | None]],
) -> list[Finding]:
    """Owner / due / criterion checks for action items whose fields can be read."""
    findings: list[Finding] = []

    def add(rule_id: str, start: int, end: int) -> None:
        rule = ITEM_RULES_BY_ID[rule_id]
        if rule.id in context.disabled or rule.category in context.disabled:
            return
        if is_ignored(ignored, start, rule.id, rule.category):
            return
        # Every span given here lies within one line (a cell, an item's first line).
        line = bisect_right(offsets, start) - 1
        finding = item_finding(rule, text[start:end], start, end, line + 1,
                               start - offsets[line] + 1, item=lines[line].strip())
        if finding.fingerprint not in context.dismissed:
            findings.append(finding)

    for kind, first, last in item_checks:
        if kind == "table":
            roles = _table_roles(lines[first])
            if "owner" not in roles and "due" not in roles and "criterion" not in roles:
                continue
            for row in range(first + 2, min(last, len(lines))):
                cells = _cells(lines[row], offsets[row])
                if not cells or not any(c[0] for c in cells):
                    continue
                described = cells[roles.get("description", 0)] if cells else None
                anchor = described or cells[0]

                owner = _cell(roles, cells, "owner")
                if owner is not None:
                    if not owner.strip("-– "):
                        add("item-no-owner", anchor[1], anchor[2])
                    elif owner_is_team(owner, context.roster):
                        column = roles["owner"]
                        add("item-team-owner", cells[column][1], cells[column][2])
                due = _cell(roles, cells, "due")
                if due is not None and not due.strip("-– "):
                    add("item-no-due-date", anchor[1], anchor[2])
                criterion = _cell(roles, cells, "criterion")
                if criterion is not None and not criterion.strip("-– "):
                    add("item-no-success-criterion", anchor[1], anchor[2])
        else:
            start = offsets[first]
            end_line = min(last, len(lines)) - 1
            end = offsets[end_line] + len(lines[end_line])
            body = text[start:end]
            # a bare date in an item is its due date ("... - Kofi Boateng - 2025-02-18 - ...")
            due_match = _DUE_FIELD.search(body) or _ISO_DATE.search(body)
            criterion_match = _CRITERION_FIELD.search(body)
            owner_field = _OWNER_FIELD.search(body)
            if not (owner_field or due_match or criterion_match):
                continue  # a plain bullet: nothing to read the fields from
            lead = len(body) - len(body.lstrip(" -*+0123456789.)[]xX"))
            item_start, item_end = start + lead, offsets[first] + len(lines[first])
            named = _item_owner(body, lead, owner_field, context.roster)
            if named is None:
                add("item-no-owner", item_start, item_end)
            elif owner_is_team(named[0], context.roster):
                add("item-team-owner", start + named[1], start + named[1] + len(named[0]))
            if _DONE_ON.search(body):
                continue
            if due_match is None:
                add("item-no-due-date", item_start, item_end)
            if criterion_match is None:
                add("item-no-success-criterion", item_start, item_end)
    return findings
