"""The kind of event a timeline line describes, guessed from its words.

A line can arrive without a kind: pasted from a chat log, read from an imported Markdown
post-mortem, typed with no kind chosen. All of them are guessed here, from one table, so the
same line gets the same kind whichever way it came in. The kinds matter beyond the timeline:
the archive's time to detect and time to mitigate are read from the first detection and
mitigation events.
"""

from __future__ import annotations

import re

from facilitator.core.model import EventKind

# First match wins; the order settles lines that say several things ("rolled back, posted
# status"). Each pattern is searched for in the whole line, ignoring case.
_KIND_WORDS: list[tuple[EventKind, re.Pattern[str]]] = [
    (EventKind.COMMUNICATION, re.compile(
        r"\b(status ?page|posted (?:a |the )?(?:status|update)|status update|update posted|"
        r"notified (?:customers|support|stakeholders)|customer comms?|announc(?:ed|ement)|"
        r"emailed|tweeted|communicated|incident (?:channel|bridge) (?:opened|created)|comms)\b",
        re.I)),
    (EventKind.DECISION, re.compile(
        r"\b(decided|decision|chose|we(?:'ll| will) (?:roll|fail|revert|restart|wait)|let'?s|"
        r"agreed|going to (?:roll|fail|revert|restart|wait)|call(?:ed)? it)\b", re.I)),
    (EventKind.RESOLUTION, re.compile(
        r"\b(resolved|resolution|all clear|fully recovered|back to normal|"
        r"(?:incident|the incident was) closed|clos(?:ed|ing) (?:the )?incident|recovered|"
        r"error rates? (?:is |are )?(?:back )?normal)\b", re.I)),
    (EventKind.MITIGATION, re.compile(
        r"\b(roll(?:ed|ing)? ?back|rollback|revert(?:ed|ing)?|fail(?:ed|ing)? ?over|failover|"
        r"mitigat\w*|restor(?:ed|ing)|restart(?:ed|ing)?|scal(?:ed|ing) (?:up|out)|"
        r"disabled? (?:the )?(?:feature )?flag|flag (?:turned )?off|drain(?:ed|ing)|"
        r"rate.?limit(?:ed|ing)? |shed(?:ding)? load|errors? (?:dropping|recovering))\b", re.I)),
    (EventKind.ALERT, re.compile(
        r"\b(alert\w*|firing|fired|triggered|pages?|paged|paging|pagerduty|opsgenie|"
        r"threshold|on-?call)\b", re.I)),
    (EventKind.DETECTION, re.compile(
        r"\b(noticed|reported|reports?|report(?:s|ing) of|detected|spotted|discovered|"
        r"identified|ticket|seeing (?:errors|5\d\d|timeouts)|"
        r"customers? (?:are |were )?(?:seeing|reporting|complaining)|spike|elevated)\b", re.I)),
    (EventKind.ACTION, re.compile(
        r"\b(investigat\w*|looking (?:into|at)|checking|ran|running|deploy(?:ed|ing)?|"
        r"applied|merged|pushed|acked|acknowledged|joined|bumped|increased|added|"
        r"escalat\w*|opened|started|began|scaled)\b", re.I)),
]


def guess_kind(text: str) -> EventKind:
    """The event kind the words of ``text`` suggest; ``other`` when nothing fits."""
    for kind, pattern in _KIND_WORDS:
        if pattern.search(text):
            return kind
    return EventKind.OTHER
