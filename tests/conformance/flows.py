"""One flow description per selection method, and the driver that takes a cell of the matrix through a
project's whole life over the public API, checking after every step what each caller class was pushed.

A cell is a selection method (with its variant: a credit-weighted draw) in one trade mode with one kind of
funds. The driver runs the application, publication, a question, the sign-ups (one withdrawn), the method's
own steps up to the result, an objection, both confirmations, the contract, an extension, a returned and a
repeated delivery, acceptance and both evaluations — or one of the failure paths. After every step it
compares, per caller class, the change feed and the result pushes with `audiences` (what must arrive and
nothing else, in order per project), and checks the audit entry of the step's request, the statistics of
the cell's market and the project's latest OCDS release; at the end it checks the signed webhooks a partner
received and validates every release of the cell with libcoveocds.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.awards.award_flow import after_publicity
from tests.conformance.audiences import (
    ANNOUNCEMENTS,
    PROJECT_EVENT_TYPES,
    Caller,
    Expected,
    names_party,
    sees_project,
    told,
)
from tests.conformance.world import Agency, Listener, World
from tests.ocds.validation import CLEAN, problems
from tests.webhook_receiver import verifies
from zhongjie.server.scheduler import run_timed_jobs

ITEM = "ZJ-ZR-006"
MATTER = "370000-XK-0704"
CEILING = Decimal("75000.00")
MERIT = [
    {"criterion": "PRICE", "weight": 30},
    {"criterion": "PLAN", "weight": 40},
    {"criterion": "EXPERIENCE", "weight": 30},
]
REWARD_MERIT = [{"criterion": "PLAN", "weight": 60}, {"criterion": "EXPERIENCE", "weight": 40}]
PROJECT = "project { id code status }"
AFTER_RESULT_STATUSES = {"RESULT_ANNOUNCED", "CONFIRMED", "IN_SERVICE", "DELIVERED", "ACCEPTED", "COMPLETED"}
STAGE_TAGS = {
    "project.publish": ["tender"],
    "project.republish": ["tenderUpdate"],
    "project.close_signup": ["tenderUpdate"],
    "project.failed": ["tenderUpdate"],
    "project.result_announced": ["award"],
    "project.confirm": ["awardUpdate"],
    "project.withdraw_award": ["awardUpdate"],
    "project.disqualify": ["awardUpdate"],
    "project.sign_contract": ["contract"],
    "project.deliver": ["implementation"],
    "project.return_delivery": ["implementation"],
    "project.accept": ["implementation", "contractTermination"],
}
FIGURES = "projects results failed contracts objections complaints evaluations"


@dataclass
class ProjectState:
    """One project of a cell as the flow expects it to be."""

    id: str
    code: str
    status: str = "DRAFT"
    winner: Agency | None = None
    contracts: int = 0
    objections: int = 0
    complaints: int = 0
    evaluations: int = 0
    tags: list[list[str]] = field(default_factory=list)  # OCDS release tags, stage by stage


@dataclass(frozen=True)
class Spec:
    method: Method
    trade_mode: str
    funding: str

    @property
    def id(self) -> str:
        return f"{self.method.name}-{self.trade_mode}-{self.funding}"


@dataclass
class Cell:
    world: World
    spec: Spec
    folder: Path
    investment: str = field(default_factory=lambda: f"2026-370126-70-01-{uuid.uuid4().int % 10**6:06d}")
    owner: str = ""
    projects: list[ProjectState] = field(default_factory=list)
    bidders: list[Agency] = field(default_factory=list)
    members: dict[str, Agency] = field(default_factory=dict)  # a lead's consortium member
    withdrawer: Agency | None = None
    listeners: dict[str, tuple[Caller, Listener]] = field(default_factory=dict)
    expected: list[Expected] = field(default_factory=list)
    baseline: dict[str, int] = field(default_factory=dict)
    start_cursor: str | None = None
    scorers: list[str] = field(default_factory=list)
    endpoint: dict[str, Any] = field(default_factory=dict)
    ended: set[str] = field(default_factory=set)  # credit codes of winners whose award ended
    answered_at: float = 0.0  # wall-clock time of the last mutation's answer
    announced_at: list[float] = field(default_factory=list)  # … of each result's announcement

    @property
    def primary(self) -> ProjectState:
        return self.projects[0]

    # --- acting ---------------------------------------------------------------------------------

    async def act(
        self,
        token: str,
        name: str,
        input_type: str,
        variables: dict,
        emits: list[Expected] | Callable[[dict], list[Expected]],
        selection: str = PROJECT,
    ) -> dict:
        """One mutation with its own request id; then every check of a step. `emits` lists the events
        the step writes, or makes them from the mutation's payload."""
        request_id = uuid.uuid4().hex
        query = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) "
            f"{{ {selection} errors {{ code field message }} }} }}"
        )
        response = await self.world.http.post(
            "/graphql",
            json={"query": query, "variables": {"input": variables}},
            headers={"authorization": f"Bearer {token}", "x-request-id": request_id},
        )
        self.answered_at = time.time()
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        payload = body["data"][name]
        assert payload["errors"] == [], (name, payload["errors"])
        await self.happened(emits(payload) if callable(emits) else emits)
        await self.check_audit(name, request_id)
        return payload

    async def happened(self, emits: list[Expected]) -> None:
        """What a step wrote: remember it, move the projects' expected state, check the pushes."""
        for event in emits:
            self.expected.append(event)
            state = self.state(event.project)
            state.status = event.status
            if event.type in STAGE_TAGS:
                state.tags.append(STAGE_TAGS[event.type])
        await self.check_pushes()
        await self.check_statistics()
        for state in {self.state(event.project).code: self.state(event.project) for event in emits}.values():
            await self.check_release(state)

    def state(self, code: str) -> ProjectState:
        return next(state for state in self.projects if state.code == code)

    def event(self, type: str, project: ProjectState, status: str | None = None, **facts: Any) -> Expected:
        return Expected(type, project.code, status or project.status, **facts)

    # --- checking -------------------------------------------------------------------------------

    def expected_for(self, caller: Caller) -> tuple[dict[str, list[tuple]], dict[str, list[tuple]]]:
        events: dict[str, list[tuple]] = {state.code: [] for state in self.projects}
        results: dict[str, list[tuple]] = {state.code: [] for state in self.projects}
        for event in self.expected:
            if told(caller, event):
                events[event.project].append(
                    (event.type, event.party if names_party(caller, event) else None, event.winner)
                )
            if event.type in ANNOUNCEMENTS and sees_project(caller, event.status):
                outcome = "FAILED" if event.type == "project.failed" else "AWARDED"
                results[event.project].append((outcome, event.winner))
        return events, results

    @staticmethod
    def received(listener: Listener) -> tuple[dict[str, list[tuple]], dict[str, list[tuple]]]:
        events: dict[str, list[tuple]] = {}
        for event in listener.events:
            result = event["result"]
            winner = (result["winner"] or {}).get("creditCode") if result else None
            events.setdefault(event["project"]["code"], []).append(
                (event["type"], (event["party"] or {}).get("creditCode"), winner)
            )
        results: dict[str, list[tuple]] = {}
        for pushed in listener.results:
            winner = (pushed["winner"] or {}).get("creditCode")
            results.setdefault(pushed["project"]["code"], []).append((pushed["outcome"], winner))
        return events, results

    async def check_pushes(self) -> None:
        for name, (caller, listener) in self.listeners.items():
            events, results = self.expected_for(caller)
            await listener.until(sum(map(len, events.values())), sum(map(len, results.values())))
            got_events, got_results = self.received(listener)
            for code in events:
                assert got_events.get(code, []) == events[code], (self.spec.id, name, code)
                assert got_results.get(code, []) == results[code], (self.spec.id, name, code)
            assert set(got_events) <= set(events) and set(got_results) <= set(results), (self.spec.id, name)

    async def check_audit(self, action: str, request_id: str) -> None:
        query = """query($action: String) { auditLog(first: 1, action: $action) {
          edges { node { action outcome requestId } } } }"""
        entries = (await self.world.graphql(self.world.operator, query, {"action": action}))["auditLog"][
            "edges"
        ]
        assert [edge["node"] for edge in entries] == [
            {"action": action, "outcome": "ok", "requestId": request_id}
        ], (self.spec.id, action)

    async def figures(self) -> dict[str, int]:
        query = f"""query($filter: StatisticsFilter) {{ statistics(filter: $filter) {{ totals {{ {FIGURES} }} }} }}"""
        scope = {
            "regionCode": "370126",
            "serviceItemCode": ITEM,
            "fundingTypes": [self.spec.funding],
            "tradeModes": [self.spec.trade_mode],
            "selectionMethods": [self.spec.method.selection_method],
        }
        return (await self.world.graphql(None, query, {"filter": scope}))["statistics"]["totals"]

    async def check_statistics(self) -> None:
        published = [state for state in self.projects if state.tags]
        expected = {
            "projects": len(published),
            "results": sum(state.status in AFTER_RESULT_STATUSES for state in self.projects),
            "failed": sum(state.status == "FAILED" for state in self.projects),
            "contracts": sum(state.contracts for state in self.projects),
            "objections": sum(state.objections for state in self.projects),
            "complaints": sum(state.complaints for state in self.projects),
            "evaluations": sum(state.evaluations for state in self.projects),
        }
        now = await self.figures()
        assert {key: now[key] - self.baseline[key] for key in expected} == expected, self.spec.id

    async def check_release(self, state: ProjectState) -> None:
        query = "query($code: String!) { project(code: $code) { ocdsRelease } }"
        release = (await self.world.graphql(self.owner, query, {"code": state.code}))["project"][
            "ocdsRelease"
        ]
        if not state.tags:
            assert release is None, state.code
        else:
            assert release["tag"] == state.tags[-1], (self.spec.id, state.code)

    def concerns(self, body: str) -> bool:
        project = json.loads(body)["data"]["events"]["project"]
        return project is not None and project["code"] in {state.code for state in self.projects}

    async def check_end(self) -> None:
        """Nothing more arrives; the partner's webhooks are signed and complete; every release validates."""
        await asyncio.sleep(0.3)
        await self.check_pushes()
        partner = Caller("partner", "partner")
        wanted = sorted(event.type for event in self.expected if told(partner, event))
        deadline = asyncio.get_running_loop().time() + 15
        while True:
            hooks = [request for request in self.world.hooks.requests if self.concerns(request.body)]
            if len(hooks) >= len(wanted) or asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.1)
        assert sorted(json.loads(request.body)["type"] for request in hooks) == wanted, self.spec.id
        assert all(verifies(self.endpoint["secret"], request) for request in hooks)
        assert len({request.headers["webhook-id"] for request in hooks}) == len(hooks)
        response = await self.world.http.get(
            "/ocds/releases", params={"cursor": self.start_cursor, "limit": 500}
        )
        package = response.json()
        codes = {state.code for state in self.projects}
        package["releases"] = [release for release in package["releases"] if release["tender"]["id"] in codes]
        for state in self.projects:
            tags = [
                release["tag"] for release in package["releases"] if release["tender"]["id"] == state.code
            ]
            assert tags == state.tags, (self.spec.id, state.code)
        assert problems(package, self.folder) == CLEAN, self.spec.id

    # --- the people -----------------------------------------------------------------------------

    async def listen(self, stack: AsyncExitStack) -> None:
        world = self.world
        people: list[tuple[Caller, str | None]] = [
            (Caller("public", "public"), None),
            (Caller("partner", "partner"), world.partner),
            (Caller("operator", "operator"), world.operator),
            (Caller("owner", "owner"), self.owner),
        ]
        for agency in [*self.bidders, *self.members.values(), self.withdrawer]:
            if agency is not None:
                people.append(
                    (
                        Caller(f"agency {agency.credit_code}", "agency", agency.credit_code),
                        agency.people.admin,
                    )
                )
        for caller, token in people:
            listener = await stack.enter_async_context(world.listening(caller.name, token, self.investment))
            self.listeners[caller.name] = (caller, listener)

    def members_of(self, agency: Agency) -> list[str] | None:
        member = self.members.get(agency.credit_code)
        return [member.credit_code] if member else None


