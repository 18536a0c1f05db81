"""Demo data: the shipped catalog, and a register of agencies in every entry state, made through
the same domain rules operators and agencies use (nothing is written around them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.demo_issuer import DEMO_USERS
from zhongjie.auth.principal import Principal, Role
from zhongjie.base.clock import utcnow
from zhongjie.base.settings import Thresholds
from zhongjie.domain.agencies import applications, maintenance, qualifications
from zhongjie.domain.agencies.applications import ProfileFields
from zhongjie.domain.agencies.credit_code import ALPHABET, check_character
from zhongjie.domain.agencies.licenses import RegistryVerifier
from zhongjie.domain.agencies.maintenance import PractitionerInput
from zhongjie.domain.agencies.qualifications import QualificationInput
from zhongjie.domain.agencies.vocabulary import RemovalReason, ReturnReason
from zhongjie.domain.awards import awards, contracts, performance
from zhongjie.domain.awards.vocabulary import DeliveryDecision
from zhongjie.domain.catalog.importer import ChangeAuthor, ImportReport, import_catalog_file
from zhongjie.domain.projects import application, signups
from zhongjie.domain.projects.terms import ProjectInput
from zhongjie.domain.projects.vocabulary import (
    FundingType,
    ProjectAction,
    ProjectReturnReason,
    SelectionMethod,
    TradeMode,
)
from zhongjie.domain.reference_data import DATA_DIR
from zhongjie.domain.selection import direct
from zhongjie.domain.selection.closing import close_due_signups
from zhongjie.models import Agency, ELicenseRecord, Organisation, Project, ProjectAward, User
from zhongjie.models.database import Database

DEMO_AUTHOR = ChangeAuthor(actor="demo", reason="demo data: shipped catalog (data/catalog.csv)")
DEMO_ISSUER = "urn:zhongjie:demo-data"


@dataclass(frozen=True)
class Trade:
    """A line of business: its qualification and the catalog items it offers."""

    words: tuple[str, ...]
    qualification: str | None
    level: str | None
    items: tuple[str, ...]


TRADES = (
    Trade(
        ("测绘", "地理信息", "勘测"),
        "SURVEYING",
        "乙级",
        ("ZJ-ZR-003", "ZJ-ZR-004", "ZJ-ZR-006", "ZJ-ZR-007"),
    ),
    Trade(("防雷检测", "雷电防护"), "LIGHTNING_PROTECTION", "乙级", ("ZJ-QX-002", "ZJ-QX-001", "ZJ-QX-003")),
    Trade(("安全评价", "安全技术"), "SAFETY_EVALUATION", None, ("ZJ-YJ-001", "ZJ-YJ-002", "ZJ-YJ-003")),
    Trade(("地质勘查", "地质工程"), "GEOHAZARD_ASSESSMENT", "乙级", ("ZJ-ZR-001", "ZJ-ZR-002")),
    Trade(
        ("工程咨询", "项目咨询"), "ENGINEERING_CONSULTING", "乙级", ("ZJ-FG-002", "ZJ-FG-001", "ZJ-FG-003")
    ),
    Trade(("环境科技", "环保技术"), None, None, ("ZJ-HJ-001", "ZJ-HJ-002", "ZJ-SL-001")),
)
PLACES = (
    ("370100", "济南"),
    ("370200", "青岛"),
    ("370300", "淄博"),
    ("370600", "烟台"),
    ("370700", "潍坊"),
    ("370800", "济宁"),
    ("371300", "临沂"),
    ("440700", "江门"),
    ("440705", "新会"),
    ("440100", "广州"),
)
BRANDS = ("鲁信", "泰和", "华信", "正元", "恒通", "天衡", "中科", "蓝海", "金桥", "宏图", "诚信", "明德")
# the entry state each demo agency is taken to, in turn
PATHS = ("active",) * 6 + ("review", "submitted", "draft", "returned", "removed", "active")
COUNT = 36


def _agency_organisation(index: int, credit_code: str) -> str:
    """The first demo agency belongs to the demo issuer's agency users, so `zhongjie token --role agency`
    acts for an admitted agency; the others are their own organisations."""
    return DEMO_USERS[Role.AGENCY_ADMIN].organisation_code if index == 0 else credit_code


def demo_credit_code(index: int, region: str) -> str:
    body = "91" + region + "MA" + "".join(ALPHABET[(index * 7 + n * 3) % 31] for n in range(7))
    return body + check_character(body)


async def load_demo_data(database: Database, thresholds: Thresholds | None = None) -> ImportReport:
    report = await import_catalog_file(database, DATA_DIR / "catalog.csv", DEMO_AUTHOR)
    await database.run_transaction(_seed_agencies)
    limits = thresholds or Thresholds(Decimal("4000000"), Decimal("100000"), 3)
    await database.run_transaction(lambda session: _seed_projects(session, limits))
    return report


async def _seed_agencies(session: AsyncSession) -> None:
    if await session.scalar(select(Agency.id).where(Agency.credit_code == demo_credit_code(0, PLACES[0][0]))):
        return  # already seeded
    now = utcnow()
    operator = await _principal(
        session,
        "demo-data-operator",
        DEMO_USERS[Role.OPERATOR].organisation_code,
        Role.OPERATOR,
        region="370000",
    )
    operator_gd = await _principal(
        session, "demo-data-operator-gd", "DEMO-OPERATOR-GD", Role.OPERATOR, region="440000"
    )
    for index in range(COUNT):
        trade, (region, place) = TRADES[index % len(TRADES)], PLACES[index % len(PLACES)]
        code = demo_credit_code(index, region)
        name = f"{place}{BRANDS[index % len(BRANDS)]}{trade.words[index % len(trade.words)]}有限公司"
        admin = await _principal(
            session,
            f"demo-data-admin-{index}",
            _agency_organisation(index, code),
            Role.AGENCY_ADMIN,
            region=region,
        )
        agency = await applications.create_application(
            session,
            admin,
            code,
            ProfileFields(
                name=name,
                legal_representative=("张", "王", "李", "赵", "陈", "刘")[index % 6]
                + ("伟", "芳", "强", "敏")[index % 4],
                region_code=region,
                address=f"{place}市示范路 {index + 1} 号",
                business_phone=f"138{index:04d}{(index * 37) % 10000:04d}",
                email=f"contact{index}@demo-agency.cn",
                introduction=f"{name}，专业从事{trade.words[0]}服务。",
            ),
            now,
        )
        path = PATHS[index % len(PATHS)]
        if path == "draft":
            continue
        await _equip(
            session, admin, agency, trade, index, verified=path not in {"review", "returned"}, now=now
        )
        await applications.submit_application(session, admin, agency.id, now)
        staff = operator_gd if region.startswith("44") else operator
        if path == "submitted":
            continue
        if path == "returned":
            await applications.return_application(
                session, staff, agency.id, [ReturnReason.INCOMPLETE_MATERIALS], "请补充资质证书扫描件", now
            )
            continue
        await applications.confirm_complete(session, staff, agency.id, "材料齐全", now)
        if path == "removed":
            await maintenance.remove_agency(
                session, staff, agency.id, RemovalReason.VOLUNTARY_EXIT, "机构申请退出", now
            )


async def _equip(
    session: AsyncSession,
    admin: Principal,
    agency: Agency,
    trade: Trade,
    index: int,
    *,
    verified: bool,
    now: datetime,
) -> None:
    today = date.today()
    if trade.qualification is not None:
        number = f"{trade.qualification[:4]}-{agency.credit_code[-8:]}"
        license_id = f"EL-{agency.credit_code}"
        if verified:
            session.add(
                ELicenseRecord(
                    license_id=license_id,
                    holder_credit_code=agency.credit_code,
                    qualification_type_code=trade.qualification,
                    level=trade.level,
                    certificate_number=number,
                    valid_until=today + timedelta(days=900),
                    revoked=False,
                )
            )
            await session.flush()
        await qualifications.add_qualification(
            session,
            admin,
            agency.id,
            QualificationInput(
                type_code=trade.qualification,
                level=trade.level,
                certificate_number=number,
                issuer="省级行业主管部门",
                valid_from=today - timedelta(days=365),
                valid_until=today + timedelta(days=900),
                e_license_id=license_id,
            ),
            RegistryVerifier(),
            now,
        )
    for position, item in enumerate(trade.items[: 2 + index % 2]):
        quote = Decimal(3000 + 500 * ((index + position) % 9))
        await maintenance.offer_service(session, admin, agency.id, item, quote, None, now)
    await maintenance.add_practitioner(
        session,
        admin,
        agency.id,
        PractitionerInput("示范工程师", "11010519491231002X", "13900000000", "注册测绘师"),
        now,
    )
    if index % 5 == 0:
        await maintenance.add_branch(
            session,
            admin,
            agency.id,
            "江门分公司",
            "江门市蓬江区示范路 8 号",
            "440703",
            ["440705", "440781"],
            now,
        )


async def _principal(
    session: AsyncSession, subject: str, organisation_code: str, role: Role, *, region: str
) -> Principal:
    """A demo user and organisation, made as a token's first use would make them."""
    organisation = await session.scalar(select(Organisation).where(Organisation.code == organisation_code))
    if organisation is None:
        organisation = Organisation(code=organisation_code, name=organisation_code, region_code=region)
        session.add(organisation)
        await session.flush()
    user = await session.scalar(select(User).where(User.issuer == DEMO_ISSUER, User.subject == subject))
    if user is None:
        user = User(issuer=DEMO_ISSUER, subject=subject, name=subject, organisation_id=organisation.id)
        session.add(user)
        await session.flush()
    return Principal(
        user_id=user.id,
        subject=subject,
        organisation_id=organisation.id,
        organisation_code=organisation_code,
        roles=frozenset({role}),
        region_code=region,
    )


