"""Demo data: the shipped catalog, and a register of agencies in every entry state, made through
the same domain rules operators and agencies use (nothing is written around them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.domain.agencies import applications, maintenance, qualifications
from zhongjie.domain.agencies.applications import ProfileFields
from zhongjie.domain.agencies.credit_code import ALPHABET, check_character
from zhongjie.domain.agencies.licenses import RegistryVerifier
from zhongjie.domain.agencies.maintenance import PractitionerInput
from zhongjie.domain.agencies.qualifications import QualificationInput
from zhongjie.domain.agencies.vocabulary import RemovalReason, ReturnReason
from zhongjie.domain.catalog.importer import ChangeAuthor, ImportReport, import_catalog_file
from zhongjie.domain.reference_data import DATA_DIR
from zhongjie.models import Agency, ELicenseRecord, Organisation, User
from zhongjie.models.base import utcnow
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


def demo_credit_code(index: int, region: str) -> str:
    body = "91" + region + "MA" + "".join(ALPHABET[(index * 7 + n * 3) % 31] for n in range(7))
    return body + check_character(body)


async def load_demo_data(database: Database) -> ImportReport:
    report = await import_catalog_file(database, DATA_DIR / "catalog.csv", DEMO_AUTHOR)
    await database.run_transaction(_seed_agencies)
    return report


async def _seed_agencies(session: AsyncSession) -> None:
    if await session.scalar(select(Agency.id).where(Agency.credit_code == demo_credit_code(0, PLACES[0][0]))):
        return  # already seeded
    now = utcnow()
    operator = await _principal(
        session, "demo-data-operator", "DEMO-OPERATOR", Role.OPERATOR, region="370000"
    )
    operator_gd = await _principal(
        session, "demo-data-operator-gd", "DEMO-OPERATOR-GD", Role.OPERATOR, region="440000"
    )
    for index in range(COUNT):
        trade, (region, place) = TRADES[index % len(TRADES)], PLACES[index % len(PLACES)]
        code = demo_credit_code(index, region)
        name = f"{place}{BRANDS[index % len(BRANDS)]}{trade.words[index % len(trade.words)]}有限公司"
        admin = await _principal(session, f"demo-data-admin-{index}", code, Role.AGENCY_ADMIN, region=region)
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
