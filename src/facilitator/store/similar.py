"""Past post-mortems like the current one, and what they decided.

Similarity is a weighted count of what two post-mortems share: a contributing factor (the
strongest sign of the same problem), a service, a tag, and wording (a full-text match on the
current title and summary). One SQL query scores every candidate; only the best few
are read in full.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text

from facilitator.core.model import PostMortem
from facilitator.store.archive import FTS_TABLE, fts_phrase
from facilitator.store.learning import connect
from facilitator.store.patterns import normalise_factor

WEIGHTS = {"factor": 4, "service": 3, "tag": 2, "words": 2}
# How many full-text matches count as "similar wording".
WORD_MATCHES = 25
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "about",
        "after",
        "again",
        "also",
        "because",
        "been",
        "before",
        "being",
        "between",
        "could",
        "during",
        "each",
        "from",
        "have",
        "into",
        "just",
        "more",
        "most",
        "only",
        "other",
        "over",
        "same",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "would",
        "your",
        "incident",
        "issue",
        "problem",
        "users",
    ]
)


@dataclass
class Decision:
    ref: str
    description: str
    owner: str
    status: str


@dataclass
class SimilarIncident:
    id: str
    title: str
    date: date | None
    severity: str
    score: int
    services: list[str] = field(default_factory=list)  # shared with the current one
    tags: list[str] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)  # normalised factor texts
    similar_words: bool = False
    decided: list[Decision] = field(default_factory=list)

    def reasons(self) -> list[str]:
        """Why it is similar, in words, strongest first."""
        out = []
        if self.factors:
            out.append("same factor: " + "; ".join(self.factors))
        if self.services:
            out.append("service: " + ", ".join(self.services))
        if self.tags:
            out.append("tag: " + ", ".join(self.tags))
        if self.similar_words:
            out.append("similar wording")
        return out


def _words(pm: PostMortem) -> list[str]:
    # Factors are compared on their own (normalised); wording is the title and summary.
    text_ = " ".join([pm.title, pm.summary])
    seen: dict[str, None] = {}
    for word in _WORD.findall(text_.casefold()):
        if word not in _STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)[:12]


def similar_incidents(source: Any, pm: PostMortem, *, limit: int = 5) -> list[SimilarIncident]:
    """The post-mortems most like ``pm`` (never ``pm`` itself), best first."""
    factors = sorted({k for k in (normalise_factor(f.description) for f in pm.factors) if k})
    words = _words(pm)
    match = " OR ".join(fts_phrase(w) for w in words)
    params = {
        "services": json.dumps(sorted(set(pm.services))),
        "tags": json.dumps(sorted(set(pm.tags))),
        "factors": json.dumps(factors),
        "self": pm.id or "",
        "limit": limit,
        "word_matches": WORD_MATCHES,
        **{f"w_{k}": v for k, v in WEIGHTS.items()},
    }
    parts = [
        "SELECT postmortem_id AS pm, 'service' AS what, name AS value, :w_service AS weight "
        "FROM service WHERE name IN (SELECT value FROM json_each(:services))",
        "SELECT postmortem_id, 'tag', name, :w_tag FROM tag "
        "WHERE name IN (SELECT value FROM json_each(:tags))",
    ]
    if factors:
        # A cheap C-level test first (the longest word of each factor, or any text that is
        # not plain ASCII) so the Python normaliser only runs on likely matches; CASE makes
        # SQLite keep that order.
        tokens = sorted({max(f.split(), key=len) for f in factors})
        params.update({f"tok{i}": token for i, token in enumerate(tokens)})
        contains = " OR ".join(f"instr(lower(description), :tok{i}) > 0"
                               for i in range(len(tokens)))
        parts.append(
            "SELECT postmortem_id, 'factor', norm_factor(description), :w_factor "
            f"FROM factor WHERE CASE WHEN description GLOB '*[^ -~]*' OR {contains} "
            "THEN norm_factor(description) END IN (SELECT value FROM json_each(:factors))"
        )
    if words:
        params["match"] = "{title summary} : (" + match + ")"
        parts.append(
            f"SELECT id, 'words', '', :w_words FROM (SELECT id FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :match AND id != :self "
            f"ORDER BY bm25({FTS_TABLE}) LIMIT :word_matches)"
        )
    # Scores for every candidate, but titles and the shared details for the best few only.
    sql = f"""WITH hits AS MATERIALIZED (SELECT DISTINCT * FROM ({" UNION ALL ".join(parts)})
                                         WHERE pm != :self),
        top AS (SELECT pm, SUM(weight) AS score FROM hits GROUP BY pm
                ORDER BY score DESC, pm DESC LIMIT :limit)
        SELECT t.pm, t.score,
               (SELECT json_group_array(json_array(h.what, h.value)) FROM hits h
                WHERE h.pm = t.pm),
               p.title, p.date, p.severity
        FROM top t JOIN postmortem p ON p.id = t.pm ORDER BY t.score DESC, t.pm DESC"""
    with connect(source) as conn:
        rows = conn.execute(text(sql), params).all()
        found = []
        for pm_id, score, shared, title, day, severity in rows:
            incident = SimilarIncident(
                pm_id, title, date.fromisoformat(day) if day else None, severity, int(score)
            )
            for what, value in json.loads(shared):
                if what == "words":
                    incident.similar_words = True
                else:
                    getattr(incident, what + "s").append(value)
            for values in (incident.services, incident.tags, incident.factors):
                values.sort()
            found.append(incident)
        if found:
            ids = json.dumps([i.id for i in found])
            decided: dict[str, list[Decision]] = {}
            for pm_id, number, description, owner, status in conn.execute(
                text(
                    "SELECT postmortem_id, number, description, owner, status FROM action_item "
                    "WHERE postmortem_id IN (SELECT value FROM json_each(:ids)) "
                    "ORDER BY postmortem_id, position, number"
                ),
                {"ids": ids},
            ):
                decided.setdefault(pm_id, []).append(
                    Decision(f"{pm_id}-A{number}", description, owner, status)
                )
            for incident in found:
                incident.decided = decided.get(incident.id, [])
    return found