# --- the method flows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Method:
    """What a selection method needs before the close, and how its result is announced."""

    name: str
    selection_method: str
    bidders: int
    trade_modes: tuple[str, ...]
    prepare: Callable[[Cell], Awaitable[None]]
    select: Callable[[Cell, int], Awaitable[None]]  # the result number being announced (1, 2, …)
    overrides: dict[str, Any] = field(default_factory=dict)


async def _nothing(cell: Cell) -> None:
    return None


INPUT_TYPES = {
    "selectProjectAgency": "SelectProjectAgencyInput",
    "drawProjectAgency": "DrawProjectAgencyInput",
}


async def _announced(cell: Cell, token: str, name: str, variables: dict, number: int) -> None:
    """Run the mutation that announces result `number`; the winner is whoever the answer names (a draw's
    is not known before), and a first result follows to the other projects of a batch."""

    def results(payload: dict) -> list[Expected]:
        code = payload["project"]["result"]["agency"]["creditCode"]
        winner = next(agency for agency in cell.bidders if agency.credit_code == code)
        following = cell.projects if number == 1 else cell.projects[:1]
        for state in following:
            state.winner = winner
        return [
            cell.event("project.result_announced", state, "RESULT_ANNOUNCED", winner=code)
            for state in following
        ]

    selection = "project { id result { agency { creditCode } } }"
    await cell.act(token, name, INPUT_TYPES.get(name, "ProjectActionInput"), variables, results, selection)
    cell.announced_at.append(cell.answered_at)


