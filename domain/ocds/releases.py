"""OCDS 1.1 releases of a project, each showing the project as it stood right after one of its stages.

What a stage changed is read off the project's own stage events, in order: the n-th award-making
stage made the project's n-th award, a withdrawal or disqualification ended the award in force, the
n-th delivery stage delivered the n-th delivery, a return or acceptance decided it. Sign-ups count as
tenderers once sign-up closed; extensions move a contract's end once the owner agreed to them.
Only public facts appear: no person, no contract text, no delivery summary.

Codes: `tender.procurementMethod` is `direct` for direct purchase (网上直购) and `open` otherwise (anyone
eligible signs up); items are classified by the catalog's unified code (scheme `ZJFWSX`, 中介服务事项);
organisations with a unified social credit code are identified under org-id.guide's `CN-SAIC`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from zhongjie.base.settings import Publisher
from zhongjie.domain.agencies import credit_code
from zhongjie.domain.awards.vocabulary import ExtensionStatus
from zhongjie.domain.calendar import china_calendar
from zhongjie.domain.ocds.facts import Facts, ProjectFacts, StageEvent
from zhongjie.domain.ocds.stages import AWARD_ENDINGS, PUBLICATIONS, STAGE_TAGS
from zhongjie.domain.projects.events import RESULT_ACTIONS
from zhongjie.domain.projects.lifecycle import AFTER_RESULT
from zhongjie.domain.projects.vocabulary import (
    FundingType,
    ProjectAction,
    ProjectStatus,
    SelectionMethod,
    TradeMode,
)
from zhongjie.models import Agency, Organisation, ProjectAward, ServiceDelivery

OCDS_VERSION = "1.1"
CURRENCY = "CNY"
ITEM_SCHEME = "ZJFWSX"
ORGANISATION_SCHEME = "CN-SAIC"
A = ProjectAction
CLOSINGS = frozenset({A.CLOSE_SIGNUP, A.FAIL})
AWARD_CRITERIA = {
    SelectionMethod.BIDDING: "priceOnly",
    SelectionMethod.BEST_MERIT: "ratedCriteria",
}
AWARD_CRITERIA_DETAILS = {
    SelectionMethod.DIRECT: "直接选取：项目业主在符合条件的报名机构中选定",
    SelectionMethod.RANDOM: "随机选取：在符合条件的报名机构中公开可验证抽取",
    SelectionMethod.BIDDING: "竞价选取：密封首轮报价后限时多轮降价竞价，最低有效报价中选",
    SelectionMethod.AVERAGE_PRICE: "均价选取：密封报价，最接近有效报价均值者中选",
    SelectionMethod.BEST_MERIT: "择优选取：按公布的评审因素及权重评分，总分最高者中选",
}


def ocid(prefix: str, project_code: str) -> str:
    return f"{prefix}-{project_code}"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _value(amount: Decimal) -> dict[str, Any]:
    return {"amount": float(amount), "currency": CURRENCY}


# --- the project as of a stage ------------------------------------------------------------------


@dataclass
class AwardState:
    row: ProjectAward
    announced_at: datetime
    confirmed: bool = False
    ended: bool = False
    signed_at: datetime | None = None
    accepted_at: datetime | None = None
    deliveries: list[tuple[ServiceDelivery, str, datetime | None]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "cancelled" if self.ended else "active" if self.confirmed else "pending"


@dataclass
class StateAsOf:
    """What the stage events up to one stage had made of the project."""

    stage: StageEvent
    published_at: datetime | None = None
    closed_at: datetime | None = None
    awards: list[AwardState] = field(default_factory=list)

    @property
    def current(self) -> AwardState | None:
        live = [award for award in self.awards if not award.ended]
        return live[-1] if live else None


def state_as_of(facts: ProjectFacts, stage: StageEvent) -> StateAsOf:
    state = StateAsOf(stage)
    award_rows = iter(facts.awards)
    for event in facts.stages:
        _apply(state, facts, event, award_rows)
        if event.sequence == stage.sequence:
            break
    return state


def _apply(state: StateAsOf, facts: ProjectFacts, event: StageEvent, award_rows: Any) -> None:
    current = state.current
    if event.action in PUBLICATIONS:
        state.published_at, state.closed_at = event.at, None
    elif event.action in CLOSINGS:
        state.closed_at = event.at
    elif event.action in RESULT_ACTIONS:
        row = next(award_rows, None)
        if row is not None:
            state.awards.append(AwardState(row, event.at))
    elif current is None:
        return  # every stage below concerns the award in force
    elif event.action is A.CONFIRM:
        current.confirmed = True
    elif event.action in AWARD_ENDINGS:
        current.ended = True
    elif event.action is A.SIGN_CONTRACT:
        current.signed_at = event.at
    elif event.action is A.DELIVER:
        delivered = facts.deliveries.get(current.row.id, [])
        if len(current.deliveries) < len(delivered):
            current.deliveries.append((delivered[len(current.deliveries)], "scheduled", None))
    elif event.action in {A.RETURN_DELIVERY, A.ACCEPT} and current.deliveries:
        delivery, _, _ = current.deliveries[-1]
        current.deliveries[-1] = (delivery, "met" if event.action is A.ACCEPT else "notMet", event.at)
        if event.action is A.ACCEPT:
            current.accepted_at = event.at


# --- parties ------------------------------------------------------------------------------------


class Parties:
    """The organisations a release names, each once, with every role it plays."""

    def __init__(self, region_names: dict[str, str]) -> None:
        self.region_names = region_names
        self.parties: dict[str, dict[str, Any]] = {}

    def add(self, code: str, name: str, region_code: str | None, role: str) -> dict[str, str]:
        party_id = f"{ORGANISATION_SCHEME}-{code}" if credit_code.is_valid(code) else f"ZJ-ORG-{code}"
        party = self.parties.get(party_id)
        if party is None:
            identifier = {"id": code, "legalName": name}
            if credit_code.is_valid(code):
                identifier["scheme"] = ORGANISATION_SCHEME
            address = {"countryName": "中国"}
            if region_code and region_code in self.region_names:
                address["region"] = self.region_names[region_code]
            party = {"id": party_id, "name": name, "identifier": identifier, "address": address, "roles": []}
            self.parties[party_id] = party
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party_id, "name": name}

    def owner(self, owner: Organisation, role: str) -> dict[str, str]:
        return self.add(owner.code, owner.name or owner.code, owner.region_code, role)

    def agency(self, agency: Agency, role: str) -> dict[str, str]:
        return self.add(agency.credit_code, agency.name, agency.region_code, role)

    def all(self) -> list[dict[str, Any]]:
        return list(self.parties.values())


# --- the release --------------------------------------------------------------------------------


def release(
    facts: Facts, project_facts: ProjectFacts, stage: StageEvent, publisher: Publisher
) -> dict[str, Any]:
    """The release of `stage`: the project as it stood right after it."""
    project = project_facts.project
    state = state_as_of(project_facts, stage)
    parties = Parties(facts.region_names)
    buyer = parties.owner(project_facts.owner, "buyer")
    parties.owner(project_facts.owner, "procuringEntity")
    tender = _tender(facts, project_facts, state, parties)
    tender["procuringEntity"] = buyer
    awards = [_award(facts, project_facts, award, parties, publisher) for award in state.awards]
    contracts = [
        _contract(project_facts, award, stage.at) for award in state.awards if award.signed_at is not None
    ]
    result: dict[str, Any] = {
        "ocid": ocid(publisher.prefix, project.code),
        "id": f"{project.code}-{stage.sequence}",
        "date": timestamp(stage.at),
        "tag": list(STAGE_TAGS[stage.action]),
        "initiationType": "tender",
        "language": "zh",
        "parties": parties.all(),
        "buyer": buyer,
        "planning": _planning(project_facts),
        "tender": tender,
    }
    if awards:
        result["awards"] = awards
    if contracts:
        result["contracts"] = contracts
    return result


def _planning(project_facts: ProjectFacts) -> dict[str, Any]:
    project = project_facts.project
    budget: dict[str, Any] = {
        "description": FundingType(project.funding_type).label,
        "amount": _value(project.budget),
        "project": project.title,
    }
    if project.investment_project_code:
        budget["projectID"] = project.investment_project_code
    planning: dict[str, Any] = {"budget": budget}
    if project_facts.matter is not None:
        matter = project_facts.matter
        planning["rationale"] = f"办理政务服务事项「{matter.name}」（{matter.code}）所需的中介服务"
    return planning


def _tender_status(status: ProjectStatus) -> str:
    if status is ProjectStatus.FAILED:
        return "unsuccessful"
    if status is ProjectStatus.CANCELLED:
        return "cancelled"
    return "complete" if status in AFTER_RESULT else "active"


def _tender(facts: Facts, project_facts: ProjectFacts, state: StateAsOf, parties: Parties) -> dict[str, Any]:
    project, item = project_facts.project, project_facts.item
    method, trade_mode = SelectionMethod(project.selection_method), TradeMode(project.trade_mode)
    tender: dict[str, Any] = {
        "id": project.code,
        "title": project.title,
        "description": project.scope,
        "status": _tender_status(ProjectStatus(state.stage.to_status)),
        "items": [
            {
                "id": "1",
                "description": item.name,
                "classification": {"scheme": ITEM_SCHEME, "id": item.code, "description": item.name},
                "quantity": 1,
            }
        ],
        "value": _value(project.price_ceiling),
        "procurementMethod": "direct" if trade_mode is TradeMode.DIRECT_PURCHASE else "open",
        "procurementMethodDetails": f"{trade_mode.label}，{method.label}",
        "mainProcurementCategory": "services",
        "awardCriteriaDetails": AWARD_CRITERIA_DETAILS[method],
        "submissionMethod": ["electronicSubmission"],
        "hasEnquiries": bool(
            project_facts.first_question_at and project_facts.first_question_at <= state.stage.at
        ),
    }
    if project.price_floor is not None:
        tender["minValue"] = _value(project.price_floor)
    criteria = "qualityOnly" if trade_mode is TradeMode.REWARD else AWARD_CRITERIA.get(method)
    if criteria:
        tender["awardCriteria"] = criteria
    if project.requirements:
        tender["eligibilityCriteria"] = "资质要求：" + "；".join(
            _requirement(facts, requirement) for requirement in project.requirements
        )
    if state.published_at is not None:
        deadline = china_calendar().leniently().deadline(state.published_at, project.signup_working_days)
        tender["tenderPeriod"] = {"startDate": timestamp(state.published_at), "endDate": timestamp(deadline)}
    if state.closed_at is not None or state.awards:
        tenderers = [parties.agency(facts.agencies[a], "tenderer") for a in _tenderers(project_facts, state)]
        tender["numberOfTenderers"] = len(tenderers)
        if tenderers:
            tender["tenderers"] = tenderers
    return tender


def _requirement(facts: Facts, requirement: dict[str, Any]) -> str:
    name = facts.qualification_names.get(requirement["type"], requirement["type"])
    level = requirement.get("min_level")
    return f"{name}（{level}及以上）" if level else name


def _tenderers(project_facts: ProjectFacts, state: StateAsOf) -> Iterable[int]:
    """Agencies signed up when sign-up closed, consortium members after their lead."""
    closed = state.closed_at or state.stage.at
    for signup in project_facts.signups:
        if signup.signed_up_at <= closed and (signup.withdrawn_at is None or signup.withdrawn_at > closed):
            yield signup.agency_id
            yield from signup.member_agency_ids or []


def _award(
    facts: Facts, project_facts: ProjectFacts, award: AwardState, parties: Parties, publisher: Publisher
) -> dict[str, Any]:
    project, row = project_facts.project, award.row
    suppliers = [parties.agency(facts.agencies[row.agency_id], "supplier")]
    for signup in project_facts.signups:
        if signup.agency_id == row.agency_id:  # a consortium wins together
            suppliers += [
                parties.agency(facts.agencies[m], "supplier") for m in signup.member_agency_ids or []
            ]
    result: dict[str, Any] = {
        "id": f"{project.code}-award-{row.id}",
        "title": f"{project.title}中选结果",
        "status": award.status,
        "date": timestamp(award.announced_at),
        "suppliers": suppliers,
    }
    offer = project_facts.best_offers.get(row.agency_id)
    if row.corrections:  # 更正: the latest corrected value, each correction an amendment
        result["value"] = _value(Decimal(row.corrections[-1]["price"]))
        result["amendments"] = [
            {
                "id": f"{project.code}-award-{row.id}-correction-{number}",
                "date": timestamp(datetime.fromisoformat(correction["at"])),
                "rationale": correction["rationale"],
                "description": f"中选金额更正为 {correction['price']} 元",
            }
            for number, correction in enumerate(row.corrections, start=1)
        ]
    elif offer is not None:
        result["value"] = _value(offer)
    elif TradeMode(project.trade_mode) is TradeMode.REWARD:
        result["value"] = _value(project.price_ceiling)  # the fixed fee (奖励)
    if award.confirmed and not award.ended:
        result["documents"] = [
            {
                "id": f"letter-{row.id}",
                "documentType": "awardNotice",
                "title": "中选确认书",
                "url": f"{publisher.base_url}/letters/{project.code}.pdf",
                "format": "application/pdf",
                "language": "zh",
            }
        ]
    return result


def _contract(project_facts: ProjectFacts, award: AwardState, as_of: datetime) -> dict[str, Any]:
    """The signed contract; its end moves with the extensions agreed by `as_of`."""
    project, row = project_facts.project, award.row
    assert award.signed_at is not None
    extra = sum(
        extension.working_days
        for extension in project_facts.extensions.get(row.id, [])
        if extension.status == ExtensionStatus.APPROVED.value
        and extension.decided_at is not None
        and extension.decided_at <= as_of
    )
    due = china_calendar().leniently().deadline(award.signed_at, project.time_limit_days + extra)
    contract: dict[str, Any] = {
        "id": f"{project.code}-contract-{row.id}",
        "awardID": f"{project.code}-award-{row.id}",
        "title": f"{project.title}服务合同",
        "status": "terminated" if award.accepted_at else "active",
        "dateSigned": timestamp(award.signed_at),
        "period": {"startDate": timestamp(award.signed_at), "endDate": timestamp(due)},
    }
    if row.price is not None:
        contract["value"] = _value(row.price)
    if award.deliveries:
        contract["implementation"] = {
            "milestones": [
                _milestone(delivery, status, decided, due) for delivery, status, decided in award.deliveries
            ]
        }
    return contract


def _milestone(
    delivery: ServiceDelivery, status: str, decided: datetime | None, due: datetime
) -> dict[str, Any]:
    milestone: dict[str, Any] = {
        "id": f"delivery-{delivery.number}",
        "title": f"第 {delivery.number} 次提交服务成果",
        "type": "delivery",
        "dueDate": timestamp(due),
        "status": status,
        "dateModified": timestamp(decided or delivery.delivered_at),
    }
    if status == "met" and decided is not None:
        milestone["dateMet"] = timestamp(decided)
    return milestone


def package(
    releases: list[dict[str, Any]], publisher: Publisher, uri: str, published_at: datetime
) -> dict[str, Any]:
    """A release package (发布包) of `releases`, as served at `uri`."""
    result: dict[str, Any] = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": timestamp(published_at),
        "publisher": {"name": publisher.name, "uri": publisher.base_url},
        "releases": releases,
    }
    if publisher.license:
        result["license"] = publisher.license
    if publisher.publication_policy:
        result["publicationPolicy"] = publisher.publication_policy
    return result