# --- projects ------------------------------------------------------------------------------------

# (title, the state it is taken to)
DEMO_PROJECTS = (
    ("历下区旧城改造安置房项目勘测定界", "result"),
    ("章丘区产业园道路工程勘测定界", "selection"),
    ("长清区学校扩建项目勘测定界", "failed"),
    ("槐荫区医院门诊楼项目勘测定界", "published"),
    ("天桥区污水处理厂项目勘测定界", "published"),
    ("历城区体育公园项目勘测定界", "approved"),
    ("市中区社区服务中心项目勘测定界", "submitted"),
    ("济阳区农贸市场改造项目勘测定界", "returned"),
    ("莱芜区文化馆项目勘测定界", "draft"),
    ("钢城区停车场项目勘测定界", "cancelled"),
)
DEMO_PROJECT_REGIONS = (
    "370102",
    "370114",
    "370113",
    "370104",
    "370105",
    "370112",
    "370103",
    "370115",
    "370116",
    "370117",
    "370102",
)
# taken past the result to the evaluation, weeks before the demo starts
COMPLETED_DEMO_PROJECT = "历下区图书馆改造项目勘测定界"
SURVEYING_AGENCIES = (0, 12, 24)  # demo agencies admitted with a surveying qualification


async def _seed_projects(session: AsyncSession, thresholds: Thresholds) -> None:
    if await session.scalar(select(Project.id).where(Project.title == DEMO_PROJECTS[0][0])):
        return
    now = utcnow()
    owner = await _principal(
        session, "demo-data-owner", DEMO_USERS[Role.OWNER].organisation_code, Role.OWNER, region="370100"
    )
    operator = await _principal(
        session,
        "demo-data-operator",
        DEMO_USERS[Role.OPERATOR].organisation_code,
        Role.OPERATOR,
        region="370000",
    )
    admins = [
        await _principal(
            session,
            f"demo-data-admin-{i}",
            _agency_organisation(i, demo_credit_code(i, PLACES[i % len(PLACES)][0])),
            Role.AGENCY_ADMIN,
            region=PLACES[i % len(PLACES)][0],
        )
        for i in SURVEYING_AGENCIES
    ]
    closing: list[Project] = []
    for position, (title, state) in enumerate(DEMO_PROJECTS):
        closes = state in {"result", "selection", "failed"}
        # those whose sign-up has closed were published weeks ago: nothing in the demo happens in the future
        moment = now - timedelta(days=21) if closes else now
        data = _demo_application(position, title, signup_working_days=3 if closes else 10)
        project = await application.create_project(session, owner, data, thresholds, moment)
        steps = {
            "draft": [],
            "submitted": ["submit"],
            "returned": ["submit", "return"],
            "approved": ["submit", "approve"],
            "cancelled": ["submit", "approve", "cancel"],
        }.get(state, ["submit", "approve", "publish"])
        for step in steps:
            actor = owner if step == "submit" else operator
            action = ProjectAction(step.upper())
            reasons = [ProjectReturnReason.BUDGET_UNJUSTIFIED] if step == "return" else None
            await application.act(
                session, actor, project.id, action, moment, reasons=reasons, comment="演示数据"
            )
        if state in {"published", "result", "selection"}:
            for admin in admins[: 2 + position % 2]:
                await signups.sign_up(session, admin, project.id, moment)
        if closes:
            closing.append(project)
    # the platform closes their sign-up at the deadline, as its timed job would; one result is announced
    deadline = closing[0].signup_deadline
    assert deadline is not None, "a published project has its sign-up deadline"
    closed_at = deadline + timedelta(seconds=1)
    await close_due_signups(session, closed_at)
    result = next(project for project in closing if project.title == DEMO_PROJECTS[0][0])
    chosen = (
        await session.execute(
            select(Agency.id).where(Agency.credit_code == demo_credit_code(0, PLACES[0][0]))
        )
    ).scalar_one()
    reason, selected_at = "报价合理，业绩突出", closed_at + timedelta(hours=1)
    await direct.select_directly(session, owner, result.id, chosen, reason, thresholds, selected_at)
    people = (owner, operator, admins[0], admins[1])
    await _seed_completed_project(session, people, chosen, thresholds, now - timedelta(days=60))