def _competing(cell: Cell) -> list[Agency]:
    """Bidders whose award has not ended."""
    return [agency for agency in cell.bidders if agency.credit_code not in cell.ended]


async def _select_directly(cell: Cell, number: int) -> None:
    chosen = _competing(cell)[0]
    variables = {"projectId": cell.primary.id, "agencyId": chosen.id, "reason": "经比较服务方案最优"}
    await _announced(cell, cell.owner, "selectProjectAgency", variables, number)


async def _draw(cell: Cell, number: int) -> None:
    variables = {"projectId": cell.primary.id, "witness": f"公证员现场提供：{uuid.uuid4().int % 10**6}"}
    await _announced(cell, cell.owner, "drawProjectAgency", variables, number)


OFFERS = ("62000.00", "60000.00", "70000.00")  # mean 64000: the average-price rule picks 62000


async def _seal_offers(cell: Cell) -> None:
    for state in cell.projects:
        for agency, price in zip(cell.bidders, OFFERS, strict=True):
            await cell.act(
                agency.people.admin,
                "submitOffer",
                "SubmitOfferInput",
                {"projectId": state.id, "price": price},
                [cell.event("project.offer_sealed", state, party=agency.credit_code)],
                "offer { price }",
            )


async def _open_offers(cell: Cell, number: int) -> None:
    await _announced(cell, cell.owner, "openOffers", {"projectId": cell.primary.id}, number)


