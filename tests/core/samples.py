"""Hand-written post-mortems used by the export tests and golden files."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    DismissedFlag,
    EventKind,
    FactorCategory,
    Impact,
    PostMortem,
    Priority,
    Severity,
    Status,
    TimelineEvent,
    WhyChain,
)

BERLIN = ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int, day: int = 4) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=BERLIN)


def checkout_outage() -> PostMortem:
    """A complete, realistic post-mortem with every section filled."""
    return PostMortem(
        id="PM-2026-0007",
        title="Checkout errors after the payment gateway certificate rotation",
        status=Status.IN_REVIEW,
        severity=Severity.SEV2,
        timezone="Europe/Berlin",
        incident_start=at(14, 0),
        acknowledged=at(14, 9),
        resolved=at(15, 12),
        meeting_at=at(10, 0, day=5),
        incident_lead="Priya Natarajan",
        facilitator="Tomás Ferreira",
        participants=["Priya Natarajan", "Tomás Ferreira", "Lena Vogt", "Sam Okafor"],
        services=["checkout-api", "payments-gateway"],
        tags=["tls", "certificates", "third-party"],
        summary=(
            "For 72 minutes about a third of card payments failed with a TLS handshake error.\n"
            "The gateway's new intermediate certificate was not in our pinned bundle."
        ),
        impact=Impact(
            users_affected="~4,100 shoppers",
            duration="1h 12m",
            slo_breached="Checkout availability 99.9% (monthly budget used: 61%)",
            revenue="≈ €38k in delayed orders, most recovered by retry emails",
            notes="Mobile app users saw a generic error; web users were offered PayPal.",
        ),
        timeline=[
            TimelineEvent(at(14, 0), "Gateway rotates its intermediate certificate",
                          EventKind.OTHER),
            TimelineEvent(at(14, 2), "Error-rate alert fires for checkout-api (5xx > 2%)",
                          EventKind.ALERT),
            TimelineEvent(at(14, 9), "On-call acknowledges the page and opens #inc-checkout",
                          EventKind.ACTION),
            TimelineEvent(at(14, 25), "Keep the pinned bundle and ask the gateway to roll back",
                          EventKind.DECISION,
                          known_at_time="Gateway status page showed no incident; our "
                                        "last deploy was two days old"),
            TimelineEvent(at(14, 31), "Status page updated: card payments degraded",
                          EventKind.COMMUNICATION),
            TimelineEvent(at(14, 58), "New intermediate added to the bundle, canary green",
                          EventKind.MITIGATION),
            TimelineEvent(at(15, 12), "Error rate back to baseline for 10 minutes",
                          EventKind.RESOLUTION),
        ],
        went_well=["The error-rate alert fired within two minutes.",
                   "PayPal fallback kept web checkout partly working."],
        went_poorly=["Nothing told us the gateway had changed its chain.",
                     "The runbook for TLS errors pointed at a retired dashboard."],
        lucky=["The rotation happened on a weekday afternoon, with most of the team online."],
        why_chains=[WhyChain(
            "Card payments failed with TLS handshake errors.",
            ["The client rejected the gateway's certificate chain.",
             "The new intermediate was missing from our pinned bundle.",
             "The bundle is updated by hand and only when something breaks.",
             "Pinning was added after a 2023 incident and never got an owner."],
        )],
        factors=[
            ContributingFactor("Certificate pinning with a hand-maintained bundle",
                               FactorCategory.TECHNICAL, known_risk=True),
            ContributingFactor("No notice channel for the gateway's certificate changes",
                               FactorCategory.PROCESS, known_risk=False),
            ContributingFactor("Payments platform work split across two teams",
                               FactorCategory.ORGANIZATIONAL, known_risk=True),
        ],
        action_items=[
            ActionItem("Load the gateway's CA bundle from their published endpoint daily",
                       owner="Lena Vogt", due=date(2026, 3, 20),
                       success_criterion="A chain change is picked up within 24 h in staging",
                       priority=Priority.MUST, kind=ActionKind.PREVENT,
                       link="https://tracker.example/PAY-311", number=1),
            ActionItem("Alert on TLS handshake failures to payment providers",
                       owner="Sam Okafor", due=date(2026, 3, 13),
                       success_criterion="Synthetic bad chain pages on-call within 5 minutes",
                       priority=Priority.MUST, kind=ActionKind.DETECT,
                       status=ActionStatus.DONE, completed=date(2026, 3, 11), number=2),
            ActionItem("Point the TLS runbook at the current dashboard",
                       owner="Priya Natarajan", due=date(2026, 3, 9),
                       success_criterion="Runbook link opens the live dashboard",
                       priority=Priority.SHOULD, kind=ActionKind.MITIGATE, number=3),
            ActionItem("Subscribe the payments channel to the gateway's change feed",
                       owner="Tomás Ferreira", due=date(2026, 3, 27),
                       success_criterion="Next announced change shows up in #payments",
                       priority=Priority.NICE, kind=ActionKind.DETECT,
                       status=ActionStatus.DROPPED, note="Gateway has no feed; see PAY-311",
                       number=4),
        ],
        takeaways=[
            "A certificate change at a payment provider can take checkout down without any "
            "deploy on our side.",
            "Our pinned bundle had no owner and no refresh, a risk we had noted in 2023.",
            "The alert worked; the runbook and the provider's notice channel did not.",
        ],
        lessons=["Pinning trades one risk for another: it needs an owner and a refresh."],
        opening_statement="We are here to understand how our systems and processes let this "
                          "happen, not to find someone to blame.",
        dismissed=[DismissedFlag("f3a9c0", "counterfactual", "we should have",
                                 "Quoted from the 2023 review")],
    )


def hostile() -> PostMortem:
    """Text that tries to break the page: markup, HTML, pipes, newlines, odd spacing."""
    return PostMortem(
        id="PM-2026-0099",
        title="<script>alert('x')</script> | *not bold* [link](javascript:x)",
        severity=Severity.SEV4,
        timezone="UTC",
        incident_start=datetime(2026, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("UTC")),
        incident_lead="Zoë | O'Brien",
        participants=["<b>Ana</b>", "Bo & Co"],
        summary="# not a heading\n- not a list\n1. not numbered\n\n  two spaces\t\n"
                "<img src=x onerror=alert(1)> &amp; `code` ~~strike~~ $math$",
        timeline=[TimelineEvent(datetime(2026, 1, 2, 3, 5, tzinfo=ZoneInfo("UTC")),
                                "a | b || c\nsecond line <br> \\| escaped", EventKind.ACTION)],
        went_well=["", "   ", "---", "> quote", "שלום | مرحبا 🔥"],
        action_items=[ActionItem("Fix | the <pipe>", owner="@team\nnewline",
                                 success_criterion="| ends in a pipe |", link="x)](y",
                                 note=" — not a separator", number=1)],
        dismissed=[DismissedFlag("zz", "rule", "--> <!-- ", "</script>")],
    )


def minimal() -> PostMortem:
    """Only a title: every optional section must be left out."""
    return PostMortem(title="Short blip on the search cluster")
