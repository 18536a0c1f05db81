"""Who must be told what, written from the confidentiality rules of the marketplace and independently
of the platform's own tables: the matrix compares every caller's pushes with these rules.

- Drafts and applications (before publication, or cancelled before it): the owner and the operators.
- Who signs up or seals an offer: the operator and that agency; the owner hears that someone signed up
  (and sees the count), never who; the public and partners nothing.
- Scores: the operator (and the scorer, not a caller class here); the bidders and the public nothing.
- Objections and complaints: the parties (the filer, the owner) and the operators; the filer is named only
  to itself and the operators.
- Questions and answers: public; the asker is never named.
- Everything else about a public project — results and failures, confirmations, contracts, service,
  extensions, evaluations, corrections of what was published — is public, and so is the agency it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC_STATUSES = frozenset(
    {
        "PUBLISHED",
        "SELECTION",
        "RESULT_ANNOUNCED",
        "FAILED",
        "CONFIRMED",
        "IN_SERVICE",
        "DELIVERED",
        "ACCEPTED",
        "COMPLETED",
    }
)
SIGNUP_SECRET = frozenset({"project.signed_up", "project.signup_withdrawn"})
OFFER_SECRET = frozenset({"project.offer_sealed"})
SCORE_SECRET = frozenset({"project.score_recorded"})
DISPUTES = frozenset(
    {
        "project.objection_filed",
        "project.objection_answered",
        "project.complaint_filed",
        "project.complaint_decided",
    }
)
QUESTIONS = frozenset({"project.question_asked", "project.question_answered"})
ANNOUNCEMENTS = frozenset({"project.result_announced", "project.failed"})
TRANSITIONS = frozenset(
    f"project.{action}"
    for action in (
        "create edit submit approve return publish close_signup republish cancel confirm sign_contract deliver "
        "return_delivery accept evaluate withdraw_award disqualify"
    ).split()
)
STEPS = frozenset(
    {
        "project.bid",
        "project.scorers_assigned",
        "project.award_confirmed",
        "project.contract_prepared",
        "project.contract_signed",
        "project.extension_requested",
        "project.extension_decided",
        "project.evaluated",
        "project.award_corrected",  # an operator's correction of the published award (更正)
        "project.record_corrected",  # a party's new name or region in the public record
    }
)
# every project event type this table decides; a test fails when the platform writes one it does not know
PROJECT_EVENT_TYPES = (
    TRANSITIONS | ANNOUNCEMENTS | STEPS | SIGNUP_SECRET | OFFER_SECRET | SCORE_SECRET | DISPUTES | QUESTIONS
)


@dataclass(frozen=True)
class Caller:
    """A caller class: its name, and the organisation it belongs to (an agency's credit code, or None)."""

    name: str
    kind: str  # public, partner, operator, owner, agency
    credit_code: str | None = None


@dataclass(frozen=True)
class Expected:
    """An event a step writes: its type, the project's status after it, the agency it concerns."""

    type: str
    project: str  # project code
    status: str
    party: str | None = None  # credit code
    filer: str | None = None  # for disputes: the filing agency's credit code
    winner: str | None = None  # for results: the winning agency's credit code


def sees_project(caller: Caller, status: str) -> bool:
    """Drafts are the owner's and the operators'; a published project is everyone's."""
    return caller.kind in {"owner", "operator"} or status in PUBLIC_STATUSES


def told(caller: Caller, event: Expected) -> bool:
    """Whether `caller` receives `event` (in the change feed and in webhooks)."""
    if not sees_project(caller, event.status):
        return False
    own = caller.kind == "agency" and caller.credit_code in {event.party, event.filer}
    if event.type in SIGNUP_SECRET:
        return caller.kind in {"operator", "owner"} or own
    if event.type in OFFER_SECRET:
        return caller.kind == "operator" or own
    if event.type in SCORE_SECRET:
        return caller.kind == "operator"
    if event.type in DISPUTES:
        return caller.kind in {"operator", "owner"} or own
    return True


def names_party(caller: Caller, event: Expected) -> bool:
    """Whether `caller`, told of `event`, learns which agency it concerns."""
    own = caller.kind == "agency" and caller.credit_code in {event.party, event.filer}
    if event.type in SIGNUP_SECRET | OFFER_SECRET | SCORE_SECRET | DISPUTES:
        return caller.kind == "operator" or own
    return event.type not in QUESTIONS