async def _bid_then_open(cell: Cell, number: int) -> None:
    if number == 1:
        query = "query($code: String!) { biddingStanding(projectCode: $code) { closesAt round } }"
        bidder = cell.bidders[2]
        cell.world.clock.now += timedelta(seconds=60)
        await cell.act(
            bidder.people.admin,
            "submitBid",
            "SubmitBidInput",
            {"projectId": cell.primary.id, "price": "59000.00"},
            [cell.event("project.bid", cell.primary)],
            "offer { price }",
        )
        standing = await cell.world.graphql(bidder.people.admin, query, {"code": cell.primary.code})
        cell.world.clock.now = datetime.fromisoformat(standing["biddingStanding"]["closesAt"])
    await _open_offers(cell, number)


async def _assign_scorers(cell: Cell) -> None:
    cell.scorers = [cell.world.scorer() for _ in range(2)]
    ids = [
        (await cell.world.graphql(token, "{ viewer { user { id } } }"))["viewer"]["user"]["id"]
        for token in cell.scorers
    ]
    await cell.act(
        cell.world.operator,
        "assignScorers",
        "AssignScorersInput",
        {"projectId": cell.primary.id, "scorerIds": ids},
        [cell.event("project.scorers_assigned", cell.primary)],
    )


async def _score_then_rank(cell: Cell, number: int) -> None:
    if number == 1:
        criteria = REWARD_MERIT if cell.spec.trade_mode == "REWARD" else MERIT
        for token in cell.scorers:
            for rank, agency in enumerate(cell.bidders):
                scores = [{"criterion": c["criterion"], "score": 90 - 10 * rank} for c in criteria]
                await cell.act(
                    token,
                    "scoreBidder",
                    "ScoreBidderInput",
                    {"projectId": cell.primary.id, "agencyId": agency.id, "scores": scores},
                    [cell.event("project.score_recorded", cell.primary, party=agency.credit_code)],
                )
    await _announced(cell, cell.owner, "rankBidders", {"projectId": cell.primary.id}, number)


