"""A province-scale data set, written to PostgreSQL with COPY.

At scale 1: 1,000 service items, 20,000 agencies with 60,000 qualifications, 200,000 projects in every
status, 600,000 sign-ups, 500,000 credit records and 150,000 evaluations, plus what they hang on
(organisations, users, matters, services, profiles, awards). The data obeys the platform's own rules,
so the benchmarks measure answers the platform would give: agencies offer items whose qualification
requirements they hold, verified and valid; projects require what their item requires, within its time
limit; winners signed up; services are due the project's time limit in working days after signing; each
credit profile is the published rule (`domain.credit.scoring`) applied to the agency's records, and an
agency is blacklisted exactly when that rule blacklists it; the open projects' sign-up deadlines lie
ahead, so the sign-up benchmark can sign eligible agencies up. A fixed seed makes every run the same.

Synthetic data, not a decision: `random.Random` is fine here (the platform's own draws never use it).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import asyncpg

from zhongjie.domain.agencies.credit_code import ALPHABET, check_character
from zhongjie.domain.calendar import china_calendar
from zhongjie.domain.catalog.vocabulary import PowerType, PricingType, ServiceType
from zhongjie.domain.credit.scoring import RecordFacts, assess
from zhongjie.domain.credit.vocabulary import GOOD_CATEGORIES, CreditCategory, RecordStatus, Severity
from zhongjie.domain.projects.vocabulary import ProjectStatus, SelectionMethod

ISSUER = "https://bench.zhongjie.invalid"
SEED = 20261201
NOW = datetime.now(UTC).replace(microsecond=0)
S = ProjectStatus
# share of projects per status (sums to 1)
STATUS_SHARES = {
    S.DRAFT: 0.02,
    S.SUBMITTED: 0.02,
    S.RETURNED: 0.01,
    S.APPROVED: 0.01,
    S.PUBLISHED: 0.08,
    S.SELECTION: 0.03,
    S.RESULT_ANNOUNCED: 0.05,
    S.CONFIRMED: 0.03,
    S.IN_SERVICE: 0.10,
    S.DELIVERED: 0.03,
    S.ACCEPTED: 0.05,
    S.COMPLETED: 0.50,
    S.CANCELLED: 0.02,
    S.FAILED: 0.05,
}
AWARDED = {S.RESULT_ANNOUNCED, S.CONFIRMED, S.IN_SERVICE, S.DELIVERED, S.ACCEPTED, S.COMPLETED}
SIGNED_UP = {S.PUBLISHED, S.SELECTION, S.FAILED, *AWARDED}
CONTRACTED = {S.IN_SERVICE, S.DELIVERED, S.ACCEPTED, S.COMPLETED}
METHODS = [
    (SelectionMethod.DIRECT, 0.4),
    (SelectionMethod.RANDOM, 0.3),
    (SelectionMethod.AVERAGE_PRICE, 0.1),
    (SelectionMethod.BIDDING, 0.1),
    (SelectionMethod.BEST_MERIT, 0.1),
]
MERIT = json.dumps([{"criterion": "PRICE", "weight": 40}, {"criterion": "PLAN", "weight": 60}])
ASPECTS = ("quality", "timeliness", "attitude", "feeReasonableness", "standardisation")
PROJECT_TIME_LIMIT = 20  # working days, or the item's limit where that is shorter
# credit records: (category, severity) and their shares; days a record stays valid by severity (good: 730)
CREDIT_MIX = (
    ((CreditCategory.REWARD, Severity.GENERAL), 30),
    ((CreditCategory.COMMENDATION, Severity.GENERAL), 30),
    ((CreditCategory.ADMINISTRATIVE_PENALTY, Severity.MINOR), 14),
    ((CreditCategory.ADMINISTRATIVE_PENALTY, Severity.GENERAL), 5),
    ((CreditCategory.ADMINISTRATIVE_PENALTY, Severity.SERIOUS), 0.6),
    ((CreditCategory.PERFORMANCE_DEFAULT, Severity.MINOR), 8),
    ((CreditCategory.POOR_EVALUATION, Severity.MINOR), 10),
    ((CreditCategory.UPHELD_COMPLAINT, Severity.GENERAL), 2),
    ((CreditCategory.DISHONESTY, Severity.SERIOUS), 0.05),
)
VALID_DAYS = {Severity.MINOR: 90, Severity.GENERAL: 365, Severity.SERIOUS: 1095}
TRADES = ("测绘", "检测", "评估", "咨询", "勘察", "设计", "评价", "鉴定")


@dataclass(frozen=True)
class Scale:
    items: int = 1000
    agencies: int = 20000
    owners: int = 2000
    projects: int = 200000
    credit_records: int = 500000

    @classmethod
    def times(cls, factor: float) -> Scale:
        base = cls()
        return cls(*(max(10, int(value * factor)) for value in vars(base).values()))


@dataclass
class Generated:
    """What the benchmarks pick their arguments from."""

    agency_codes: list[str] = field(default_factory=list)  # active agencies with services
    open_projects: list[tuple[int, int]] = field(default_factory=list)  # (project id, item id) in sign-up
    offering: dict[int, list[int]] = field(default_factory=dict)  # item id → agencies offering it
    agency_credit_codes: dict[int, str] = field(default_factory=dict)
    ineligible: set[int] = field(default_factory=set)  # restricted, or holding an expired certificate
    signed_up: set[tuple[int, int]] = field(default_factory=set)  # (project, agency) of open projects
    counts: dict[str, int] = field(default_factory=dict)


def credit_code(index: int, region: str) -> str:
    """A valid unified social credit code (GB 32100), distinct for each `index` below 31⁹."""
    body = "91" + region + "".join(ALPHABET[(index // 31**n) % 31] for n in range(8, -1, -1))
    return body + check_character(body)


def _weighted(rng: random.Random, options: Sequence[tuple[object, float]]) -> Iterator[object]:
    values, weights = zip(*options, strict=True)
    while True:
        yield from rng.choices(values, weights, k=1024)


async def _copy(connection: asyncpg.Connection, table: str, rows: list[dict[str, object]]) -> int:
    """COPY `rows` (dicts with the same keys) into `table`."""
    if rows:
        columns = list(rows[0])
        records = [tuple(row[column] for column in columns) for row in rows]
        await connection.copy_records_to_table(table, records=records, columns=columns)
    return len(rows)


async def generate(dsn: str, scale: Scale, log=print) -> Generated:
    """Fill the migrated, empty database at `dsn`; returns what the benchmarks need to know of it."""
    rng = random.Random(SEED)
    started = time.perf_counter()
    connection = await asyncpg.connect(dsn)
    out = Generated()
    try:
        regions = [
            row["code"]
            for row in await connection.fetch(
                "SELECT code FROM regions WHERE code LIKE '37%' AND level = 3 ORDER BY code"
            )
        ]
        cities = [
            row["code"]
            for row in await connection.fetch("SELECT code FROM regions WHERE code LIKE '37%' AND level = 2")
        ]
        regions += cities  # cities without districts in the shipped divisions stand for themselves
        types = {
            row["code"]: json.loads(row["levels"])
            for row in await connection.fetch("SELECT code, levels FROM qualification_types")
        }
        async with connection.transaction():
            await _organisations_and_users(connection, rng, scale, regions, out)
            requirements, time_limits = await _catalog(connection, rng, scale, types, out)
            records = await _credit(connection, rng, scale, out)
            await _agencies(connection, rng, scale, regions, types, requirements, records, out)
            await _projects(connection, rng, scale, regions, requirements, time_limits, out)
        for table in (
            "organisations",
            "users",
            "administrative_matters",
            "service_items",
            "service_item_versions",
            "agencies",
            "agency_qualifications",
            "credit_records",
            "projects",
            "project_signups",
            "project_awards",
            "service_evaluations",
        ):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    out.counts["seconds"] = round(time.perf_counter() - started, 1)
    log(f"generated in {out.counts['seconds']} s: " + ", ".join(f"{k} {v}" for k, v in out.counts.items()))
    return out


# organisations: owners 1..O, agencies O+1..O+A, then the authority and the operator; users share their ids
async def _organisations_and_users(connection, rng, scale: Scale, regions, out: Generated) -> None:
    def organisation(oid: int, code: str, name: str, region: str) -> dict[str, object]:
        return {
            "id": oid,
            "code": code,
            "name": name,
            "region_code": region,
            "created_at": NOW,
            "updated_at": NOW,
        }

    rows = [
        organisation(n, f"BOWN{n:05d}", f"基准测试业主单位{n}", rng.choice(regions))
        for n in range(1, scale.owners + 1)
    ]
    for n in range(1, scale.agencies + 1):
        region = regions[n % len(regions)]
        out.agency_credit_codes[n] = credit_code(n, region)
        rows.append(organisation(scale.owners + n, out.agency_credit_codes[n], _agency_name(n), region))
    special = scale.owners + scale.agencies
    rows.append(organisation(special + 1, "BENCH-AUTHORITY", "基准测试主管部门", "370000"))
    rows.append(organisation(special + 2, "BENCH-OPERATOR", "基准测试交易中心", "370000"))
    out.counts["organisations"] = await _copy(connection, "organisations", rows)
    users = [
        {
            "id": row["id"],
            "issuer": ISSUER,
            "subject": f"user-{row['code']}",
            "organisation_id": row["id"],
            "created_at": NOW,
            "updated_at": NOW,
        }
        for row in rows
    ]
    out.counts["users"] = await _copy(connection, "users", users)


def _agency_name(n: int) -> str:
    return f"基准{TRADES[n % len(TRADES)]}机构{n}"


async def _catalog(
    connection, rng, scale: Scale, types, out: Generated
) -> tuple[dict[int, list[tuple[str, str | None]]], dict[int, int]]:
    """Items with one to three matters and one or two required qualifications (at the lowest level);
    returns each item's requirements and time limit."""
    matters = max(10, scale.items // 2)
    power_types = [p.value for p in PowerType]
    await _copy(
        connection,
        "administrative_matters",
        [
            {
                "id": n,
                "code": f"BM-{n:05d}",
                "name": f"基准审批事项{n}",
                "power_type": power_types[n % len(power_types)],
                "department": "基准部门",
                "created_at": NOW,
                "updated_at": NOW,
            }
            for n in range(1, matters + 1)
        ],
    )
    service_types, pricing = [t.value for t in ServiceType], [p.value for p in PricingType]
    items, links, needs, versions = [], [], [], []
    requirements: dict[int, list[tuple[str, str | None]]] = {}
    codes = sorted(types)
    for n in range(1, scale.items + 1):
        code = f"BENCH-{n:05d}"
        items.append(
            {
                "id": n,
                "code": code,
                "name": f"基准中介服务事项{n}",
                "service_type": service_types[n % len(service_types)],
                "legal_basis": f"《基准条例》第{n % 90 + 1}条",
                "fee_standard": "按合同约定",
                "fee_basis": "市场调节",
                "pricing_type": pricing[n % len(pricing)],
                "time_limit_days": 5 + n % 56,
                "department": "基准部门",
                "region_code": "370000",
                "active": True,
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        links += [
            {"service_item_id": n, "matter_id": 1 + (n * 7 + k * 13) % matters} for k in range(1 + n % 3)
        ]
        first = rng.randrange(len(codes))  # one type, or two neighbouring ones (see `_agencies`)
        chosen = [codes[(first + k) % len(codes)] for k in range(1 + (n % 5 == 0))]
        requirements[n] = [(code, types[code][-1] if types[code] else None) for code in chosen]
        needs += [
            {"service_item_id": n, "qualification_type_code": type_code, "min_level": level}
            for type_code, level in requirements[n]
        ]
        versions.append(
            {
                "id": n,
                "service_item_id": n,
                "version": 1,
                "snapshot": json.dumps({"code": code}),
                "changes": "[]",
                "changed_by": "bench",
                "reason": "基准数据",
                "created_at": NOW,
            }
        )
    out.counts["service_items"] = await _copy(connection, "service_items", items)
    await _copy(connection, "service_item_matters", links)
    await _copy(connection, "service_item_qualifications", needs)
    await _copy(connection, "service_item_versions", versions)
    return requirements, {item["id"]: item["time_limit_days"] for item in items}


async def _agencies(
    connection, rng, scale: Scale, regions, types, requirements, records, out: Generated
) -> None:
    """Three qualifications of neighbouring types each, at the top level, so every item finds agencies that
    qualify; up to five services among those items; the credit profile the rule gives their records."""
    codes = sorted(types)
    qualifying: dict[str, list[int]] = {}  # first held type → items the three types from it qualify for
    for start, type_code in enumerate(codes):
        held = {codes[(start + k) % len(codes)] for k in range(3)}
        qualifying[type_code] = [
            item for item, needed in requirements.items() if {c for c, _ in needed} <= held
        ]
    agencies, qualifications, services, profiles = [], [], [], []
    for n in range(1, scale.agencies + 1):
        code = out.agency_credit_codes[n]
        roll = rng.random()
        status = "ACTIVE" if roll < 0.95 else "REMOVED" if roll < 0.98 else "QUALIFICATION_REVIEW"
        profile = assess(records.get(code, []), NOW.date())
        blacklisted = profile.restriction.value == "BLACKLISTED"
        agencies.append(
            {
                "id": n,
                "credit_code": code,
                "name": _agency_name(n),
                "legal_representative": "张三",
                "region_code": regions[n % len(regions)],
                "address": f"山东省基准路{n}号",
                "business_phone": f"0531{n:08d}",
                "email": f"a{n}@bench.invalid",
                "introduction": "基准测试机构",
                "status": status,
                "organisation_id": scale.owners + n,
                "approved_at": NOW - timedelta(days=400) if status == "ACTIVE" else None,
                "created_at": NOW - timedelta(days=500),
                "updated_at": NOW,
                "blacklisted": blacklisted,
            }
        )
        start = rng.randrange(len(codes))
        held = [codes[(start + k) % len(codes)] for k in range(3)]
        for k, type_code in enumerate(held):
            expired = rng.random() < 0.02
            if expired:
                out.ineligible.add(n)
            qualifications.append(
                {
                    "id": len(qualifications) + 1,
                    "agency_id": n,
                    "qualification_type_code": type_code,
                    "level": types[type_code][0] if types[type_code] else None,
                    "certificate_number": f"ZS{n:06d}{k}",
                    "issuer": "基准发证机关",
                    "valid_from": date(2023, 1, 1),
                    "valid_until": date(2025, 6, 30) if expired else date(2029, 12, 31),
                    "verification_state": "EXPIRED" if expired else "VERIFIED",
                    "verified_at": NOW - timedelta(days=400),
                    "verification_method": "bench",
                }
            )
        candidates = qualifying[held[0]]
        for item in rng.sample(candidates, min(5, len(candidates))):
            services.append(
                {
                    "agency_id": n,
                    "service_item_id": item,
                    "price_quote": Decimal(rng.randrange(5000, 200000)),
                    "status": "ACTIVE",
                }
            )
            if status == "ACTIVE" and not blacklisted:
                out.offering.setdefault(item, []).append(n)
        if profile.restriction.value in {"RESTRICTED", "BLACKLISTED"}:
            out.ineligible.add(n)
        profiles.append(
            {
                "credit_code": code,
                "score": profile.score,
                "level": profile.level.value,
                "restriction": profile.restriction.value,
                "rule_version": profile.rule_version,
                "tags": json.dumps(list(profile.tags)),
                "computed_at": NOW,
                "reassess_on": profile.reassess_on,
            }
        )
        if status == "ACTIVE" and candidates and not blacklisted:
            out.agency_codes.append(code)
    out.counts["agencies"] = await _copy(connection, "agencies", agencies)
    out.counts["agency_qualifications"] = await _copy(connection, "agency_qualifications", qualifications)
    out.counts["agency_services"] = await _copy(connection, "agency_services", services)
    out.counts["credit_profiles"] = await _copy(connection, "credit_profiles", profiles)


async def _projects(
    connection, rng, scale: Scale, regions, requirements, time_limits, out: Generated
) -> None:
    """Projects in every status with their sign-ups, the winners' awards and the owners' (and some
    authorities') evaluations of completed ones."""
    calendar = china_calendar().leniently()  # generated dates may run past the known years
    statuses, methods = _weighted(rng, list(STATUS_SHARES.items())), _weighted(rng, METHODS)
    matter_of: dict[int, int] = {}
    for item, matter in await connection.fetch("SELECT service_item_id, matter_id FROM service_item_matters"):
        matter_of.setdefault(item, matter)
    projects, signups, awards, evaluations = [], [], [], []
    authority = scale.owners + scale.agencies + 1
    for n in range(1, scale.projects + 1):
        status, method = next(statuses), next(methods)
        owner, item = 1 + n % scale.owners, 1 + rng.randrange(scale.items)
        region = regions[rng.randrange(len(regions))]
        budget = Decimal(rng.randrange(10, 3000) * 1000)
        created = NOW - timedelta(days=rng.randrange(3, 720), minutes=rng.randrange(1440))
        if status is S.PUBLISHED:  # open for sign-up now
            created = NOW - timedelta(days=1 + n % 3)
            out.open_projects.append((n, item))
        published = deadline = None
        if status not in {S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED}:
            published = created + timedelta(days=2)
            deadline = calendar.deadline(published, 5)
        bidders: list[int] = []
        if status in SIGNED_UP and published is not None:
            pool = out.offering.get(item, [])
            bidders = rng.sample(pool, min(len(pool), 0 if status is S.FAILED else rng.randrange(2, 6)))
            for agency in bidders:
                if status is S.PUBLISHED:
                    out.signed_up.add((n, agency))
                signups.append(
                    {
                        "id": len(signups) + 1,
                        "project_id": n,
                        "agency_id": agency,
                        "signed_up_by": scale.owners + agency,
                        "signed_up_at": published + timedelta(hours=1),
                        "member_agency_ids": "[]",
                    }
                )
        if status in AWARDED and not bidders:
            status = S.SELECTION  # nobody offers the item: still in selection
        winner = bidders[0] if status in AWARDED else None
        result = publicity = None
        time_limit = min(PROJECT_TIME_LIMIT, time_limits[item])
        if winner is not None and deadline is not None:
            result = deadline + timedelta(days=2)
            publicity = calendar.deadline(result, 3)
            award = _award(
                len(awards) + 1, n, winner, status, budget, result, publicity, time_limit, calendar
            )
            awards.append(award)
            if status is S.COMPLETED:
                for kind, organisation in (("OWNER", owner), ("AUTHORITY", authority))[: 1 + n % 2]:
                    evaluations.append(_evaluation(rng, len(evaluations) + 1, award, kind, organisation))
        projects.append(
            {
                "id": n,
                "code": f"BJ{n:08d}",
                "title": f"基准项目{n}：{region}区域{TRADES[n % len(TRADES)]}服务",
                "owner_organisation_id": owner,
                "created_by": owner,
                "region_code": region,
                "service_item_id": item,
                "administrative_matter_id": matter_of.get(item),
                "investment_project_code": f"2026-{region}-48-01-{n:06d}",
                "funding_type": "FISCAL" if n % 3 else "SOCIAL",
                "trade_mode": "CHOOSE_ONE",
                "selection_method": method.value,
                "budget": budget,
                "price_ceiling": (budget * Decimal("0.95")).quantize(Decimal("0.01")),
                "scope": "基准测试项目服务范围及要求。",
                "requirements": json.dumps(
                    [{"type": code, "min_level": level} for code, level in requirements[item]]
                ),
                "time_limit_days": time_limit,
                "signup_working_days": 5,
                "status": status.value,
                "published_at": published,
                "signup_deadline": deadline,
                "selected_agency_id": winner,
                "selection_reason": "基准选取" if winner else None,
                "result_announced_at": result,
                "publicity_ends_at": publicity,
                "created_at": created,
                "updated_at": created,
                "merit_criteria": MERIT if method is SelectionMethod.BEST_MERIT else None,
            }
        )
    out.counts["projects"] = await _copy(connection, "projects", projects)
    out.counts["project_signups"] = await _copy(connection, "project_signups", signups)
    out.counts["project_awards"] = await _copy(connection, "project_awards", awards)
    out.counts["service_evaluations"] = await _copy(connection, "service_evaluations", evaluations)


def _award(
    award_id, project, agency, status, budget, result, publicity, time_limit, calendar
) -> dict[str, object]:
    """The winner's award as far as `status` took it: confirmed, contracted (due the project's time limit
    in working days after signing, as `domain.awards.contracts.due_at` sets it), accepted."""
    confirmed = publicity + timedelta(hours=1) if status is not S.RESULT_ANNOUNCED else None
    signed = publicity + timedelta(days=3) if status in CONTRACTED else None
    accepted = signed + timedelta(days=30) if signed and status in {S.ACCEPTED, S.COMPLETED} else None
    return {
        "id": award_id,
        "project_id": project,
        "agency_id": agency,
        "status": "ACTIVE",
        "owner_confirmed_at": confirmed,
        "agency_confirmed_at": confirmed,
        "price": (budget * Decimal("0.85")).quantize(Decimal("0.01")) if signed else None,
        "owner_signed_at": signed,
        "agency_signed_at": signed,
        "service_started_at": signed,
        "service_due_at": calendar.deadline(signed, time_limit) if signed else None,
        "extension_days": 0,
        "accepted_at": accepted,
        "created_at": result,
    }


def _evaluation(
    rng, evaluation_id: int, award: dict[str, object], kind: str, organisation: int
) -> dict[str, object]:
    return {
        "id": evaluation_id,
        "project_id": award["project_id"],
        "award_id": award["id"],
        "agency_id": award["agency_id"],
        "evaluator_kind": kind,
        "evaluator_organisation_id": organisation,
        "evaluator_user_id": organisation,
        "scores": json.dumps({aspect: rng.choice((3, 4, 4, 5, 5)) for aspect in ASPECTS}),
        "comment": "基准评价",
        "created_at": award["accepted_at"],
    }


async def _credit(connection, rng, scale: Scale, out: Generated) -> dict[str, list[RecordFacts]]:
    """Records from the last thousand days, valid for a time by their kind (expired since, as the timed job
    leaves them); returns each credit code's records as the credit rule reads them."""
    kinds, weights = zip(*CREDIT_MIX, strict=True)
    sources = ("PLATFORM", "AUTHORITY", "CREDIT_CHINA", "ENTERPRISE_PUBLICITY")
    today = NOW.date()
    rows, facts = [], {}
    for n in range(1, scale.credit_records + 1):
        category, severity = rng.choices(kinds, weights)[0]
        source = sources[n % len(sources)]
        recorded = NOW - timedelta(days=rng.randrange(1, 1000))
        valid_days = 730 if category in GOOD_CATEGORIES else VALID_DAYS[severity]
        valid_until = recorded.date() + timedelta(days=valid_days)
        status = RecordStatus.VALID if valid_until >= today else RecordStatus.EXPIRED
        code = out.agency_credit_codes[1 + rng.randrange(scale.agencies)]
        rows.append(
            {
                "id": n,
                "credit_code": code,
                "kind": "GOOD" if category in GOOD_CATEGORIES else "BAD",
                "category": category.value,
                "severity": severity.value,
                "source": source,
                "source_id": f"B{n:08d}",
                "provenance": f"基准来源 {source}",
                "basis": "基准依据",
                "decision_number": f"鲁基准〔2026〕{n}号",
                "region_code": "370000",
                "valid_from": recorded.date(),
                "valid_until": valid_until,
                "public": n % 10 != 0,
                "status": status.value,
                "status_changed_at": None if status is RecordStatus.VALID else NOW,
                "recorded_at": recorded,
            }
        )
        facts.setdefault(code, []).append(
            RecordFacts(category, severity, status, recorded.date(), valid_until)
        )
    out.counts["credit_records"] = await _copy(connection, "credit_records", rows)
    return facts


async def rebuild(dsn: str) -> Generated:
    """What `generate` returned, read back from a database it filled earlier."""
    connection = await asyncpg.connect(dsn)
    out = Generated()
    try:
        out.agency_credit_codes = dict(await connection.fetch("SELECT id, credit_code FROM agencies"))
        out.ineligible = {
            row["id"]
            for row in await connection.fetch(
                """SELECT a.id FROM agencies a LEFT JOIN credit_profiles c ON c.credit_code = a.credit_code
                   WHERE c.restriction IN ('RESTRICTED', 'BLACKLISTED') OR EXISTS (
                     SELECT 1 FROM agency_qualifications q
                     WHERE q.agency_id = a.id AND q.verification_state <> 'VERIFIED')"""
            )
        }
        offering = await connection.fetch(
            """SELECT s.service_item_id, s.agency_id FROM agency_services s
               JOIN agencies a ON a.id = s.agency_id
               WHERE a.status = 'ACTIVE' AND NOT a.blacklisted ORDER BY s.agency_id"""
        )
        for item, agency in offering:
            out.offering.setdefault(item, []).append(agency)
        out.agency_codes = [
            row["credit_code"]
            for row in await connection.fetch(
                """SELECT credit_code FROM agencies a WHERE status = 'ACTIVE' AND NOT blacklisted
                   AND EXISTS (SELECT 1 FROM agency_services s WHERE s.agency_id = a.id) ORDER BY id"""
            )
        ]
        out.open_projects = [
            (row["id"], row["service_item_id"])
            for row in await connection.fetch(
                """SELECT id, service_item_id FROM projects
                   WHERE status = 'PUBLISHED' AND signup_deadline > now() ORDER BY id"""
            )
        ]
        out.signed_up = {
            (row["project_id"], row["agency_id"])
            for row in await connection.fetch(
                """SELECT s.project_id, s.agency_id FROM project_signups s
                   JOIN projects p ON p.id = s.project_id WHERE p.status = 'PUBLISHED'"""
            )
        }
        out.counts = {"reused": 1}
    finally:
        await connection.close()
    return out