def _demo_application(position: int, title: str, signup_working_days: int) -> ProjectInput:
    return ProjectInput(
        title=title,
        region_code=DEMO_PROJECT_REGIONS[position],
        service_item_code="ZJ-ZR-003",
        administrative_matter_code="370000-XK-0301",
        investment_project_code=f"2026-370100-48-01-{position + 1:06d}",
        funding_type=FundingType.FISCAL if position % 2 == 0 else FundingType.SOCIAL,
        trade_mode=TradeMode.CHOOSE_ONE,
        selection_method=SelectionMethod.DIRECT,
        budget=Decimal(60000 + 5000 * position),
        price_ceiling=Decimal(55000 + 5000 * position),
        price_floor=None,
        scope=f"{title}：依据国土空间规划要求开展用地勘测定界，提交勘测定界报告及图件。",
        requirements=None,
        time_limit_days=10,
        signup_working_days=signup_working_days,
        recused_credit_codes=[],
    )


async def _seed_completed_project(
    session: AsyncSession,
    people: tuple[Principal, Principal, Principal, Principal],
    winner_id: int,
    thresholds: Thresholds,
    start: datetime,
) -> None:
    """A project taken from its application to the evaluation, weeks ago: published, two sign-ups, the
    result to `winner_id` (the first bidder's agency), its confirmation, the contract, a delivery, the
    acceptance and the owner's evaluation. `people`: the owner, the operator and two bidders."""
    owner, operator, winner, rival = people
    data = _demo_application(len(DEMO_PROJECTS), COMPLETED_DEMO_PROJECT, signup_working_days=3)
    project = await application.create_project(session, owner, data, thresholds, start)
    for action, actor in (
        (ProjectAction.SUBMIT, owner),
        (ProjectAction.APPROVE, operator),
        (ProjectAction.PUBLISH, operator),
    ):
        await application.act(session, actor, project.id, action, start, comment="演示数据")
    for bidder in (winner, rival):
        await signups.sign_up(session, bidder, project.id, start)
    assert project.signup_deadline is not None
    moment = project.signup_deadline + timedelta(seconds=1)
    await close_due_signups(session, moment)
    moment += timedelta(hours=1)
    await direct.select_directly(
        session, owner, project.id, winner_id, "方案完整，报价合理", thresholds, moment
    )
    assert project.publicity_ends_at is not None
    moment = project.publicity_ends_at + timedelta(hours=1)
    for actor in (owner, winner):
        await awards.confirm(session, actor, project.id, moment)
    moment += timedelta(hours=1)
    await contracts.prepare(session, owner, project.id, Decimal("52000.00"), moment)
    award = await session.scalar(select(ProjectAward).where(ProjectAward.project_id == project.id))
    assert award is not None and award.contract_hash is not None
    for actor in (owner, winner):
        await contracts.sign(session, actor, project.id, award.contract_hash, moment)
    await performance.deliver(session, winner, project.id, "勘测定界报告及图件", moment + timedelta(days=5))
    accepted_at = moment + timedelta(days=6)
    await performance.decide_delivery(
        session, owner, project.id, DeliveryDecision.ACCEPTED, None, accepted_at
    )
    scores = {"quality": 5, "timeliness": 4, "attitude": 5, "feeReasonableness": 4, "standardisation": 5}
    await performance.evaluate(session, owner, project.id, scores, "成果规范，按期交付", accepted_at)