ALL_MODES = ("CHOOSE_ONE", "BATCH", "CONSORTIUM")
METHODS = [
    Method("DIRECT", "DIRECT", 2, ("DIRECT_PURCHASE", *ALL_MODES), _nothing, _select_directly),
    Method("RANDOM", "RANDOM", 3, ALL_MODES, _nothing, _draw),
    Method("RANDOM_CREDIT_WEIGHTED", "RANDOM", 3, ALL_MODES, _nothing, _draw, {"creditWeightedDraw": True}),
    Method("AVERAGE_PRICE", "AVERAGE_PRICE", 3, ALL_MODES, _seal_offers, _open_offers),
    Method("BIDDING", "BIDDING", 3, ALL_MODES, _seal_offers, _bid_then_open, {"priceFloor": "30000.00"}),
    Method("BEST_MERIT", "BEST_MERIT", 3, (*ALL_MODES, "REWARD"), _assign_scorers, _score_then_rank),
]
METHODS_BY_NAME = {method.name: method for method in METHODS}


# --- the driver -----------------------------------------------------------------------------------


FEED_PAGE = "query($after: String) { events(after: $after, first: 100) { endCursor hasMore } }"


async def end_of_feed(world: World) -> str | None:
    """The cursor after the last committed event, paging through the feed as any reader would."""
    cursor, more = None, True
    while more:
        page = (await world.graphql(world.operator, FEED_PAGE, {"after": cursor}))["events"]
        cursor, more = page["endCursor"] or cursor, page["hasMore"]
    return cursor


def application(cell: Cell, title: str) -> dict:
    spec = cell.spec
    fields = {
        "title": title,
        "regionCode": "370126",
        "serviceItemCode": ITEM,
        "administrativeMatterCode": MATTER,
        "investmentProjectCode": cell.investment,
        "fundingType": spec.funding,
        "tradeMode": spec.trade_mode,
        "selectionMethod": spec.method.selection_method,
        "budget": "80000.00",
        "priceCeiling": f"{CEILING}",
        "scope": "对项目住宅楼进行预售面积测绘，出具房产测绘成果报告。",
        "timeLimitDays": 10,
        "signupWorkingDays": 3,
        **spec.method.overrides,
    }
    if spec.method.selection_method == "BEST_MERIT":
        fields["meritCriteria"] = REWARD_MERIT if spec.trade_mode == "REWARD" else MERIT
    if spec.trade_mode == "REWARD":
        fields["priceCeiling"] = fields["budget"]
    if spec.trade_mode == "BATCH":
        fields["batchCode"] = f"PC-{cell.investment[-6:]}"
    return fields


