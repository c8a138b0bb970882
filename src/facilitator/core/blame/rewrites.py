"""Rewrites a facilitator can accept with one key: replacement text about the system.

A rewrite is offered only where a rule can write one without inventing anything: it reuses the
words of the flagged sentence ("who pushed this change?" -> "What in our process let this change
go out?") and otherwise says nothing (``None``). Each entry of ``REWRITERS`` belongs to one rule
id and receives the sentence, its masked copy and the flagged span within it; it returns the
replacement and the part of the sentence it replaces (often the whole sentence, because a
question about a person becomes a question about the system).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# rewrite text, start and end of the replaced part within the sentence
Rewrite = tuple[str, int, int]
Rewriter = Callable[[str, str, int, int], "Rewrite | None"]

# Base forms of the participles that follow "should have" in incident talk. A participle not
# listed gets no rewrite: a wrong verb form is worse than none.
_BASE = {
    "caught": "catch", "known": "know", "seen": "see", "done": "do", "run": "run",
    "taken": "take", "told": "tell", "written": "write", "built": "build", "kept": "keep",
    "found": "find", "spotted": "spot", "stopped": "stop", "split": "split", "set": "set",
    "put": "put", "read": "read", "sent": "send", "paged": "page", "noticed": "notice",
    "escalated": "escalate", "staged": "stage", "released": "release", "used": "use",
    "rolled": "roll", "checked": "check", "tested": "test", "reviewed": "review",
    "verified": "verify", "validated": "validate", "asked": "ask", "waited": "wait",
    "looked": "look", "monitored": "monitor", "alerted": "alert", "added": "add",
    "followed": "follow", "confirmed": "confirm", "called": "call", "flagged": "flag",
    "double-checked": "double-check", "load-tested": "load-test", "dry-run": "dry-run",
    "updated": "update", "documented": "document", "communicated": "communicate",
    "informed": "inform", "notified": "notify", "warned": "warn", "planned": "plan",
    "scaled": "scale", "drained": "drain", "restarted": "restart", "reverted": "revert",
    "paused": "pause", "failed": "fail", "deployed": "deploy", "merged": "merge",
    "canaried": "canary", "rehearsed": "rehearse", "practised": "practise",
    "practiced": "practice", "renewed": "renew", "rotated": "rotate", "detected": "detect",
    "investigated": "investigate", "reproduced": "reproduce", "measured": "measure",
    "backed": "back", "pinned": "pin", "locked": "lock", "blocked": "block",
    "limited": "limit", "throttled": "throttle", "split-tested": "split-test",
}
# Words after the verb that end the part we reuse: a clause of its own follows.
_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\b(?:but|because|since|although|though|so|and\s+"
                         r"(?:then|we|i|they|he|she))\b", re.IGNORECASE)
# "sooner" fits a short "catch this in review", not a rest that says when or how already.
_WHEN_WORDS = re.compile(r"\b(?:sooner|earlier|faster|quicker|before|after|when|if|while|until|"
                         r"once|within|during|with|by|using|in\s+time|right\s+away|immediately|"
                         r"at\s+once|first|minutes?|hours?)\b", re.IGNORECASE)
_SOONER_VERBS = frozenset((
    "catch", "notice", "spot", "detect", "find", "see", "escalate", "page", "alert", "flag",
    "call", "ask", "roll", "revert", "test", "check", "verify", "validate", "review",
    "double-check", "confirm", "investigate", "reproduce",
))
_END_MARKS = " \t\r\n.!?…"
_CHAT_TAIL = re.compile(r"(?:\s+(?:tbh|imo|imho|lol|honestly|tho|though|i\s+guess|i\s+think))+$",
                        re.IGNORECASE)
_LEAD = re.compile(r"^[\s>*_\-•+]*(?:\d+[.)]\s+)?(?:\[[ xX]\]\s+)?")


def _sentence_body(sentence: str) -> tuple[int, int]:
    """Where the words of ``sentence`` start and end (bullets and final marks left out)."""
    start = _LEAD.match(sentence).end()  # type: ignore[union-attr]
    end = len(sentence.rstrip(_END_MARKS))
    return start, max(start, end)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _whole_sentence(sentence: str, masked: str, start: int, end: int) -> tuple[int, int] | None:
    """The span from the flag to the end of the sentence, when the flag opens the sentence
    and nothing but one clause follows (else the rewrite would cut a thought in half)."""
    body_start, body_end = _sentence_body(sentence)
    if sentence[body_start:start].strip():
        return None
    if _CLAUSE_END.search(masked, end, body_end) or masked[start:body_end] != sentence[
        start:body_end
    ]:
        return None  # a second clause, or quoted words inside it
    end = len(sentence.rstrip())
    return body_start, end


# ------------------------------------------------------------------ who-questions

_WHO_VERB = re.compile(
    r"\bwho(?:['’]s|\s+is|\s+was)?\s+(?:just\s+|actually\s+|even\s+|exactly\s+|the\s+one\s+who\s+|"
    r"the\s+person\s+who\s+)?(?P<verb>pushed|merged|deployed|shipped|released|approved|"
    r"signed\s+off(?:\s+on)?|okayed|ok['’]?d|green-?lit|greenlit|broke|caused|changed|touched)"
    r"(?:\s+(?P<object>(?:this|that|the|it|these|those)(?:\s+[\w'’-]+){0,2}))?\s*[?!.…]*\s*$",
    re.IGNORECASE,
)
_SAFE_OBJECT = re.compile(
    r"^(?:this|that|the|these|those)\s+(?:[\w-]+\s+)?(?:change|changes|config|configuration|pr|"
    r"commit|commits|diff|patch|migration|release|deploy|deployment|build|flag|script|rule|"
    r"rules|query|fix|hotfix|update|upgrade|branch|version|image|chart|manifest|template)$",
    re.IGNORECASE,
)

# A lead-in before "who" ("so who pushed this?") is fine; other words are not.
_WHO_LEAD_IN = re.compile(r"(?:(?:so|ok|okay|and|but|wait|um|uh|hmm|right|sorry|hey|"
                          r"question|then|alright)[,:]?\s+)*", re.IGNORECASE)


def _who_question(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    span = _whole_sentence(sentence, masked, start, end)
    if span is None:
        return None
    match = _WHO_VERB.search(sentence, start)
    if match is None or not _WHO_LEAD_IN.fullmatch(sentence, start, match.start()):
        return None
    verb = match.group("verb").lower()
    obj = (match.group("object") or "").strip()
    if not obj or obj.lower() in ("this", "that", "it"):
        thing = "this change"
    elif _SAFE_OBJECT.match(obj):
        thing = obj[0].lower() + obj[1:] if not obj[:2].isupper() else obj
    else:
        return None
    if verb in ("pushed", "merged", "deployed", "shipped", "released"):
        text = f"What in our process let {thing} go out?"
    elif verb in ("broke", "caused"):
        text = f"What in our process made {thing} possible?" if verb == "caused" else (
            f"What made {thing} easy to break?")
    elif verb in ("changed", "touched"):
        text = f"What in our process let {thing} be changed without a check?"
    else:
        text = f"What in our review process let {thing} through?"
    return text, span[0], span[1]


# ------------------------------------------------------------------ whose fault

_WHOSE_IDEA = re.compile(r"^whose\s+(?:bright\s+)?(?:idea|call|decision)\s+was\s+it\s+to\s+"
                         r"(?P<rest>[a-z][\w'’ -]*?)\s*\?+\s*$", re.IGNORECASE)


def _whose_fault(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    body_start, body_end = _sentence_body(sentence)
    idea = _WHOSE_IDEA.match(sentence[start:].rstrip())
    if idea is not None and start == body_start and masked[start:] == sentence[start:]:
        rest = idea.group("rest")
        return f"What made it look right to {rest} then?", start, len(sentence.rstrip())
    if not sentence.rstrip().endswith("?") or sentence[body_start:start].strip(" ,") not in (
        "", "So", "so", "Ok", "ok", "OK", "And", "and"
    ):
        return None
    if _CLAUSE_END.search(masked, start, body_end):
        return None
    return "What conditions made this outcome likely?", body_start, len(sentence.rstrip())


# ------------------------------------------------------------------ why-you

_WHY = re.compile(
    r"^why\s+(?P<aux>did|didn['’]?t|did\s+not|would|wouldn['’]?t|would\s+not)\s+"
    r"(?P<who>you|he|she|they|[A-Z][\w'’-]+)\s+(?P<rest>[a-z][\w'’ -]*?)\s*\?+\s*$",
)

# The rest of the question already says when.
_WHEN_SAID = re.compile(r"\b(?:when|before|after|while|during|at)\b")


def _why_you(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    body_start, _ = _sentence_body(sentence)
    if start != body_start:
        return None
    match = _WHY.match(sentence[start:].rstrip() if sentence[start:start + 1] != "W" else
                       "w" + sentence[start + 1:].rstrip())
    if match is None or masked[start:] != sentence[start:]:
        return None
    rest = match.group("rest")
    first = rest.split()[0].lower()
    if first in ("even", "just", "really", "not", "ever", "never") or first.endswith("ed"):
        return None  # "why did you even ..." has no plain verb to reuse
    when = "" if _WHEN_SAID.search(rest) else " at the time"
    if match.group("aux").lower() in ("did", "would"):
        text = f"What made it look right to {rest}{when}?"
    else:
        text = f"What made it hard to {rest}{when}?"
    return text, start, len(sentence.rstrip())


# ------------------------------------------------------------------ human error

_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)


_HUMAN_ERROR = re.compile(r"^(?:(?:human|operator|personnel|engineer|individual|user|people)[\s-]+"
                          r"(?:error|mistake|failure)|people\s+problem)$", re.IGNORECASE)
_NAMED_AFTER = re.compile(r"\s+(?:on\s+the\s+part\s+of|by|from)\b", re.IGNORECASE)


def _human_error(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    if not _HUMAN_ERROR.match(sentence[start:end]) or _NAMED_AFTER.match(sentence, end):
        return None  # slang ("layer 8") reads badly replaced; "by the DBA" still names one
    before = _ARTICLE_BEFORE.search(sentence, 0, start)
    if before is not None and before.end() == start:
        start = before.start()
    text = "a gap in the process"
    if start == _sentence_body(sentence)[0]:
        text = _capital(text)
    return text, start, end


# ------------------------------------------------------------------ should have

# Within the flagged words, which end at the participle: "She should have caught".
_SHOULD = re.compile(
    r"\b(?:should|could)(?:\s+have|['’]ve|ve|\s+of)\s+"
    r"(?:(?:just|really|definitely|probably|also|at\s+least)\s+)*(?P<pp>[\w-]+)$",
    re.IGNORECASE,
)

_LEADING_THAT = re.compile(r"^that\s+", re.IGNORECASE)


def _should_have(person: str) -> Rewriter:
    """A hindsight sentence made a question: "we should have caught this in review" ->
    "What would have helped us catch this in review sooner?" ``person``: "us", "me" or ""
    (about someone else: the person is left out)."""

    def rewrite(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
        span = _whole_sentence(sentence, masked, start, end)
        if span is None:
            return None
        flagged = sentence[start:end]
        if flagged.lower().endswith(" better"):  # "should have known better"
            return "What would have made this clear at the time?", span[0], span[1]
        match = _SHOULD.search(flagged)
        if match is None:
            return None
        who = flagged[:match.start()].strip().lower()
        if who not in ("we", "i", "", "honestly", "tbh", "in hindsight") and person != "":
            return None
        participle = match.group("pp").lower()
        rest = _CHAT_TAIL.sub("", sentence[end:span[1]].strip().rstrip(".!…"))
        if participle == "known":
            if not rest or rest.lower().split()[0] == "better":
                return "What would have made this clear at the time?", span[0], span[1]
            rest = _LEADING_THAT.sub("", rest)
            return f"What would have made it clear earlier that {rest}?", span[0], span[1]
        base = _BASE.get(participle)
        if base is None:
            return None
        words = " ".join(w for w in (person, base, rest) if w)
        sooner = (base in _SOONER_VERBS and len(rest.split()) <= 3
                  and not _WHEN_WORDS.search(rest))
        return f"What would have helped {words}{' sooner' if sooner else ''}?", span[0], span[1]

    return rewrite


# ------------------------------------------------------------------ avoidable

_AVOIDABLE = re.compile(
    r"^(?P<what>this|it|that|(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:incident|outage|failure|breakage|"
    r"loss|downtime|issue))\s+(?:was|is)\s+(?:entirely\s+|totally\s+|completely\s+|clearly\s+|"
    r"100%\s+)?(?:avoidable|preventable)\s*[.!]*\s*$",
    re.IGNORECASE,
)


def _avoidable(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    body_start, _ = _sentence_body(sentence)
    match = _AVOIDABLE.match(sentence[body_start:].rstrip())
    if match is None:
        return None
    what = match.group("what")
    what = what[0].lower() + what[1:]
    if what in ("this", "it", "that"):
        what = "this"
    return f"What would have helped prevent {what}?", body_start, len(sentence.rstrip())


# ------------------------------------------------------------------ training

_TRAINING = re.compile(
    r"^(?P<who>[\w'’ .-]+?)\s+(?:needs?|requires?|should\s+get|must\s+get|to\s+get|"
    r"could\s+use)\s+(?P<topic>(?!(?:some|more|better|additional|extra|proper|further|formal|"
    r"a|an|the)\b)[\w-]+(?:\s+[\w-]+)?)\s+training\s*[.!]*\s*$",
    re.IGNORECASE,
)


def _training(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    body_start, _ = _sentence_body(sentence)
    match = _TRAINING.match(sentence[body_start:].rstrip())
    if match is None:
        return None
    topic = match.group("topic")
    return (f"Write a {topic} runbook that someone new to {topic} can follow",
            body_start, len(sentence.rstrip()))


# ------------------------------------------------------------------ remind to check

_REMIND = re.compile(
    r"^(?:remind|tell|ask)\s+(?:[\w'’-]+\s+){1,3}?to\s+(?:always\s+)?(?:double[- ]check|check|"
    r"verify|confirm)\s+(?P<object>(?:the|that\s+the)\s+[\w'’ -]+?)"
    r"(?P<when>\s+before\s+[\w'’ -]+?)?\s*[.!]*\s*$",
    re.IGNORECASE,
)


# Things people look at rather than values a check can test.
_LOOKED_AT = re.compile(r"\b(?:dashboards?|runbooks?|docs|documentation|logs?|channels?|wiki|"
                        r"pages?|alerts?|graphs?|emails?|tickets?|notes?|diff)\s*$", re.IGNORECASE)


def _remind_check(sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    body_start, _ = _sentence_body(sentence)
    match = _REMIND.match(sentence[body_start:].rstrip())
    if match is None:
        return None
    obj = match.group("object")
    if obj.lower().startswith("that ") or _LOOKED_AT.search(obj):
        return None  # "check that the flag is off" needs a real condition to automate
    when = match.group("when") or ""
    return (f"Add an automated check of {obj}{when}", body_start, len(sentence.rstrip()))


REWRITERS: dict[str, Rewriter] = {
    "blame-who-question": _who_question,
    "blame-whose-fault": _whose_fault,
    "blame-why-you": _why_you,
    "blame-human-error": _human_error,
    "blame-should-have": _should_have(""),
    "counterfactual-we-should-have": _should_have("us"),
    "counterfactual-bare-should-have": _should_have("us"),
    "self-should-have": _should_have("me"),
    "counterfactual-avoidable": _avoidable,
    "person-training": _training,
    "person-remind": _remind_check,
}


def rewrite(rule: str, sentence: str, masked: str, start: int, end: int) -> Rewrite | None:
    """The rewrite rule ``rule`` offers for the span ``start:end`` of ``sentence`` (offsets
    within the sentence), or None when it cannot write one safely."""
    rewriter = REWRITERS.get(rule)
    if rewriter is None:
        return None
    return rewriter(sentence, masked, start, end)
