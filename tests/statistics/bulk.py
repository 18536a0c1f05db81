"""Rows for statistics tests at a province's magnitudes, inserted in bulk (one executemany per table).

Amounts are given in cents (int), so a test's expected figures are integer arithmetic, never floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from zhongjie.domain.agencies.credit_code import check_character
from zhongjie.models import (
    Agency,
    Organisation,
    Project,
    ProjectAward,
    ProjectEnquiry,
    ServiceEvaluation,
    ServiceItem,
    User,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
LARGEST_AMOUNT = 99_999_999_999_999  # cents: 999,999,999,999.99 CNY, the most NUMERIC(14, 2) holds
ASPECTS = ("quality", "timeliness", "attitude", "feeReasonableness", "standardisation")


def beijing(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def yuan(cents: int) -> str:
    """How the API prints an amount of `cents`."""
    return f"{Decimal(cents) / 100:.2f}"


def rounded(value: Fraction, places: int) -> float:
    """`value` rounded half up (四舍五入) to `places` decimals, as the API prints it."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)  # 28 digits: ample before rounding
    return float(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def hhi(weights: Sequence[int]) -> float:
    total = sum(weights)
    return rounded(Fraction(10000 * sum(w * w for w in weights), total * total), 2)


def credit_code(index: int) -> str:
    body = f"91440000MA{index:07d}"
    return body + check_character(body)


class Bulk:
    """Inserts rows of the tables the statistics read, filling every column they do not look at."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.projects_made = 0

    async def _insert(self, model: Any, rows: list[dict[str, Any]]) -> list[int]:
        """The rows under ids following the table's highest: a plain executemany is many times faster
        than having the database number them and return the ids in order (the database is the test's
        own, and nothing is inserted after the build, so the sequences lagging behind does no harm)."""
        if not rows:
            return []
        first = (await self.session.scalar(select(func.max(model.id)))) or 0
        ids = list(range(first + 1, first + 1 + len(rows)))
        connection = await self.session.connection()
        await connection.execute(
            insert(model.__table__), [{"id": i, **row} for i, row in zip(ids, rows, strict=True)]
        )
        return ids

    async def owner(self) -> None:
        [self.owner_id] = await self._insert(
            Organisation, [{"code": "OWNER-BULK", "name": "统计规模测试业主", "region_code": "370000"}]
        )
        [self.user_id] = await self._insert(
            User, [{"issuer": "urn:test", "subject": "bulk-user", "organisation_id": self.owner_id}]
        )

    async def items(self, codes: Sequence[str]) -> dict[str, int]:
        rows = [
            {
                "code": code,
                "name": f"规模测试事项{code}",
                "service_type": "ASSESSMENT",
                "legal_basis": "《测试条例》",
                "fee_standard": "按合同约定",
                "fee_basis": "市场调节",
                "pricing_type": "MARKET_REGULATED",
                "time_limit_days": 20,
                "department": "测试部门",
                "region_code": "370000",
                "active": True,
                "version": 1,
            }
            for code in codes
        ]
        return dict(zip(codes, await self._insert(ServiceItem, rows), strict=True))

    async def agencies(self, count: int) -> list[int]:
        """`count` agencies, each of an organisation of its own; their names are 机构<n> from 1."""
        organisations = await self._insert(
            Organisation,
            [
                {"code": f"AG-BULK-{n}", "name": f"机构{n}", "region_code": "370100"}
                for n in range(1, count + 1)
            ],
        )
        rows = [
            {
                "credit_code": credit_code(n),
                "name": f"机构{n}",
                "legal_representative": "张三",
                "region_code": "370100",
                "address": "济南市",
                "business_phone": "053100000000",
                "status": "ACTIVE",
                "organisation_id": organisation,
            }
            for n, organisation in enumerate(organisations, start=1)
        ]
        return await self._insert(Agency, rows)

    async def projects(self, rows: list[dict[str, Any]]) -> list[int]:
        """Projects from rows of region, item id, budget (cents), status, published, and where given
        result (a Beijing time) and winner (an agency id)."""
        filled = []
        for row in rows:
            self.projects_made += 1
            budget = Decimal(row["budget"]) / 100
            filled.append(
                {
                    "code": f"BULK{self.projects_made:09d}",
                    "title": f"规模测试项目{self.projects_made}",
                    "owner_organisation_id": self.owner_id,
                    "created_by": self.user_id,
                    "region_code": row["region"],
                    "service_item_id": row["item"],
                    "funding_type": row.get("funds", "FISCAL"),
                    "trade_mode": "CHOOSE_ONE",
                    "selection_method": row.get("method", "DIRECT"),
                    "budget": budget,
                    "price_ceiling": budget,
                    "scope": "规模测试",
                    "requirements": [],
                    "time_limit_days": 20,
                    "signup_working_days": 3,
                    "status": row["status"],
                    "published_at": row["published"],
                    "selected_agency_id": row.get("winner"),
                    "result_announced_at": row.get("result"),
                    "publicity_ends_at": row.get("result"),
                }
            )
        return await self._insert(Project, filled)

    async def contracts(self, signed: list[tuple[int, int, int, datetime]]) -> list[int]:
        """Awards in force with their contract signed: (project id, agency id, price in cents, start)."""
        rows = [
            {
                "project_id": project,
                "agency_id": agency,
                "status": "ACTIVE",
                "price": Decimal(price) / 100,
                "service_started_at": started,
            }
            for project, agency, price, started in signed
        ]
        return await self._insert(ProjectAward, rows)

    async def enquiries(self, filed: list[tuple[int, str]]) -> None:
        """Objections and complaints: (project id, kind)."""
        rows = [
            {
                "project_id": project,
                "kind": kind,
                "status": "ANSWERED",
                "content": "测试",
                "filed_by": self.user_id,
                "filed_at": beijing("2025-06-01 10:00"),
            }
            for project, kind in filed
        ]
        await self._insert(ProjectEnquiry, rows)

    async def evaluations(self, given: list[tuple[int, int, int, tuple[int, ...]]]) -> None:
        """Owners' evaluations: (project id, award id, agency id, the five scores)."""
        rows = [
            {
                "project_id": project,
                "award_id": award,
                "agency_id": agency,
                "evaluator_kind": "OWNER",
                "evaluator_organisation_id": self.owner_id,
                "evaluator_user_id": self.user_id,
                "scores": dict(zip(ASPECTS, scores, strict=True)),
            }
            for project, award, agency, scores in given
        ]
        await self._insert(ServiceEvaluation, rows)