async def publish(cell: Cell, count: int) -> None:
    for n in range(count):
        title = f"商河县住宅项目房产测绘（{cell.spec.id} 第 {n + 1} 标）"

        def created(payload: dict) -> list[Expected]:
            cell.projects.append(ProjectState(payload["project"]["id"], payload["project"]["code"]))
            return [cell.event("project.create", cell.projects[-1], "DRAFT")]

        variables = {"project": application(cell, title)}
        await cell.act(cell.owner, "createProject", "CreateProjectInput", variables, created)
        state = cell.projects[-1]
        for token, name, status in (
            (cell.owner, "submitProject", "SUBMITTED"),
            (cell.world.operator, "approveProject", "APPROVED"),
            (cell.world.operator, "publishProject", "PUBLISHED"),
        ):
            await cell.act(
                token,
                name,
                "ProjectActionInput",
                {"projectId": state.id},
                [cell.event(f"project.{name.removesuffix('Project')}", state, status)],
            )


async def sign_up(cell: Cell) -> None:
    asker = cell.withdrawer
    assert asker is not None
    asked = await cell.act(
        asker.people.admin,
        "askQuestion",
        "FileEnquiryInput",
        {"projectId": cell.primary.id, "content": "成果报告是否需要提供电子版？"},
        [cell.event("project.question_asked", cell.primary)],
        "enquiry { id }",
    )
    await cell.act(
        cell.owner,
        "answerEnquiry",
        "AnswerEnquiryInput",
        {"enquiryId": asked["enquiry"]["id"], "answer": "需要，同时提供纸质版两份。"},
        [cell.event("project.question_answered", cell.primary)],
        "enquiry { id }",
    )
    for state in cell.projects:
        for agency in cell.bidders:
            await cell.act(
                agency.people.admin,
                "signUpForProject",
                "ProjectSignupInput",
                {"projectId": state.id, "memberCreditCodes": cell.members_of(agency)},
                [cell.event("project.signed_up", state, party=agency.credit_code)],
                "signup { signedUpAt }",
            )
    variables = {"projectId": cell.primary.id, "memberCreditCodes": cell.members_of(asker)}
    for name, event in (
        ("signUpForProject", "project.signed_up"),
        ("withdrawProjectSignup", "project.signup_withdrawn"),
    ):
        await cell.act(
            asker.people.admin,
            name,
            "ProjectSignupInput",
            variables if name == "signUpForProject" else {"projectId": cell.primary.id},
            [cell.event(event, cell.primary, party=asker.credit_code)],
            "signup { signedUpAt }",
        )


async def close(cell: Cell, outcome: str = "project.close_signup") -> None:
    query = "query($code: String!) { project(code: $code) { signupDeadline } }"
    deadlines = [
        datetime.fromisoformat(
            (await cell.world.graphql(None, query, {"code": state.code}))["project"]["signupDeadline"]
        )
        for state in cell.projects
    ]
    moment = max(deadlines) + timedelta(seconds=1)
    assert await run_timed_jobs(cell.world.database, moment) is not None
    cell.world.clock.at_least(moment + timedelta(seconds=1))
    status = "SELECTION" if outcome == "project.close_signup" else "FAILED"
    await cell.happened([cell.event(outcome, state, status) for state in cell.projects])


def loser(cell: Cell, state: ProjectState) -> Agency:
    return next(agency for agency in cell.bidders if agency is not state.winner)


async def object_and_answer(cell: Cell) -> None:
    state, objector = cell.primary, loser(cell, cell.primary)
    state.objections += 1
    filed = await cell.act(
        objector.people.admin,
        "fileObjection",
        "FileEnquiryInput",
        {"projectId": state.id, "content": "中选机构的业绩证明存疑，请核实。"},
        [
            cell.event(
                "project.objection_filed", state, party=objector.credit_code, filer=objector.credit_code
            )
        ],
        "enquiry { id }",
    )
    await cell.act(
        cell.owner,
        "answerEnquiry",
        "AnswerEnquiryInput",
        {"enquiryId": filed["enquiry"]["id"], "answer": "经核实，业绩证明真实有效。"},
        [
            cell.event(
                "project.objection_answered", state, party=objector.credit_code, filer=objector.credit_code
            )
        ],
        "enquiry { id }",
    )


