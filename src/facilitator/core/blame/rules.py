"""The blame-language rules, as a table.

Each rule is data: an id, a category, a severity, regular expressions that find a phrase,
exceptions that clear it, who the phrase must be about, a message saying why it is flagged and
a rewrite aimed at the system. The engine (``engine.py``) runs every rule the same way, so a
rule can be read, tested and switched off on its own (``disabled`` in ``facilitator.toml``).

Patterns are case-insensitive. Macros in angle brackets (``<PP>``, ``<LEAD>`` ...) are
expanded from ``MACROS`` before compiling.

Who a phrase is about (``subject``) is decided by the engine from the words just before the
match, in the same clause: ``person`` (a pronoun, a role such as "the DBA", a known name or a
roster name), ``unknown`` (a capitalised word it does not know), ``other`` (a lower-case noun
it does not know), ``none`` (nothing before the phrase), ``system`` ("the job", "the alert"),
``self`` ("I") and ``we``. ``who`` does the same for a named group inside the match.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.core.blame.lexicon import IRREGULAR_PARTICIPLES

PERSON = frozenset({"person"})
NAMED = frozenset({"person", "unknown"})
# Anyone but a system or the speaker: for phrases that only ever describe people.
AGENT = frozenset({"person", "unknown", "other", "none"})
AGENT_OR_WE = AGENT | {"we"}
SELF = frozenset({"self"})
SELF_OR_WE = frozenset({"self", "we"})
NOT_PEOPLE = frozenset({"system", "other", "none", "unknown"})

MACROS = {
    # a past participle: "should have <rolled back>", not "should have <a gate>"
    # a past participle, maybe compound: "load tested", "double-checked", "re-run"
    "<PP>": r"(?:(?:load|smoke|unit|dry|double|triple|re|pre|stress|canary|sanity|spot|cross|"
    r"hand|integration|regression|fact|sense)[- ])?"
    r"(?!(?:need|feed|speed|seed|bed|red|shed|breed)\b)(?:" + IRREGULAR_PARTICIPLES
    + r"|[a-z]+ed)\b",
    "<ADV>": r"(?:(?:just|really|honestly|definitely|clearly|obviously|probably|simply|totally|"
    r"completely|easily|also|then|all|never|so|even|actually|absolutely|certainly|surely|"
    r"only|at\s+least|at\s+the\s+very\s+least|likely)\s+)*",
    "<HAVE>": r"(?:\s*['’]?ve|\s+have|\s+of)",
    # what may open an action line: a bullet, a number, a checkbox, a label, a modal lead-in
    # (the runs of a number, a mention and a label's words are possessive, ++: what follows
    # each cannot start inside it, so giving characters back could never help a match)
    "<LEAD>": r"[\s>*_\-•+]*(?:\d++[.)]\s+)?(?:\[[ xX]\]\s+)?(?:@[\w.-]++[,:]?\s+)?"
    r"(?:(?:action(?:\s+item)?|ai|todo|to-?do|next\s+steps?|follow[- ]?up|task|fix|"
    r"remediation)\s*[:\-–]\s*)?"
    r"(?:[\w'’-]++(?:\s+[\w'’-]++)?\s*:\s+)?"
    r"(?:(?:can|could)\s+(?:someone|somebody|we|you)\s+(?:please\s+|pls\s+)?)?"
    r"(?:(?:someone|somebody)\s+(?:pls|please|plz)\s+)?(?:(?:we\s+)?need\s+(?:to\s+)?)?"
    r"(?:(?:we|you|they|the\s+team|team|someone|somebody|ops|engineering|i|management|"
    r"leadership|the\s+manager|managers|the\s+(?:team\s+)?lead)\s+(?:pls\s+|please\s+)?"
    r"(?:need\s+to|needs\s+to|should|must|will|have\s+to|has\s+to|ought\s+to|are\s+going\s+to|"
    r"['’]re\s+going\s+to|gonna|want\s+to|can|could|shall)\s+)?"
    r"(?:please\s+|pls\s+|plz\s+|let['’]?s\s+|let\s+us\s+|also\s+|then\s+|just\s+)?",
    "<END>": r"(?:\s+(?:further|more|better|going\s+forward|in\s+general|overall|"
    r"across\s+the\s+board|everywhere|again|asap|as\s+needed|where\s+(?:possible|needed)|"
    r"if\s+needed|as\s+appropriate|closely|carefully|properly|soon|next\s+time|"
    r"moving\s+forward|in\s+the\s+future|for\s+the\s+future|around\s+(?:this|it|here)|"
    r"i\s+guess|i\s+think|i\s+suppose|imo|tbh|maybe|probably|or\s+something|lol|etc|"
    r"during\s+(?:major\s+|future\s+|all\s+|large\s+|big\s+)?(?:incidents|outages|on-?call|"
    r"releases|deploys|escalations)|in\s+this\s+area|on\s+this|before\s+(?:release|releases|deploys?|"
    r"deployments?|shipping|launch|go-live|merging)|(?:in|on|for)\s+(?:prod|production|staging)|"
    r"with\s+(?:the\s+)?[\w-]+(?:\s+teams?)?(?=[\s.!;]*$)|more\s+(?:often|frequently|"
    r"regularly)|regularly|often|"
    r"(?:of|for|on|in|into|around|across|with)\s+"
    r"(?:the|our|this|that|all|these|each)\s+(?:[\w-]+\s+){0,2}(?:service|services|system|systems|"
    r"process|processes|procedures?|pipelines?|"
    r"platform|stack|app|application|team|teams|area|part|component|infra|infrastructure|"
    r"codebase|repo|incidents?|cases?|things|future|risks?|issues?|problems?)))*"
    r"(?:\s+(?:on|for|of|around|in)\s+[\w-]+)?[\s.!;]*$",
    "<VAGUE_NOUN>": r"(?:monitoring|alerting|alerts?|observability|logging|logs|metrics|"
    r"dashboards?|tests?|testing|test\s+coverage|coverage|documentation|docs|runbooks?|"
    r"process(?:es)?|procedures?|communications?|comms|reliability|resilience|stability|"
    r"performance|robustness|quality|code\s+quality|visibility|infrastructure|infra|"
    r"architecture|systems?|config(?:uration)?s?|security|tooling|checks|validation|"
    r"error\s+handling|on-?call|handoffs?|handovers?|it|this|that|things|everything|"
    r"root\s+causes?|issues?|problems?|bugs?|errors?|timeouts?|failures?|incident|outage|"
    r"situation|code|mess|experience|culture|ownership|hygiene|practices?|workflows?|collaboration|"
    r"awareness|knowledge|understanding|readiness|posture|paging|governance|platform|stack|"
    r"environment|setup|toil|noise|alert\s+fatigue|tech(?:nical)?\s+debt|complexity|risk|"
    r"(?:[\w-]+\s+){1,2}(?:thing|things|stuff)|"
    r"(?:[\w-]+\s+){1,2}(?:process|processes|procedures?|runbooks?|docs|documentation|config|"
    r"configuration|architecture|monitoring|alerting|tests|testing|coverage|issue|issues|"
    r"problem|problems|bug|bugs|errors?|timeouts?|failures?|logging|observability|pipeline|"
    r"reviews?|dashboards?|alerts|handling|communication|checks|experience|culture|ownership|"
    r"hygiene|practices|workflows?|awareness|readiness|capabilit(?:y|ies)|management|controls|"
    r"governance|safeguards|measures|thresholds|settings|limits|strategy|approach|setup|"
    r"resilience|reliability|stability|robustness|"
    r"visibility|communications?|quality|security|performance|posture|paging))",
    "<DET>": r"(?:(?:the|our|all|some|more|better|additional|extra|proper|existing|overall|"
    r"current|general|any|further|stronger|improved|enhanced|new)\s+)*",
    # the modal lead of a behaviour: "must", "needs to", "will", "to" ("Ask Kemal to ...")
    "<MODAL>": r"\b(?:must|should|needs?\s+to|has\s+to|have\s+to|ought\s+to|will\s+need\s+to|"
    r"(?:is|are)\s+(?:expected|required|asked)\s+to|shall|to|will|['’]ll|promised\s+to|agreed\s+to)\s+"
    r"(?:all\s+|always\s+|now\s+|really\s+|just\s+)?",
    "<WHO>": r"(?P<who>(?:the\s+|a\s+|an\s+|our\s+|their\s+|that\s+|this\s+|all\s+|every\s+|"
    r"each\s+|new\s+|one\s+of\s+(?:the|our)\s+|some\s+)?(?:[\w'’-]+\s+){0,2}[\w'’-]+)",
    "<NEG_BEFORE>": r"(?:\bnot|n['’]t|\bnever|\bno\s+one|\bnobody|\bwithout|\binstead\s+of|"
    r"\brather\s+than|\bthan|\bneither|\bnor|\bno)\W+(?:[\w'’-]+\W+){0,2}$",
}

_JUDGMENT = (
    r"\b(?:careless(?:ly|ness)?|sloppy|cut(?:ting)?\s+corners|yolo['’]?(?:e?d|ing)|"
    r"despite\s+(?:having\s+been|being)\s+(?:told|warned|reminded|asked|informed)|sloppi(?:ly|ness)|lazy|laziness|negligen(?:t|ce|tly)|"
    r"reckless(?:ly|ness)?|incompeten(?:t|ce)|clueless|irresponsib(?:le|ly|ility)|inattentive|"
    r"stupid(?:ity)?|dumb|idiot(?:ic|s)?|moron(?:ic|s)?|boneheaded|amateurish|half-assed|"
    r"inexcusable|unprofessional|asleep\s+at\s+the\s+wheel|rookie\s+(?:mistake|error|move)|"
    r"(?:wasn['’]?t|was\s+not|weren['’]?t|were\s+not|not|isn['’]?t|aren['’]?t)\s+paying\s+attention|"
    r"(?:didn['’]?t|did\s+not)\s+pay\s+attention|dropped\s+the\s+ball|screwed\s+up|messed\s+up|"
    r"botched|blew\s+it|(?:bad|poor|questionable)\s+judg(?:e)?ment|rubber[- ]?stamp(?:ed|ing)?|"
    r"fat[- ]?finger(?:ed|ing)?|cowboy(?:ed|ing)?|went\s+rogue|jumped\s+the\s+gun|"
    r"(?:wasn['’]?t|was\s+not|weren['’]?t|were\s+not)\s+thinking|panicked|freaked\s+out|"
    r"(?:had|if)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:had\s+)?been\s+(?:paying\s+attention|"
    r"(?:more\s+)?careful|awake|alert)|"
    r"screwed\s+(?:\w+\s+)?over|(?:behaviou?r|conduct|attitude)\s+of\s+(?:the\s+)?[\w-]+"
    r"(?:\s+[\w-]+)?\s+(?:was|is)\s+(?:unacceptable|poor|unprofessional|inappropriate)|"
    r"(?:didn['’]?t|did\s+not|don['’]?t|doesn['’]?t)\s+do\s+(?:his|her|their|your|my|the|its)\s+job|"
    r"(?:wasn['’]?t|was\s+not|weren['’]?t|were\s+not)\s+(?:being\s+)?careful|"
    r"lack\s+of\s+(?:care|attention|diligence|discipline|competence|judg(?:e)?ment|effort|"
    r"focus|professionalism|common\s+sense))\b"
)


@dataclass(frozen=True)
class Rule:
    """One blame-language rule. See the module docstring for the fields' meaning."""

    id: str
    category: str
    severity: str
    patterns: tuple[str, ...]
    message: str
    suggestion: str
    # Words that must occur in the text for the rule to run at all (a cheap prefilter).
    triggers: str
    # Searched in the whole sentence: a hit clears the finding.
    exceptions: tuple[str, ...] = ()
    # Searched in the text just before / matched at the text just after the phrase.
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    # Who the clause before the phrase must be (None: anyone).
    subject: frozenset[str] | None = None
    # Who the ``who`` group inside the phrase must include (None: no check).
    who: frozenset[str] | None = None
    # The pattern must match from the start of a sentence (imperatives, inversions).
    anchored: bool = False
    # "any": everywhere; "action": only in text known to be an action item.
    scope: str = "any"