async def perform(cell: Cell, state: ProjectState) -> None:
    """From the result to COMPLETED: confirmations, contract, extension, deliveries, evaluations."""
    winner = state.winner
    assert winner is not None
    project = {"projectId": state.id}
    code = winner.credit_code
    await cell.act(
        cell.owner,
        "confirmAward",
        "ProjectActionInput",
        project,
        [cell.event("project.award_confirmed", state, party=code)],
    )
    await cell.act(
        winner.people.admin,
        "confirmAward",
        "ProjectActionInput",
        project,
        [
            cell.event("project.award_confirmed", state, party=code),
            cell.event("project.confirm", state, "CONFIRMED"),
        ],
    )
    prepared = await cell.act(
        cell.owner,
        "prepareContract",
        "PrepareContractInput",
        {**project, "price": "58000.00"},
        [cell.event("project.contract_prepared", state, party=code)],
        "project { award { contract { documentHash } } }",
    )
    document = {**project, "documentHash": prepared["project"]["award"]["contract"]["documentHash"]}
    await cell.act(
        cell.owner,
        "signContract",
        "SignContractInput",
        document,
        [cell.event("project.contract_signed", state, party=code)],
    )
    state.contracts = 1
    await cell.act(
        winner.people.admin,
        "signContract",
        "SignContractInput",
        document,
        [
            cell.event("project.contract_signed", state, party=code),
            cell.event("project.sign_contract", state, "IN_SERVICE"),
        ],
    )
    cell.world.clock.now += timedelta(days=2)
    asked = await cell.act(
        winner.people.admin,
        "requestServiceExtension",
        "RequestServiceExtensionInput",
        {**project, "workingDays": 2, "reason": "需补充外业测量"},
        [cell.event("project.extension_requested", state, party=code)],
        "project { award { extensions { id } } }",
    )
    extension = asked["project"]["award"]["extensions"][-1]["id"]
    await cell.act(
        cell.owner,
        "decideServiceExtension",
        "DecideServiceExtensionInput",
        {"extensionId": extension, "consent": True},
        [cell.event("project.extension_decided", state, party=code)],
    )
    deliver = {**project, "summary": "房产测绘成果报告一份"}
    await cell.act(
        winner.people.admin,
        "deliverService",
        "DeliverServiceInput",
        deliver,
        [cell.event("project.deliver", state, "DELIVERED")],
    )
    await cell.act(
        cell.owner,
        "returnService",
        "ReturnServiceInput",
        {**project, "reasons": "缺少分层平面图"},
        [cell.event("project.return_delivery", state, "IN_SERVICE")],
    )
    await cell.act(
        winner.people.admin,
        "deliverService",
        "DeliverServiceInput",
        deliver,
        [cell.event("project.deliver", state, "DELIVERED")],
    )
    await cell.act(
        cell.owner,
        "acceptService",
        "ProjectActionInput",
        project,
        [cell.event("project.accept", state, "ACCEPTED")],
    )
    scores = {"quality": 5, "timeliness": 4, "attitude": 5, "feeReasonableness": 4, "standardisation": 5}
    state.evaluations += 1
    await cell.act(
        cell.owner,
        "evaluateService",
        "EvaluateServiceInput",
        {**project, **scores},
        [
            cell.event("project.evaluate", state, "COMPLETED"),
            cell.event("project.evaluated", state, "COMPLETED", party=code),
        ],
    )
    state.evaluations += 1
    await cell.act(
        cell.world.authority,
        "evaluateService",
        "EvaluateServiceInput",
        {**project, **scores},
        [cell.event("project.evaluated", state, party=code)],
    )


async def end_award(cell: Cell, how: str, number: int) -> None:
    """The winner withdraws, is disqualified, or a complaint against it is upheld; then the method selects
    again (the next-ranked or a new round), or the project fails when no competitor is left."""
    state = cell.primary
    winner = state.winner
    assert winner is not None
    cell.ended.add(winner.credit_code)
    reason = {"projectId": state.id, "reason": "因故无法履约"}
    if how == "withdraw":
        emits = [cell.event("project.withdraw_award", state, "SELECTION")]
        token, name, input_type = winner.people.admin, "withdrawFromAward", "EndAwardInput"
    elif how == "disqualify":
        emits = [cell.event("project.disqualify", state, "SELECTION")]
        token, name, input_type = cell.world.operator, "disqualifyAward", "EndAwardInput"
    else:
        complainant = loser(cell, state)
        state.complaints += 1
        filed = await cell.act(
            complainant.people.admin,
            "fileComplaint",
            "FileEnquiryInput",
            {"projectId": state.id, "content": "中选机构提供虚假业绩。"},
            [
                cell.event(
                    "project.complaint_filed",
                    state,
                    party=complainant.credit_code,
                    filer=complainant.credit_code,
                )
            ],
            "enquiry { id }",
        )
        emits = [
            cell.event(
                "project.complaint_decided",
                state,
                party=complainant.credit_code,
                filer=complainant.credit_code,
            ),
            cell.event("project.disqualify", state, "SELECTION"),
        ]
        token, name, input_type = cell.world.operator, "decideComplaint", "DecideComplaintInput"
        reason = {"enquiryId": filed["enquiry"]["id"], "upheld": True, "decision": "投诉成立，取消中选资格。"}
    left = _competing(cell)
    if not left:
        emits.append(cell.event("project.failed", state, "FAILED"))
    await cell.act(
        token,
        name,
        input_type,
        reason,
        emits,
        "project { id status }" if "projectId" in reason else "enquiry { id }",
    )
    if left:
        await cell.spec.method.select(cell, number + 1)


async def drive(cell: Cell, path: str) -> None:
    """Take the cell along `path`: "completed", "announced" (up to the first result), "no sign-ups",
    "withdraw", "disqualify", "complaint" or "nobody left"."""
    world, spec = cell.world, cell.spec
    world.clock.reset()  # each cell lives its own weeks, within the agencies' certificates
    cell.owner, _ = world.owner()
    pool = iter(world.pool)
    if path != "no sign-ups":
        cell.bidders = [next(pool) for _ in range(spec.method.bidders)]
        cell.withdrawer = next(pool)
        if spec.trade_mode == "CONSORTIUM":
            for lead in [*cell.bidders, cell.withdrawer]:
                cell.members[lead.credit_code] = next(pool)
    cell.baseline = await cell.figures()
    cell.start_cursor = await end_of_feed(world)
    registered = await world.mutate(
        world.partner,
        "createWebhookEndpoint",
        "CreateWebhookEndpointInput",
        {
            "url": world.hooks.url,
            "eventTypes": sorted(PROJECT_EVENT_TYPES),
            "filter": {"investmentProjectCodes": [cell.investment]},
        },
        "endpoint { id } secret",
    )
    cell.endpoint = {"id": registered["endpoint"]["id"], "secret": registered["secret"]}
    try:
        async with AsyncExitStack() as stack:
            await cell.listen(stack)
            await _along(cell, path)
            await cell.check_end()
    finally:
        await world.mutate(
            world.partner,
            "deleteWebhookEndpoint",
            "WebhookEndpointInput",
            {"endpointId": cell.endpoint["id"]},
            "deletedEndpointId",
        )


async def _along(cell: Cell, path: str) -> None:
    world, method = cell.world, cell.spec.method
    await publish(cell, 2 if cell.spec.trade_mode == "BATCH" else 1)
    if path == "no sign-ups":
        await close(cell, "project.failed")
        await cell.act(
            world.operator,
            "republishProject",
            "ProjectActionInput",
            {"projectId": cell.primary.id},
            [cell.event("project.republish", cell.primary, "PUBLISHED")],
        )
        await close(cell, "project.failed")  # nobody again: it stays failed
        return
    await sign_up(cell)
    await method.prepare(cell)
    await close(cell)
    await method.select(cell, 1)
    if path == "announced":
        return
    if path == "completed":
        await object_and_answer(cell)
        cell.world.clock.at_least(await after_publicity(cell.world.http, cell.primary.code))
        for state in cell.projects:
            await perform(cell, state)
    elif path == "nobody left":
        for number in range(1, method.bidders + 1):
            await end_award(cell, "withdraw", number)
    else:
        await end_award(cell, path, 1)