# A reason given after the phrase that is not the person's own state ("because staging was
# down", not "because I was rushing") makes the sentence an account of what happened.
_SYSTEM_REASON_AFTER = (
    r"[^.;!?]*?\b(?:because|since)\s+(?!(?:i|i['’]\w+|im|my|me|we|he|she|they|you)\b)|"
    r"[^.;!?]*?\bas\s+(?:the|it|there|nothing|no|our|its|that)\b"
)
_QUESTION = r"^\W*(?:what|which|how|where|when|who)\b[^?]*\?\s*$"
_CF_MSG = (
    "Counterfactual: it describes a timeline that did not happen instead of what happened "
    "and why it made sense at the time."
)
_CF_FIX = (
    "Describe what was known then and which signals were or were not there; if the "
    "alternative is worth having, make it an action item."
)
_SELF_MSG = (
    "Self-blame: the speaker takes the fault on themselves, which ends the look at what "
    "made the slip easy."
)
_SELF_FIX = (
    "Say what happened and what made it likely, e.g. 'the script defaults to production and "
    "I ran it without the dry-run flag'."
)
_PERSON_MSG = (
    "Action aimed at a person's behaviour or knowledge: it fixes one person, and the next "
    "one will meet the same trap."
)
_PERSON_FIX = (
    "Change the system instead: a check, a guard rail, a runbook or an automation, e.g. "
    "'add a region confirmation to the deploy script'."
)
_VAGUE_MSG = "Vague action item: nobody can tell what to do or when it is done."
_VAGUE_FIX = (
    "Name the change, where it goes and how you will know it is done, e.g. 'alert when "
    "pool usage exceeds 80% for 5 minutes; owner Ana; due 2026-05-01'."
)

RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- blame
    Rule(
        id="blame-judgment",
        category="blame",
        severity="warning",
        patterns=(_JUDGMENT,),
        message="Judges a person's character or care; people defend themselves instead of "
        "explaining what they saw.",
        suggestion="Describe what made the action easy to get wrong: what did the tool, the "
        "process or the time pressure allow?",
        triggers="careless carelessly carelessness sloppy sloppily sloppiness lazy laziness "
        "negligent negligence negligently reckless recklessly recklessness incompetent "
        "incompetence clueless irresponsible irresponsibly irresponsibility inattentive "
        "stupid stupidity dumb idiot idiotic idiots moron moronic morons boneheaded "
        "amateurish assed inexcusable cut cutting corners yolo yolod yoloed yoloing despite "
        "unprofessional asleep rookie paying pay dropped "
        "screwed messed botched blew judgment judgement careful lack rubber stamped rubberstamped "
        "fat fingered fatfingered cowboy cowboyed rogue jumped thinking job panicked freaked "
        "behaviour behavior conduct attitude awake alert",
        before=(
            "<NEG_BEFORE>",
            # reported or rejected questions: "asks why they were careless"
            r"\b(?:asks?|asking|asked|wonder(?:s|ing|ed)?|questions?|not)\s+(?:why|whether|if)\b"
            r"[^.]*$",
        ),
        after=(
            r"^\s+(?:of|on)\s+me\b",
            r"^\s+(?:[\w-]+\s+)?on\s+(?:my|our)\s+(?:own\s+)?part\b",
            r"^\s*-?\s*(?:load\w*|evaluat\w*|init\w*|terminal|pipe|client|proxy|mode)\b",
            r"^-(?:looking|seeming|sounding)\b",
        ),
        # A judgment of anyone's work counts ("it was sloppy work"), except the speaker's own.
        subject=AGENT | {"system"},
        # but not a figure of speech about what a program does ("the code is careless about
        # threads")
        exceptions=(
            r"\b(?:code|script|scripts|job|jobs|function|functions|library|handler|loop|"
            r"parser|client|daemon|worker|workers|cache|service|query|regex|timer|cron|"
            r"importer|exporter|wrapper|retry|retries|logic|check|api|sdk|driver)\s+"
            r"(?:is|was|are|were|gets|got|seems|seemed|looks|looked)\s+(?:\w+\s+)?"
            r"(?:careless|sloppy|lazy|negligent|reckless)\s+(?:about|with|in|when)\b",
        ),
    ),
    Rule(
        id="blame-human-error",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:human|operator|personnel|engineer|people|individual|user)[\s-]+"
            r"(?:error|mistake|failure)\b|\bpebkac\b|\bpebcak\b|\bid-?10-?t\b|\blayer\s*8\b|"
            r"\bpeople\s+problem\b",
        ),
        message="'Human error' as a cause names a person and stops the inquiry where it "
        "should begin.",
        suggestion="Ask what made the error possible and its impact large, e.g. 'the console "
        "ran a destructive command without a confirmation step'.",
        triggers="human operator personnel engineer people individual user pebkac pebcak "
        "id10t layer layer8",
        before=("<NEG_BEFORE>", r"\b(?:beyond|past|avoid|avoiding|stop\s+at)\W+$"),
        after=(
            r"^\s*(?:budgets?|rates?|messages?|pages?|counts?|codes?|handling|logs?|reporting|"
            r"paths?|dialogs?|toasts?|states?|responses?|s\b)",
        ),
    ),
    Rule(
        id="blame-failed-to",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:failed|neglected|refused|omitted)\s+to\b",
            r"(?P<who>\b(?:[\w'’-]+\s+){0,2}?[\w'’-]+)['’]s?\s+(?:failure|refusal|neglect|"
            r"inability|unwillingness)\s+to\b",
            r"\bfailure\s+(?:on\s+the\s+part\s+)?of\s+<WHO>\s+to\b",
        ),
        message="Says a person failed at a task; that judges the person and hides the "
        "conditions they worked in.",
        suggestion="Say what happened and what made the step easy to miss, e.g. 'the "
        "escalation step is not in the checklist the pager shows'.",
        triggers="failed neglected refused omitted failure refusal neglect inability unwillingness",
        subject=PERSON,
        who=PERSON,
        # failing to reach someone or something is circumstance, not judgment
        after=(r"\s+(?:reach|contact|connect|get\s+through|log\s*in|reproduce|locate)\b",),
    ),
    Rule(
        id="blame-did-not-bother",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:didn['’]?t|did\s+not|never|couldn['’]?t|could\s+not|wouldn['’]?t|won['’]?t)\s+"
            r"(?:even\s+)?(?:bother|bothered)\b|\bcouldn['’]?t\s+be\s+bothered\b|"
            r"\bforgot\b|\bforgotten\s+to\b|\bbothered\s+to\b|\bcared\s+enough\s+to\b|"
            r"\b(?:nobody|no\s+one|noone)\s+(?:even\s+)?(?:thought|remembered)\s+to\b",
            r"\b(?:nobody|no\s+one|noone)\s+(?:even\s+|actually\s+|ever\s+)?(?:read|reads|checked|"
            r"checks|tested|tests|looked\s+at|looks\s+at|reviewed|reviews|followed|follows|"
            r"bothered|bothers|cares|cared)\b",
            r"\bforgets?\s+to\b",
        ),
        message="Says a person did not care or forgot; that is a judgment, and memory is "
        "not a control.",
        suggestion="Ask what would have reminded anyone at that moment: a checklist, an "
        "automated step, a warning in the tool?",
        triggers="bother bothered forgot forgotten cared nobody noone forget forgets",
        subject=AGENT,
        before=(r"\bnot\W+$", r"n['’]?t\W+$"),
    ),
    Rule(
        id="blame-ignored",
        category="blame",
        severity="warning",
        patterns=(r"\b(?:ignored|overlooked|disregarded|brushed\s+off|ignores|overlooks|"
                  r"disregards)\b",),
        message="Says a person ignored a signal, which assumes it was clear at the time.",
        suggestion="Ask what made the signal easy to miss, e.g. 'the alert looked like the "
        "usual noisy one and had no runbook link'.",
        triggers="ignored overlooked disregarded brushed ignores overlooks disregards",
        subject=NAMED,
        before=(r"\b(?:not|never|n['’]t)\W+$",),
    ),
    Rule(
        # "missed" and "skipped" also describe systems ("Checkout skipped the retry"), so an
        # unknown capitalised word does not count as a person here.
        id="blame-missed",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:dismissed|skipped|missed|bypassed|circumvented)\b",
            r"\b(?:has\s+a\s+habit\s+of|keeps|kept|always|constantly|routinely|habitually)\s+"
            r"(?:skipping|ignoring|forgetting|breaking|bypassing|missing|skips|ignores|forgets|"
            r"breaks|bypasses|misses)\b",
            r"\b(?:is|are|was|were)\s+always\s+the\s+ones?\s+(?:who\s+)?(?:breaks?|breaking|"
            r"causing|causes|pushing|forgetting|missing|skipping)\b",
        ),
        message="Says a person ignored or missed something, which assumes it was clear at "
        "the time.",
        suggestion="Ask what made the signal easy to miss, e.g. 'the alert looked like the "
        "usual noisy one and had no runbook link'.",
        triggers="dismissed skipped missed bypassed circumvented habit keeps kept always "
        "constantly routinely habitually",
        subject=PERSON,
        before=(r"\b(?:not|never|n['’]t)\W+$",),
        after=(r"\s+(?:nothing|none|no\b|anything)",),
    ),
    Rule(
        id="blame-did-not",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:didn['’]?t|did\s+not|never|doesn['’]?t|does\s+not|don['’]?t|do\s+not)\s+"
            r"(?:even\s+|properly\s+|actually\s+|bother\s+to\s+|care\s+to\s+)?"
            r"(?:check|test|follow|read|verify|review|look\s+at|notice|escalate|validate|"
            r"ask|tell|communicate|inform|notify|update|respond|double-check|think|"
            r"consider|listen|pay\s+attention|care|run\s+the|confirm|warn|wait|adhere|comply|"
            r"stick\s+to|obey|respect|perform|carry\s+out|conduct|consult|heed|acknowledge|"
            r"double[- ]check|answer|pick\s+up|reply|show\s+up|react|"
            r"take\s+(?:a|the|any)\s+(?:backup|snapshot|precautions?))\b",
            r"\b(?:never|rarely|seldom)\s+(?:even\s+|actually\s+)?(?:reads|checks|tests|looks\s+at|"
            r"follows|answers|acks|acknowledges|reviews|responds\s+to|verifies)\b",
            r"\bnever\s+(?:even\s+|actually\s+|once\s+)?(?:tested|checked|reviewed|verified|"
            r"validated|looked\s+at|followed|read|double-checked|confirmed|asked)\b",
            r"\b(?:is|are|was|were|['’]s|['’]re)\s+not\s+(?:even\s+|really\s+|always\s+)?"
            r"(?:checking|testing|reading|following|verifying|reviewing|looking\s+at|watching|"
            r"paying\s+attention|escalating|listening|communicating)\b",
        ),
        message="Lists what a person did not do as a fault; hindsight shows the step, the "
        "moment did not.",
        suggestion="Ask what the process asked for at that point, e.g. 'the deploy checklist "
        "has no region check'.",
        triggers="didn did doesn does don do never rarely seldom checking testing reading "
        "following verifying reviewing looking watching paying escalating listening communicating",
        subject=NAMED,
        after=(_SYSTEM_REASON_AFTER,),
    ),
    Rule(
        id="blame-should-have",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:should|shouldn['’]?t|should\s+not|should\s+never|ought\s+to|"
            r"oughtn['’]?t\s+to)<HAVE>\s+<ADV><PP>",
            r"\b(?:should|ought\s+to)\s+(?:have\s+)?know(?:n)?\s+better\b",
        ),
        message="Hindsight about a person: it says what they should have done with "
        "knowledge they did not have then.",
        suggestion="Ask what they knew at the time and what would have made the other choice "
        "the obvious one.",
        triggers="should ought shouldn oughtn",
        subject=NAMED,
        # "should have been able to see the lag" is about tooling, not about the person
        after=(r"\s+able\s+to\b",),
    ),
    Rule(
        id="blame-too-slow",
        category="blame",
        severity="warning",
        patterns=(
            r"\btook\s+(?:way\s+|far\s+|much\s+|a\s+lot\s+)?too\s+long\b|"
            r"\b(?:was|were)\s+(?:way\s+|far\s+|too\s+)?(?:slow|late)\s+to\s+(?:respond|react|"
            r"escalate|acknowledge|ack|notice|join|answer|roll\s*back)\b|"
            r"\b(?:responded|reacted|escalated|acted)\s+(?:way\s+|far\s+)?too\s+(?:slowly|late)\b|"
            r"\bsat\s+on\s+(?:the|it|this|that|an?|his|her|their)\b(?:\s+[\w-]+){0,2}?\s*"
            r"(?:escalation|page|ticket|alert|pr|review|request|issue|fix|report|it|this|that)s?\b",
        ),
        message="Judges a person's speed; a slow response usually has causes in paging, "
        "tooling or handover.",
        suggestion="Describe the delay and what caused it, e.g. 'the page went to a schedule "
        "with one person covering three services'.",
        triggers="took slow late slowly sat",
        subject=PERSON,
    ),
    Rule(
        id="blame-caused",
        category="blame",
        severity="warning",
        patterns=(
            r"\bbroke\s+(?:the\s+)?(?:build|prod|production|site|checkout|everything|it|things|"
            r"staging|main|master|deploy|release|pipeline)\b",
            r"\b(?:deployed|pushed|shipped|merged|released|committed|rolled\s+out)\s+"
            r"(?:[\w-]+\s+)?(?:broken|bad|buggy|untested|unreviewed|faulty|half-baked)\b(?!\s+"
            r"(?:detect|check|guard|gate))",
            r"\bcaused\s+(?:the|this|an|that)\s+(?:[\w-]+\s+)?(?:outage|incident|failure|"
            r"problem|data\s+loss|downtime|mess|breakage|disaster)\b",
            r"\b(?:ran|deployed|merged|pushed|shipped|applied|executed|changed|deleted|approved|"
            r"signed\s+off|decided|went\s+ahead|released|modified|done|did|made|performed|"
            r"copy-pasted|pasted|copied|typed|used|"
            r"running|deploying|merging|pushing|shipping|applying|changing|deleting|making|"
            r"doing|releasing|restarted|restarting)\b"
            r"(?:\s+[\w'’-]+){0,6}?\s+without\s+(?:first\s+|even\s+)?(?:(?:adequate|proper|"
            r"sufficient|enough|due|any|much)\s+(?:scrutiny|review|testing|care|checks?|thought|"
            r"consideration|diligence|verification|validation|oversight)|(?:a\s+)?second\s+thought|"
            r"thinking\s+twice|understanding|testing|checking|"
            r"reviewing|reading|asking|telling|verifying|looking|thinking|a\s+review|review|"
            r"approval|any\s+review|permission|notifying|informing|consulting|a\s+dry[- ]run|"
            r"a\s+backup|a\s+rollback\s+plan)\b",
            r"\blet\s+(?:this|it|that|the\s+[\w-]+|[\w-]+)\s+(?:slip|get|go|sail)\s+"
            r"(?:through|out|by|past)\b",
            r"\b(?:deleted|dropped|wiped|removed|ran|pushed|deployed|merged|applied|changed|"
            r"killed|restarted|truncated|overwrote|disabled|shut\s+down)\b(?:\s+[\w'’-]+){0,5}?"
            r"\s+(?:by\s+(?:mistake|accident)|accidentally|mistakenly)\b",
            r"\b(?:accidentally|mistakenly|carelessly)\s+(?:deleted|dropped|wiped|removed|ran|"
            r"pushed|deployed|merged|applied|changed|killed|restarted|truncated|overwrote|"
            r"disabled|shut\s+down)\b",
            r"\b(?:approved|merged|deployed|pushed|shipped|applied|executed|run|released|"
            r"reviewed|signed\s+off|done|made|performed|carried\s+out|started|initiated)\s+by\s+(?:(?:mr|ms|mrs|dr)\.?\s+)?<WHO>\s+(?:without|despite)\b",
            r"\b(?:dropped|deleted|ran|deployed|restarted|killed|picked|chose|edited|changed|"
            r"modified|pushed|merged|applied|targeted|touched|used|rolled\s+back|failed\s+over)\s+"
            r"the\s+wrong\b",
            r"\b(?:signed\s+off|approved|merged|deployed|shipped|released|pushed)\b(?:\s+[\w'’-]+)"
            r"{0,4}?\s+despite\b",
            r"\b(?:decided|chose|went\s+ahead)\s+(?:on\s+(?:his|her|their)\s+own|unilaterally)\b",
            r"\bgot\s+(?:it|this|that|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:all\s+|completely\s+|badly\s+)?"
            r"wrong\b",
            r"\bmade\s+(?:a|an)\s+(?:total\s+|complete\s+|real\s+|right\s+|absolute\s+)?(?:mess|hash|"
            r"disaster)\s+of\b",
            r"\bagainst\s+(?:every|all|the|our|explicit|clear|standing)\s+(?:[\w-]+\s+)?(?:guidelines?|"
            r"polic(?:y|ies)|advice|rules?|runbooks?|procedures?|instructions|recommendations?)\b",
            r"\b(?:pushed|deployed|merged|shipped|committed)\s+(?:it\s+|this\s+|that\s+)?"
            r"(?:straight|directly)\s+(?:in)?to\s+(?:prod|production|main|master)\b",
            r"\b(?:was|were)\s+supposed\s+to\s+[\w-]+(?:\s+[\w'’-]+){0,5}?\s*,?\s+(?:and|but)\s+"
            r"(?:didn['’]?t|did\s+not|never\s+did|forgot|never)\b",
            r"\b(?:chose|decided|opted|elected)\s+to\s+(?:do\s+nothing|ignore\s+(?:it|them|the)|"
            r"sit\s+on\s+it|wait\s+it\s+out|look\s+the\s+other\s+way)\b",
            r"\b(?:chose|decided|opted|elected)\s+(?:not\s+to|to\s+ignore|to\s+skip|to\s+bypass)\b"
            r"(?=[^.;]*\bdespite\b)",
            r"\b(?:caused\s+by|due\s+to|because\s+of|result(?:ed|s|ing)?\s+(?:of|from)|"
            r"consequences?\s+of|attributable\s+to|traced\s+(?:back\s+)?to|stemm(?:ed|s)\s+from|"
            r"precipitated\s+by|triggered\s+by)\s+<WHO>['’]s?\s+(?:own\s+)?(?:[\w-]+\s+)?"
            r"(?:decision|choice|actions?|mistake|error|oversight|failure|negligence|carelessness|"
            r"lapse|inaction|modification|misconfiguration|haste|inattention)\b",
            r"\bmade\s+(?:it|things|the\s+outage|the\s+incident|matters|everything)\s+(?:much\s+|"
            r"even\s+|a\s+lot\s+)?worse\b",
            r"\b(?:is|was|were|are)\s+(?:solely\s+|directly\s+|fully\s+|entirely\s+)?"
            r"responsible\s+for\s+(?:the|this|that)\s+(?:[\w-]+\s+)?(?:outage|incident|"
            r"failure|mess|breakage|data\s+loss|downtime)\b",
        ),
        message="Makes a person the cause of the incident.",
        suggestion="Name the path that let the change through, e.g. 'the pipeline allowed "
        "an untested change to reach production'.",
        triggers="broke deployed pushed shipped merged released committed rolled caused ran "
        "applied executed changed deleted let mistake accident accidentally mistakenly "
        "responsible worse approved signed decided went modified wrong despite unilaterally "
        "chose opted elected due because result resulted results resulting consequence done did "
        "made performed running deploying merging pushing shipping applying changing deleting "
        "making doing releasing restarted restarting carried started initiated nothing ignore "
        "against straight directly supposed wrong mess hash disaster copy pasted copied typed "
        "used "
        "consequences attributable traced stemmed stems precipitated triggered",
        subject=NAMED,
        who=NAMED,
    ),
    Rule(
        id="blame-mistake",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:made|make|makes|did)\s+(?:a|an|the|another|one|some|several|two|many)\s+"
            r"(?:[\w-]+\s+)?"
            r"(?:mistakes?|errors?|blunders?|bad\s+calls?|wrong\s+calls?|poor\s+(?:call|decision|"
            r"choice)s?|bad\s+(?:decision|choice)s?)\b",
        ),
        message="Attributes the incident to a person's mistake.",
        suggestion="Describe the decision and its context: what did the person see, and what "
        "did the system allow?",
        triggers="made make makes did",
        subject=PERSON,
    ),
    Rule(
        id="blame-fault",
        category="blame",
        severity="warning",
        patterns=(
            # "Kemal's fault": the owner is read as the subject just before the "'s"
            r"(?<=\w)(?:['’]s|s?['’])\s+(?:own\s+)?(?:fault|mistake|error|screw-?up|"
            r"blunder|carelessness|negligence|sloppiness|oversight|incompetence)\b",
            r"\b(?:the\s+)?fault\s+of\s+<WHO>",
            r"\b(?:blamed|blaming)\s+(?:it\s+on\s+|on\s+)?(?!(?:if|when|because|for|as|and|or)\b)"
            r"<WHO>",
            r"\b(?:i|we|they|you|he|she|people|will|would|should|must|can|could|let['’]s|to)\s+"
            r"(?:\w+\s+)?blame\s+(?:it\s+on\s+)?(?!(?:if|when|because|for|as|and|or)\b)<WHO>",
            r"\b(?:is|was|are|were)\s+(?:\w+\s+)?(?:to\s+blame|at\s+fault)\b",
            r"\bbe\s+held\s+(?:personally\s+)?(?:accountable|responsible)\b",
            r"\b(?:be|get|got|been|was|were)\s+(?:fired|sacked|let\s+go|disciplined|written\s+up|"
            r"punished|reprimanded)\b",
            r"\b(?:is|was)\s+(?:the\s+)?(?:reason|cause)\s+(?:for\s+|of\s+)?(?:the|this|that|we|it)\s+"
            r"(?:outage|incident|went\s+down|failure|broke|downtime|failed)\b",
            r"\bon\s+(?P<who>[\w-]+)['’]s\s+watch\b",
            r"\b(?:it|this)\s+(?:was|is)\s+(?P<who>[\w-]+(?:\s+[\w-]+)?)['’]s\s+(?:[\w-]+\s+)?"
            r"(?:change|mistake|error|decision|commit|push|deploy|call|script|pr|fault|typo)\s+"
            r"(?:that|which)\b",
            r"\b(?:responsibility|accountability|fault)\s+(?:for\s+(?:[\w-]+\s+){1,4}?)?"
            r"(?:lies|rests|falls|sits|lay|rested|fell)\s+(?:squarely\s+|solely\s+|entirely\s+|"
            r"firmly\s+)?(?:with|on)\s+<WHO>",
            r"\b(?:that['’]s|that\s+is|that\s+was|this\s+is|this\s+was|it['’]s|it\s+is|"
            r"it\s+was)\s+(?:all\s+|totally\s+|entirely\s+|squarely\s+)?on\s+"
            r"(?P<who>him|her|them|you|(?:the\s+)?[\w-]+)\b(?!\s+to\b)",
            r"\b(?:outage|incident|failure|breakage|mess)\s+(?:is|was|['’]s)\s+(?:all\s+|totally\s+|"
            r"entirely\s+|squarely\s+)?on\s+(?P<who>(?:the\s+)?(?:[\w-]+\s+){0,2}[\w-]+)"
            r"(?=\s*(?:[.,;!?]|$))",
        ),
        message="Assigns fault to a person.",
        suggestion="Describe the conditions that made the outcome likely: what did the "
        "process, the tooling or the schedule allow?",
        triggers="fault faults mistake error screwup screw blunder carelessness negligence "
        "sloppiness oversight incompetence blame blamed blaming on fault held fired sacked "
        "let disciplined written punished reprimanded reason cause watch responsibility "
        "accountability change mistake error decision commit push deploy call script pr typo",
        who=NAMED,
        before=(
            "<NEG_BEFORE>",
            r"\b(?:without|avoid|avoiding|not\s+about)\W+$",
            r"\b(?:easy|tempting|natural|instinct|tendency|urge|temptation|reflex)\s+(?:is\s+)?"
            r"(?:to\s+)?(?:\w+\s+)?$",
        ),
        exceptions=(r"\b(?:nobody|no\s+one|no-one|noone|not\s+anyone)['’]s\s+fault",),
    ),
    Rule(
        id="blame-passive",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:was|were|got|been|being)\s+(?:\w+ly\s+)?(?:ignored|overlooked|missed|caused|"
            r"broken|skipped|forgotten|botched|messed\s+up|screwed\s+up|mishandled|neglected|"
            r"wiped)\s+by\s+<WHO>",
        ),
        message="Passive phrasing that still points at a person.",
        suggestion="Name the condition instead of the person: what allowed it, and why did "
        "nothing stop it?",
        triggers="mistakes ignored overlooked missed caused broken skipped forgotten botched "
        "messed screwed mishandled neglected wiped",
        who=PERSON,
    ),
    Rule(
        id="blame-mistakes-were-made",
        category="blame",
        severity="warning",
        patterns=(r"\bmistakes\s+were\s+made\b",),
        message="'Mistakes were made' hides who decided what and why, and still frames the "
        "event as someone's error.",
        suggestion="Describe the decisions and the conditions around them, e.g. 'the cutover "
        "plan had no step to verify the replica'.",
        triggers="mistakes",
    ),
    Rule(
        id="blame-who-question",
        category="blame",
        severity="warning",
        patterns=(
            r"<LEAD>(?:(?:so|ok|okay|and|but|wait|honestly|seriously|um|uh|hmm|lol|right|"
            r"sorry|hey|guys|folks|question|then|alright)[,:]?\s+)*who(?:['’]s|\s+is|\s+was)?\s+"
            r"(?:just\s+|actually\s+|even\s+|exactly\s+|the\s+one\s+who\s+|the\s+person\s+who\s+)?"
            r"(?:pushed|merged|approved|deployed|shipped|broke|wrote\s+(?:this|that)|"
            r"changed\s+(?:this|that|the)|signed\s+off|okayed|ok['’]?d|green-?lit|greenlit|let|"
            r"allowed|did\s+(?:this|that)|caused|forgot|missed|ignored|screwed|messed|dropped|"
            r"touched|made\s+(?:the|this|that)\s+(?:call|change|decision)|decided|"
            r"thought\s+(?:this|that|it)|at\s+fault|responsible\s+for\s+(?:this|that|the\s+"
            r"(?:outage|incident|mess|bug|breakage))|supposed\s+to|"
            r"(?:ran|did|changed|deployed|pushed|ran)\s+(?:[\w'’-]+\s+){0,5}?without)\b",
        ),
        message="A who-question looks for someone to blame rather than for how it happened.",
        suggestion="Ask about the system instead: 'what in our deploy process let this change "
        "through?'",
        triggers="who",
        anchored=True,
    ),
    Rule(
        id="blame-whose-fault",
        category="blame",
        severity="warning",
        patterns=(
            r"\bwhose\s+(?:bright\s+)?(?:fault|idea|mistake|call|decision|screw-?up|"
            r"change\s+(?:broke|caused))\b",
            r"\bwho(?:['’]s|\s+is|\s+was)\s+(?:to\s+blame|at\s+fault)\b",
            r"\bblame\s+(?:lies|rests|falls|sits)\s+(?:squarely\s+)?(?:with|on)\b",
        ),
        message="Asks whose fault it was, which looks for someone to blame.",
        suggestion="Ask which conditions made the outcome likely, and what would make it "
        "less likely next time.",
        triggers="whose who blame",
    ),
    Rule(
        id="blame-why-you",
        category="blame",
        severity="warning",
        patterns=(
            r"\bwhy\s+(?:the\s+hell\s+|on\s+earth\s+|exactly\s+|again\s+)?(?:did|didn['’]?t|did\s+not|would|wouldn['’]?t|do|don['’]?t|"
            r"does|doesn['’]?t|was|wasn['’]?t|were|weren['’]?t|couldn['’]?t|could|hadn['’]?t|"
            r"haven['’]?t|hasn['’]?t|had|have|has)\s+(?P<who>(?:the\s+|our\s+|that\s+|this\s+)?"
            r"[\w'’-]+(?:\s+[\w'’-]+)?)",
            r"\bwhat\s+(?:the\s+hell\s+)?(?:were|was)\s+(?P<who>you|they|he|she|[\w-]+)\s+"
            r"thinking\b",
            r"\bhow\s+(?:could|can|did|do|does)\s+(?P<who>you|he|she|they|(?:the\s+)?[\w-]+)\s+"
            r"(?:not|miss|forget|ignore|let|possibly|be\s+so|skip)\b",
            r"\bhow\s+(?:could|can|did|do|does|come|is\s+it\s+that)\s+"
            r"(?P<who>nobody|no\s+one|no-one|noone)\b",
        ),
        message="A why-you question puts a person on the defensive.",
        suggestion="Ask what they saw and what made sense then, e.g. 'what did the dashboard "
        "show when the restart was chosen?'",
        triggers="why what how",
        who=PERSON,
        exceptions=(
            r"\bwhy\s+do\s+(?:you|they|we)\s+think\b",
            # passive: the person is what happened to ("why were they evicted?", "why
            # wasn't she paged?"), not who acted
            r"\bwhy\s+(?:was|were|wasn['’]?t|weren['’]?t)\s+(?:the\s+)?[\w'’-]+\s+"
            r"(?:not\s+|never\s+|ever\s+|all\s+)?(?!(?:prepared|allowed|bothered|"
            r"distracted|interested|concerned|convinced|surprised|confused)\b)<PP>",
        ),
    ),
    Rule(
        id="blame-competence",
        category="blame",
        severity="warning",
        patterns=(
            r"\b(?:doesn['’]?t|does\s+not|didn['’]?t|did\s+not|don['’]?t|do\s+not)\s+"
            r"(?:even\s+|really\s+)?(?:know\s+what\s+(?:he|she|they|you|i|we)\s+"
            r"(?:was|were|are|is|am)\s+doing|(?:understand|know|get)\s+(?:how\s+[\w-]+\s+works?|"
            r"the\s+basics|anything|the\s+first\s+thing))\b",
            r"\b(?:had|has|have)\s+no\s+(?:clue|idea)\s+what\s+(?:he|she|they|you)\s+"
            r"(?:was|were|is|are)\s+doing\b|"
            r"\btoo\s+(?:junior|inexperienced|green)\b|\binexperienced\b|\bunqualified\b|"
            r"\bnot\s+qualified\b|\bhalf\s+a\s+brain\b|"
            r"\b(?:wasn['’]?t|isn['’]?t|was\s+not|is\s+not|aren['’]?t|weren['’]?t|not)\s+"
            r"(?:competent|skilled|experienced|capable|good)\s+enough\b|"
            r"\b(?:wasn['’]?t|isn['’]?t|was\s+not|is\s+not|aren['’]?t|weren['’]?t)\s+"
            r"(?:competent|qualified|skilled|experienced|capable)\s+(?:enough\s+)?(?:to|for)\b",
            r"\bshould\s+not\s+have\s+had\s+(?:prod|production|admin|root)\s+access\b",
        ),
        message="Questions a person's competence; the gap is in what the system teaches, "
        "checks or hands over.",
        suggestion="Describe the knowledge gap as a system gap, e.g. 'our guide does not "
        "explain the library's transaction behaviour'.",
        triggers="know understand get junior inexperienced green unqualified qualified brain "
        "access competent skilled experienced capable good clue idea",
        subject=AGENT,
        before=(r"\b(?:not|never)\W+$",),
    ),
    # ---------------------------------------------------------------- self_blame
    Rule(
        id="self-fault",
        category="self_blame",
        severity="warning",
        patterns=(
            r"\b(?:my|our)\s+(?:own\s+)?(?:fault|bad|mistake|error|screw-?up|blunder|oversight|"
            r"carelessness|sloppiness|negligence|stupidity)\b",
            r"\bmea\s+culpa\b|\bguilty\s+as\s+charged\b|\bkick(?:ing|ed)?\s+myself\b",
            r"\bi\s+(?:really\s+|deeply\s+|truly\s+)?regret\s+(?:it|that|this|not|doing|pushing|"
            r"merging|deploying|running|rushing)\b",
            r"\bi\s+(?:really\s+|totally\s+)?let\s+(?:everyone|everybody|you\s+all|you\s+guys|"
            r"the\s+team|you|y['’]all|them|the\s+side)\s+down\b",
            r"\bi\s+(?:was|am|['’]m)\s+the\s+one\s+who\s+(?:broke|caused|pushed|messed|screwed|"
            r"forgot|missed|deployed|approved|merged|ran|deleted|dropped)\b",
            r"\bi\s+(?:goofed|blundered)\b",
            r"\b(?:i['’]?m|i\s+am|i\s+was|i\s+feel\s+like)\s+(?:such\s+|a\s+total\s+|a\s+complete\s+)?"
            r"(?:an?\s+)?(?:idiot|moron|fool|clown|dumbass)\b",
            r"\bi\s+hold\s+myself\s+(?:\w+\s+)?(?:responsible|accountable)\b",
            r"\bi\s+own\s+(?:this|that)(?:\s+one)?\s*(?:[.!,;]|$)",
            r"\b(?:(?:mistake|fault|error|blame|screw-?up|oversight)\s+(?:is|was|['’]s)\s+"
            r"(?:all\s+|entirely\s+|totally\s+)?mine|(?:mistake|error|oversight|lapse|failure)"
            r"\s+on\s+my\s+(?:own\s+)?part|(?:dumb|stupid|silly|bad|careless|sloppy|poor|rookie|"
            r"wrong)\s+(?:move|call|decision|thing|choice)\s+on\s+my\s+(?:own\s+)?part|"
            r"(?:is|was|['’]s)\s+(?:all\s+|entirely\s+|totally\s+|"
            r"completely\s+|largely\s+)?my\s+(?:own\s+)?doing)\b",
            r"(?:['’]s|\bis|\bwas|\bwere|\bare|\bthats|\bits)\s+(?:all\s+|totally\s+|entirely\s+|squarely\s+|"
            r"really\s+|completely\s+|100%\s+)?on\s+(?:me|us)\b(?!\s+(?:to|for)\b)",
            r"\b(?:i|we)\s+(?:(?:must|have\s+to|need\s+to|will|want\s+to|should)\s+)?"
            r"(?:take|accept|own|bear)\s+(?:the\s+|full\s+|all\s+(?:the\s+)?|"
            r"complete\s+)?(?:personal\s+)?(?:blame|responsibility|fault)\b",
            r"\bblame\s+(?:myself|ourselves|me)\b",
            r"\bi(?:['’]m|\s+am)\s+(?:the\s+one\s+)?to\s+blame\b",
            r"\bi\s+<ADV>(?:feel|felt)\s+(?:so\s+|really\s+|pretty\s+)?(?:terrible|awful|horrible|bad|"
            r"stupid|dumb|guilty|responsible)\b",
            r"\b(?:stupid|dumb|silly|careless|sloppy|foolish|idiotic)\s+(?:of|on)\s+me\b",
        ),
        message=_SELF_MSG,
        suggestion=_SELF_FIX,
        triggers="my our mea me us take accept own bear blame myself ourselves feel one goofed "
        "blundered hold idiot moron fool clown mine part doing thats let guilty kicking kicked "
        "regret "
        "kick",
        before=(r"\b(?:not|n['’]t|never)\W+$",),
        after=(
            r"^\s*(?:rates?|budgets?|handling|logs?|messages?|counts?|codes?|pages?|tracking|"
            r"reporting|spikes?|paths?|class(?:es)?|types?)\b",
        ),
    ),
    Rule(
        id="self-should-have",
        category="self_blame",
        severity="warning",
        patterns=(
            r"\bi\s+<ADV>(?:should|shouldn['’]?t|should\s+not|ought\s+to|could)<HAVE>\s+<ADV><PP>",
            r"\bi\s+(?:should|ought\s+to)\s+(?:have\s+)?know(?:n)?\s+better\b",
        ),
        message=_SELF_MSG,
        suggestion=_SELF_FIX,
        triggers="i should ought could shouldn",
    ),
    Rule(
        id="self-judgment",
        category="self_blame",
        severity="warning",
        patterns=(
            r"\brushed\s+(?:it|this|that|things|the\s+[\w-]+)\b",
            r"\b(?:screwed\s+up|messed\s+up|dropped\s+the\s+ball|blew\s+it|botched|"
            r"fat[- ]?finger(?:ed)?|rubber[- ]?stamped)\b",
            r"\b(?:was|were|got|get|getting|became|been)\s+(?:so\s+|really\s+|too\s+|a\s+bit\s+)?"
            r"(?:careless|sloppy|lazy|"
            r"negligent|reckless|stupid|dumb|hasty)\b",
            r"\b(?:wasn['’]?t|was\s+not|weren['’]?t|were\s+not)\s+(?:paying\s+attention|careful|"
            r"thinking|focused)\b",
        ),
        message=_SELF_MSG,
        suggestion=_SELF_FIX,
        triggers="screwed messed dropped blew botched fat fingered fatfingered rubber stamped "
        "careless sloppy lazy negligent reckless rushed "
        "stupid dumb hasty paying careful thinking focused",
        subject=SELF_OR_WE,
    ),
    Rule(
        id="self-lapse",
        category="self_blame",
        severity="warning",
        patterns=(
            r"\b(?:forgot|broke|neglected|failed\s+to|overlooked|ignored|missed|skipped)\b",
            r"\b(?:didn['’]?t|did\s+not|never)\s+(?:even\s+)?(?:check|test|read|verify|"
            r"double-check|look|bother|think)\b",
            r"\bmade\s+(?:a|an|the|another|one|some|several|two|many)\s+(?:[\w-]+\s+)?"
            r"(?:mistakes?|errors?|blunders?|bad\s+calls?|wrong\s+calls?)\b",
        ),
        message=_SELF_MSG,
        suggestion=_SELF_FIX,
        triggers="forgot broke neglected failed overlooked ignored missed skipped didn did "
        "never made",
        subject=SELF,
        # a reason in the system turns it into an account of what happened
        after=(_SYSTEM_REASON_AFTER, r"\s+(?:nothing|none|no\b|anything)"),
    ),
    # ---------------------------------------------------------------- counterfactual
    Rule(
        id="counterfactual-we-should-have",
        category="counterfactual",
        severity="warning",
        patterns=(
            r"\bwe\s+<ADV>(?:should|shouldn['’]?t|should\s+not|ought\s+to|could|would|might|"
            r"couldn['’]?t|wouldn['’]?t|would\s+not|could\s+not|would\s+never)<HAVE>\s+<ADV><PP>",
            r"\bwe['’]d\s+<ADV>have\s+<ADV><PP>",
        ),
        message=_CF_MSG,
        suggestion=_CF_FIX,
        triggers="we should ought could would might shouldn couldn wouldn",
        exceptions=(_QUESTION,),
    ),
    Rule(
        id="counterfactual-bare-should-have",
        category="counterfactual",
        severity="warning",
        patterns=(
            r"<LEAD>(?:(?:honestly|tbh|imo|ngl|frankly|in\s+hindsight|looking\s+back|really|"
            r"definitely|clearly|obviously)[,]?\s+)*(?:should|shouldn['’]?t|could)(?:['’]?ve|\s+have)\s+"
            r"<ADV><PP>",
        ),
        message=_CF_MSG,
        suggestion=_CF_FIX,
        triggers="should shouldn shouldnt shouldve could couldve",
        anchored=True,
    ),
    Rule(
        id="counterfactual-if-only",
        category="counterfactual",
        severity="warning",
        patterns=(r"\bif\s+only\b",),
        message=_CF_MSG,
        suggestion=_CF_FIX,
        triggers="only",
        after=(r"^\s+(?:to|for|because|as|a\s+little)\b",),
    ),
    Rule(
        id="counterfactual-had-we",
        category="counterfactual",
        severity="warning",
        patterns=(
            r"<LEAD>(?:(?:and|but|so|honestly|frankly|in\s+hindsight|looking\s+back|of\s+course|"
            r"clearly|obviously|realistically)[,]?\s+)*had\s+(?:we|i|they|he|she|you|someone|"
            r"somebody|anyone|anybody|nobody|(?:the\s+|our\s+|a\s+|an\s+)?[\w-]+(?:\s+[\w-]+){0,2}?)"
            r"\s+<ADV><PP>",
        ),
        message=_CF_MSG,
        suggestion=_CF_FIX,
        triggers="had",
        anchored=True,
    ),
    Rule(
        id="counterfactual-if-had",
        category="counterfactual",
        severity="warning",
        patterns=(
            r"\bif\s+(?:only\s+)?(?:we|i|they|he|she|you|someone|somebody|anyone|anybody|"
            r"(?:the\s+|our\s+|a\s+|an\s+|their\s+)?[\w-]+(?:\s+[\w-]+){0,2}?)"
            r"(?:\s+had|\s*['’]d)\s+<ADV><PP>",
            r"\bif\s+(?:only\s+)?(?:we|i|they|you|someone|somebody|anyone|anybody)\s+(?:had|['’]d)"
            r"\s+[^.?!;]{1,80}?\b(?:(?:this|it|that|we|nothing)\s+(?:never|would|wouldn['’]?t)|"
            r"would(?:n['’]t)?<HAVE>|never\s+(?:happens?|happened))\b",
        ),
        message=_CF_MSG,
        suggestion=_CF_FIX,
        triggers="if",
        exceptions=(_QUESTION,),
    ),
    Rule(
        id="counterfactual-avoidable",
        category="counterfactual",
        severity="warning",
        patterns=(
            r"\b(?:could|would|might|should)(?:n['’]t|\s+not|\s+never)?(?:\s+\w+ly)?<HAVE>\s+"
            r"(?:\w+ly\s+)?been\s+(?:\w+ly\s+)?(?:avoided|prevented|caught|stopped|detected|"
            r"spotted|noticed|mitigated|averted)\b",
            r"\b(?:would|could)(?:n['’]t|\s+not|\s+never)(?:\s+\w+ly)?<HAVE>\s+(?:\w+ly\s+)?"
            r"(?:happened|occurred)\b",
            r"\bnone\s+of\s+(?:this|it|that|the\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+would\b",
            r"\b(?:would|could|might)<HAVE>\s+been\s+(?:entirely\s+|perfectly\s+|quite\s+)?"
            r"(?:possible|avoidable|preventable|fine|different)\b",
            r"\b(?:would|could)(?:n['’]t|\s+not|\s+never)<HAVE>\s+<ADV>(?:happened|occurred|"
            r"materiali[sz]ed|reached|escalated|spread|failed|broken|gone\s+down|lost)\b",
            r"\b(?:would|could)(?:n['’]t)?<HAVE>\s+(?:\w+ly\s+)?(?:prevented|avoided|"
            r"caught|stopped|averted|saved\s+us|spotted|noticed|detected|flagged|found|shown|"
            r"revealed|exposed|surfaced|told\s+us|highlighted)\b",
            r"\b(?:would|could)<HAVE>\s+been\s+(?:so\s+|really\s+|very\s+)?(?:easy|trivial|simple)"
            r"\s+to\s+(?:prevent|avoid|catch|spot|fix|stop)\b",
            r"\bwouldn['’]?t\s+be\s+(?:here|in\s+this\s+(?:mess|situation|position))\b",
            r"\b(?:obvious|clear)\s+in\s+hindsight\b|\bin\s+hindsight,?\s+(?:it|this|that)\s+"
            r"(?:was|is|seems|looks)\s+(?:so\s+)?(?:obvious|clear)\b",
            r"\bshould(?:\s+never)?<HAVE>\s+been\s+(?:so\s+|really\s+)?obvious\b",
            r"\blooking\s+back,?\s+(?:it|this|that|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:was|were|is|"
            r"seems?|looks?)\s+(?:so\s+|pretty\s+|really\s+)?(?:obvious|clear)\b",
            r"\bin\s+(?:hindsight|retrospect)\b[^.?!;]{0,60}?\b(?:obvious|clear|should|could)\b",
            r"\b(?:the\s+)?(?:warning\s+)?(?:signs|signals|red\s+flags)\s+(?:were|was|are)\s+"
            r"(?:all\s+|very\s+|so\s+|pretty\s+)?(?:obvious|there|clear)\b"
            r"(?!\s+(?:in|on|at|for|from)\b)",
            r"\bnever\s+should<HAVE>\s+(?:been\s+)?<PP>",
            r"\bshould(?:n['’]t|\s+not|\s+never)<HAVE>\s+(?:made\s+it|reached|gotten|got|gone"
            r"\s+out|shipped|happened)\b",
            r"\b(?:avoidable|preventable)\b",
        ),
        message=_CF_MSG,
        suggestion=_CF_FIX,
        triggers="could would might should couldn wouldn shouldn none avoidable preventable "
        "hindsight retrospect obvious looking signs signals flags",
        before=(r"(?:\bnot|n['’]t|\bnever|\bun|\bnon-?)\W*(?:\w+\W+)?$",),
        exceptions=(_QUESTION,),
    ),
    Rule(
        id="counterfactual-should-have-been",
        category="counterfactual",
        severity="warning",
        patterns=(
            r"\b(?:should|shouldn['’]?t|should\s+not|ought\s+to)<HAVE>\s+been\s+(?:\w+ly\s+)?<PP>",
        ),
        message=_CF_MSG,
        suggestion=_CF_FIX,
        triggers="should shouldn ought",
        subject=NOT_PEOPLE,
        exceptions=(_QUESTION,),
    ),
    # ---------------------------------------------------------------- person_action_item
    Rule(
        id="person-training",
        category="person_action_item",
        severity="warning",
        patterns=(
            r"\b(?:needs?|requires?|could\s+use|would\s+benefit\s+from|should\s+get|must\s+get|"
            r"to\s+get|(?:is|are|should|must|will|to)\s+(?:receive|undergo|get))\s+(?:some\s+|more\s+|better\s+|additional\s+|extra\s+|proper\s+|"
            r"further\s+|formal\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:training|coaching|mentoring|"
            r"education|re-?training|upskilling)\b",
            r"\b(?:needs?|has|have|must|should|will|shall|to|(?:is|are)\s+to)\s+(?:to\s+)?(?:be\s+)?"
            r"(?:re-?trained|trained|"
            r"coached|educated|mentored)\b",
            r"\b(?:to|should|must|needs?\s+to|has\s+to|have\s+to|will|shall|(?:is|are)\s+"
            r"(?:required|expected|asked)\s+to)\s+(?:all\s+)?(?:shadow|pair\s+with|be\s+paired\s+with|"
            r"be\s+supervised\s+by|be\s+mentored\s+by)\b",
            r"\b(?:should|must|needs?\s+to|has\s+to|have\s+to|will|shall|to|(?:is|are)\s+"
            r"(?:required|expected|asked)\s+to)\s+(?:attend|take|complete|"
            r"go\s+to|sign\s+up\s+for|enrol(?:l)?\s+in)\s+(?:a\s+|an\s+|the\s+|some\s+|more\s+)?"
            r"(?:[\w-]+\s+){0,3}?(?:training|course|workshop|class|bootcamp|certification|"
            r"session|tutorial|lesson)s?\b",
        ),
        message=_PERSON_MSG,
        suggestion=_PERSON_FIX,
        triggers="training coaching mentoring education retraining upskilling trained retrained "
        "receive undergo "
        "coached educated mentored course workshop class bootcamp certification session "
        "tutorial lesson shadow pair paired supervised",
        subject=AGENT_OR_WE,
    ),
    Rule(
        id="person-send-to-training",
        category="person_action_item",
        severity="warning",
        patterns=(
            r"<LEAD>(?:send|put|enrol(?:l)?|sign\s+up|register|get|mandate)\s+<WHO>\s+"
            r"(?:to|through|for|on|in|into)\s+(?:a\s+|an\s+|the\s+|some\s+|more\s+)?"
            r"(?:[\w-]+\s+){0,3}?(?:training|course|workshop|class|bootcamp|certification|"
            r"session|refresher)s?\b",
            r"<LEAD>(?:provide|give|offer|deliver|arrange)\s+(?:[\w-]+\s+){0,2}?(?:training|coaching|"
            r"mentoring|courses?|workshops?)\s+(?:to|for)\s+<WHO>",
            r"<LEAD>(?:mandatory|required|compulsory|more|additional|extra|better|refresher|"
            r"(?:[\w-]+\s+){0,2})training\s+(?:for|of)\s+<WHO>",
            r"<LEAD>(?:schedule|arrange|organi[sz]e|book|run|hold|plan)\s+(?:a\s+|an\s+|some\s+|"
            r"more\s+)?(?:[\w-]+\s+){0,3}?(?:training|workshop|course|refresher)s?\s+"
            r"(?:for|with)\s+<WHO>",
        ),
        message=_PERSON_MSG,
        suggestion=_PERSON_FIX,
        triggers="training course workshop class bootcamp certification session refresher",
        who=PERSON,
        anchored=True,
    ),
    Rule(
        id="person-behaviour",
        category="person_action_item",
        severity="warning",
        patterns=(
            r"\b(?:must|should|needs?\s+to|has\s+to|have\s+to|ought\s+to|will\s+need\s+to|"
            r"(?:is|are)\s+expected\s+to|shall)\s+(?:all\s+|always\s+|now\s+|really\s+|"
            r"just\s+)?(?:learn\s+(?:how|about|to|the|our|more)\b|study\s+(?:the|our|up)\b)",
            # Each behaviour is its own pattern after the same modal lead, so that only the
            # patterns whose words occur in a sentence are run.
            r"<MODAL>(?:be\s+(?:more\s+|extra\s+|very\s+|much\s+more\s+|a\s+lot\s+more\s+)?"
            r"(?:careful|vigilant|diligent|thorough|attentive|cautious|disciplined)|"
            r"pay\s+(?:more\s+|closer\s+|better\s+|extra\s+|close\s+)?attention|"
            r"(?:double|triple)[- ]check|remember\s+to|take\s+(?:more\s+)?care|know\s+better|"
            r"be\s+reminded|try\s+harder|do\s+better|slow\s+down)",
            r"<MODAL>(?:read\s+(?:up|the\s+(?:runbook|docs|documentation|manual|playbook))|"
            r"test\s+(?:their|his|her|your|our)\s+(?:own\s+)?(?:code|changes|work)|"
            r"look\s+more\s+(?:carefully|closely)|think\s+(?:twice|harder|before))",
            r"<MODAL>(?:respond\s+(?:faster|quicker|more\s+quickly|sooner)|"
            r"escalate\s+(?:faster|sooner|earlier|quicker|more\s+quickly)|"
            r"(?:acknowledge|ack|respond\s+to|answer|escalate|react\s+to|handle)\s+"
            r"(?:[\w-]+\s+)?(?:faster|quicker|sooner|more\s+quickly|more\s+promptly))",
            r"<MODAL>stop\s+(?:ignoring|skipping|forgetting|rushing|silencing|muting|snoozing|"
            r"bypassing|cutting\s+corners|deploying|pushing|merging|touching|running|shipping)\b",
            r"<MODAL>take\s+(?:[\w-]+\s+){0,2}?(?:more\s+)?seriously\b",
            r"<MODAL>(?:get|ask\s+for|seek|obtain)\s+(?:an?\s+|explicit\s+)?(?:approval|sign-?off|"
            r"permission|a\s+review)(?:\s+from\s+(?:a|an|the|his|her|their)?\s*(?:[\w-]+\s+){0,2}?"
            r"[\w-]+)?\s+before",
            r"<MODAL>(?:review|read|re-?read|study|go\s+(?:over|through)|brush\s+up\s+on|"
            r"familiari[sz]e\s+(?:himself|herself|themselves|yourself|ourselves)\s+with)\s+"
            r"(?:the\s+|our\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}(?:runbooks?|handbook|"
            r"docs|documentation|process|procedures?|playbook|checklist|guidelines|manual|policy|"
            r"policies)\b",
            r"<MODAL>[\w-]+(?:\s+[\w-]+){0,4}?\s+(?:before\s+every|every\s+(?:single\s+)?time|"
            r"from\s+now\s+on)",
            r"<MODAL>(?:(?:adhere|comply|stick)\s+(?:to|with)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}"
            r"(?:policy|policies|process|procedures?|runbooks?|checklists?|rules?|guidelines|"
            r"standards?)\b|follow\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}(?:policy|policies|"
            r"procedures?|rules|guidelines|standards?)\b|follow\s+the\s+(?:runbook|process|"
            r"checklist|procedure)s?\s+(?:properly|carefully|exactly|every\s+time|more\s+closely))",
        ),
        message=_PERSON_MSG,
        suggestion=_PERSON_FIX,
        triggers="careful vigilant diligent thorough attentive cautious disciplined attention "
        "check remember learn study read test care respond escalate look think slow know "
        "reminded stop try do follow acknowledge ack answer react handle faster quicker sooner "
        "review reread go brush familiarize familiarise every now approval permission signoff "
        "sign adhere comply stick follow stop seriously",
        subject=AGENT_OR_WE,
    ),
    Rule(
        # "Babajide must test configs before pushing": a person's diligence as the control
        id="person-check-before",
        category="person_action_item",
        severity="warning",
        patterns=(
            r"<MODAL>(?:actually\s+|always\s+|first\s+)?(?:test|check|verify|validate|read|review|"
            r"double[- ]check|look\s+at|confirm|inspect)\s+(?:[\w'’-]+\s+){0,4}?before\s+"
            r"[a-z-]+ing\b",
        ),
        message=_PERSON_MSG,
        suggestion=_PERSON_FIX,
        triggers="before",
        subject=NAMED,
    ),
    Rule(
        id="person-remind",
        category="person_action_item",
        severity="warning",
        patterns=(
            r"<LEAD>(?:remind|train|retrain|re-train|coach|educate|teach|mentor|talk\s+to|"
            r"hold|discipline|reprimand|write\s+up|counsel|caution|admonish|"
            r"speak\s+(?:to|with)|have\s+a\s+(?:word|chat|talk|conversation)\s+with|"
            r"sit\s+down\s+with)\s+<WHO>",
            r"<LEAD>(?:tell|ask|warn|instruct|encourage|urge)\s+<WHO>\s+to\s+(?:be\s+more|"
            r"be\s+careful|pay|double|triple|remember|follow|read|check|escalate|respond|stop|"
            r"slow|think|take\s+more|learn|always|never|not|test|look\s+more|spend\s+more\s+time|"
            r"take\s+(?:their|his|her|your)\s+time|"
            r"[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:faster|quicker|sooner|more\s+quickly|"
            r"more\s+carefully|properly|every\s+time))",
            # a note addressed to a person: "- Oluwaseun: pay closer attention to warnings"
            r"[\s>*_\-•+]*(?:\d+[.)]\s+)?(?P<who>[\w'’-]+(?:\s+[\w'’-]+)?)\s*:\s+(?:be\s+(?:more\s+|"
            r"extra\s+)?(?:careful|vigilant|thorough)|pay\s+(?:more\s+|closer\s+|better\s+|extra\s+)?"
            r"attention|(?:double|triple)[- ]check|remember\s+to|take\s+more\s+care|slow\s+down|"
            r"try\s+harder|do\s+better|think\s+(?:twice|before)|stop\s+(?:ignoring|skipping|"
            r"rushing|forgetting))\b",
        ),
        message=_PERSON_MSG,
        suggestion=_PERSON_FIX,
        triggers="remind train retrain coach educate teach mentor talk speak word chat "
        "conversation sit tell ask warn instruct encourage urge hold discipline reprimand write "
        "counsel caution admonish careful vigilant thorough attention check remember care slow "
        "harder better twice before ignoring skipping rushing forgetting",
        who=NAMED,
        anchored=True,
    ),
    Rule(
        id="person-make-sure",
        category="person_action_item",
        severity="warning",
        patterns=(
            r"\b(?:make\s+sure|ensure|making\s+sure|ensuring)\s+(?:that\s+)?"
            r"(?P<who>(?:the\s+|all\s+|every\s+|each\s+|our\s+|new\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)"
            r"\s+(?:knows?|reads?|has\s+read|have\s+read|understands?|remembers?|follows?|"
            r"is\s+aware|are\s+aware|learns?|double-checks?|pays?\s+attention|"
            r"(?:is|are)\s+(?:more\s+)?careful|(?:doesn['’]?t|don['’]?t|does\s+not|do\s+not|never)\s+"
            r"(?:forget|skip|ignore|miss)|(?:gets?|is|are)\s+trained)\b",
        ),
        message=_PERSON_MSG,
        suggestion=_PERSON_FIX,
        triggers="sure ensure ensuring",
        who=NAMED,
    ),
    # ---------------------------------------------------------------- vague_action_item
    Rule(
        id="vague-improve",
        category="vague_action_item",
        severity="info",
        patterns=(
            r"<LEAD>(?:improve|enhance|increase|strengthen|boost|beef\s+up|tighten(?:\s+up)?|reduce|"
            r"minimi[sz]e|lower|cut\s+down\s+on|"
            r"harden|optimi[sz]e|streamline|refine|rework|revisit|re-?evaluate|reassess|"
            r"review|audit|clean\s+up|tidy\s+up|update|fix|address|sort\s+out|look\s+at|"
            r"look\s+into|investigate|dig\s+into|explore|consider|think\s+about|check|monitor|"
            r"document|add|write|get|have|expand|extend|do|work\s+on|focus\s+on|"
            r"follow[- ]?up\s+on|keep\s+an\s+eye\s+on)\s+<DET><VAGUE_NOUN><END>",
            r"<LEAD>(?:more|better|improved|additional|extra|enhanced|proper|increased|stronger|"
            r"tighter)\s+<VAGUE_NOUN><END>",
            r"<LEAD>(?:make\s+)?(?:the\s+|our\s+)?(?:system|systems|service|services|platform|"
            r"infra|infrastructure|it|things|deploys?|deployments?|releases?|on-?call|alerting|"
            r"monitoring)\s+(?:more\s+|less\s+)?(?:reliable|robust|resilient|stable|safer|safe|"
            r"better|stronger)<END>",
        ),
        message=_VAGUE_MSG,
        suggestion=_VAGUE_FIX,
        triggers="improve enhance increase strengthen boost beef tighten harden optimize "
        "optimise streamline refine rework revisit reevaluate evaluate reassess review audit "
        "reduce minimize minimise lower cut "
        "clean tidy update fix address sort look investigate dig explore consider think check "
        "monitor document add write get have expand extend do work focus follow keep more "
        "better improved additional extra enhanced proper increased stronger tighter make "
        "reliable robust resilient stable safer safe",
        anchored=True,
    ),
    Rule(
        id="vague-investigate",
        category="vague_action_item",
        severity="info",
        patterns=(
            r"<LEAD>(?:investigate|look\s+into\s+(?:it|this|that)|dig\s+(?:deeper|in)|"
            r"look\s+deeper|follow[- ]?up|monitor\s+(?:the\s+situation|it|this|things)|"
            r"keep\s+an\s+eye\s+on\s+(?:it|this|things|(?:the\s+)?(?:[\w-]+\s+){0,2}[\w-]+)|"
            r"(?:continue|keep)\s+(?:to\s+)?(?:monitor(?:ing)?|watch(?:ing)?|investigat(?:e|ing)|"
            r"observ(?:e|ing)|track(?:ing)?)(?:\s+(?:it|this|things|the\s+situation))?|"
            r"(?:find|figure\s+out|determine|identify)\s+(?:the\s+)?root\s+cause|"
            r"(?:conduct|perform|do|carry\s+out|run|hold|undertake)\s+(?:a|an)\s+(?:(?:thorough|full|"
            r"complete|detailed|deeper|proper|further|in-depth|comprehensive|holistic|broad|"
            r"end-to-end)\s+)?(?:investigation|review|"
            r"analysis|audit|root\s+cause\s+analysis|rca|retrospective|assessment|evaluation)"
            r"(?:\s+(?:of|into|on)\s+<DET><VAGUE_NOUN>)?|"
            r"(?:figure\s+out|find\s+out|understand|determine|investigate|look\s+into|"
            r"dig\s+into|analy[sz]e)\s+(?:what|why|how)\s+"
            r"(?:went\s+wrong|happened|(?:it|this|that)\s+(?:broke|failed|happened)))<END>",
        ),
        message=_VAGUE_MSG,
        suggestion=_VAGUE_FIX,
        triggers="investigate look dig follow followup monitor keep find figure determine "
        "identify understand conduct perform carry run hold undertake continue",
        anchored=True,
    ),
    Rule(
        id="vague-never-again",
        category="vague_action_item",
        severity="info",
        patterns=(
            r"<LEAD>(?:make\s+sure|ensure|guarantee)\s+(?:that\s+)?(?:this|it|that|the\s+(?:incident|"
            r"outage|issue|problem|same\s+thing)|nothing\s+like\s+this|something\s+like\s+this)\s+"
            r"(?:doesn['’]?t|does\s+not|won['’]?t|will\s+not|never|can['’]?t|cannot|can\s+never)\s+"
            r"(?:happen|happens|occur|occurs|recur|recurs|repeat|repeats)<END>",
            r"<LEAD>(?:prevent|avoid|stop)\s+(?:this|it|that|a\s+repeat|recurrence|repeats|"
            r"the\s+(?:issue|problem|incident|outage|same\s+thing))(?:\s+from\s+(?:happening|"
            r"recurring|occurring))?<END>",
        ),
        message="Vague action item: a wish that it will not happen again, without a change "
        "that makes it so.",
        suggestion=_VAGUE_FIX,
        triggers="sure ensure guarantee prevent avoid stop",
        anchored=True,
    ),
    Rule(
        id="vague-be-careful",
        category="vague_action_item",
        severity="info",
        patterns=(
            r"<LEAD>(?:be|being|stay)\s+(?:more\s+|extra\s+|very\s+|a\s+lot\s+more\s+)?"
            r"(?:careful|vigilant|diligent|cautious|thorough|attentive|alert|proactive)"
            r"(?:\s+[\w'’-]+){0,6}[\s.!;]*$",
            r"<LEAD>do\s+a\s+better\s+job(?:\s+(?:of|at|with)\s+[\w-]+(?:\s+[\w-]+)?)?<END>",
            r"<LEAD>(?:test|monitor|review|check)\s+(?:things\s+|everything\s+|it\s+)?"
            r"(?:better|more|properly|thoroughly|more\s+closely|more\s+carefully|closely)<END>",
            r"<LEAD>(?:double|triple)[- ]check\s+(?:everything|things|it|our\s+work|all\s+\w+)"
            r"<END>",
            r"<LEAD>try\s+(?:to\s+)?(?:avoid|prevent)\s+(?:this|it|that)(?:\s+happening)?<END>",
            r"<LEAD>pay\s+(?:more\s+|closer\s+|better\s+)?attention(?:\s+to\s+(?:the\s+)?"
            r"[\w-]+(?:\s+[\w-]+)?)?<END>",
            r"<LEAD>(?:do|try)\s+(?:better|harder)<END>",
            r"<LEAD>make\s+(?:it|this|that|things|everything)\s+(?:better|safer|more\s+robust)<END>",
            r"<LEAD>sort\s+(?:it|this|that|things)\s+out<END>",
            r"<LEAD>communicate\s+(?:better|more|earlier|more\s+clearly)(?:\s+(?:during|with|in)\s+"
            r"(?:the\s+)?[\w-]+)?<END>",
        ),
        message="Vague action item: it asks people to try harder, which nobody can check.",
        suggestion=_VAGUE_FIX,
        triggers="careful vigilant diligent cautious thorough attentive alert proactive "
        "attention better harder communicate job more properly thoroughly closely check "
        "avoid prevent make sort",
        anchored=True,
    ),
    Rule(
        id="vague-action-head",
        category="vague_action_item",
        severity="info",
        patterns=(
            r"<LEAD>(?:improve|enhance|increase|better|review|revisit|investigate|look\s+into|"
            r"monitor|clean\s+up|update|harden|strengthen|optimi[sz]e|fix|address)\b"
            r"(?![^\n]*(?:\d|%|threshold|so\s+that|such\s+that|within|under|below|above|"
            r"\bper\s|every\s|when\s|\bif\s|owner|due\b|`))[^\n]*$",
        ),
        message="Vague action item: it starts with a goal but names no concrete change, "
        "threshold or finish line.",
        suggestion=_VAGUE_FIX,
        triggers="improve enhance increase better review revisit investigate look monitor "
        "clean update harden strengthen optimize optimise fix address",
        anchored=True,
        scope="action",
    ),
)


def expand(pattern: str) -> str:
    """``pattern`` with its ``<MACRO>`` names replaced by their regular expressions."""
    for _ in range(3):  # macros may contain macros
        for name, value in MACROS.items():
            pattern = pattern.replace(name, value)
    return pattern


RULES_BY_ID = {rule.id: rule for rule in RULES}
