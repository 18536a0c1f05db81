"""The floor: the reference reads and the sign-up with hand-written SQL, serialised to JSON by a minimal
Starlette app on asyncpg — what the same data costs with nothing of ours in between.

Run by the benchmark as `uvicorn bench.floor:app --workers 2`, with the database in
`ZHONGJIE_BENCH_FLOOR_DSN`. Every response says in `x-statements` how many statements it ran.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

PUBLIC = (
    "PUBLISHED",
    "SELECTION",
    "RESULT_ANNOUNCED",
    "FAILED",
    "CONFIRMED",
    "IN_SERVICE",
    "DELIVERED",
    "ACCEPTED",
    "COMPLETED",
)
CHANNEL = "bench_floor_events"


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


def _json(data: Any, statements: int) -> Response:
    body = json.dumps({"data": data}, ensure_ascii=False, default=_default, separators=(",", ":"))
    return Response(body, media_type="application/json", headers={"x-statements": str(statements)})


def _grouped(rows: list[asyncpg.Record], key: str) -> dict[Any, list[dict[str, Any]]]:
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        item = dict(row)
        groups.setdefault(item.pop(key), []).append(item)
    return groups


async def catalog_page(request: Request) -> Response:
    first = int(request.query_params.get("first", "100"))
    async with request.app.state.pool.acquire() as db:
        total = await db.fetchval("SELECT count(*) FROM service_items")
        items = await db.fetch(
            """SELECT i.id, i.code, i.name, i.service_type, i.legal_basis, i.fee_standard, i.pricing_type,
                      i.time_limit_days, i.department, i.region_code, r.name AS region_name
               FROM service_items i JOIN regions r ON r.code = i.region_code
               ORDER BY i.code, i.id LIMIT $1""",
            first + 1,
        )
        ids = [row["id"] for row in items[:first]]
        matters = _grouped(
            await db.fetch(
                """SELECT l.service_item_id, m.code, m.name, m.power_type FROM service_item_matters l
                   JOIN administrative_matters m ON m.id = l.matter_id WHERE l.service_item_id = ANY($1)
                   ORDER BY m.code""",
                ids,
            ),
            "service_item_id",
        )
        needs = _grouped(
            await db.fetch(
                """SELECT q.service_item_id, t.code, t.name, q.min_level FROM service_item_qualifications q
                   JOIN qualification_types t ON t.code = q.qualification_type_code
                   WHERE q.service_item_id = ANY($1) ORDER BY q.qualification_type_code""",
                ids,
            ),
            "service_item_id",
        )
    edges = [
        {
            "node": {
                "code": row["code"],
                "name": row["name"],
                "serviceType": row["service_type"],
                "legalBasis": row["legal_basis"],
                "feeStandard": row["fee_standard"],
                "pricingType": row["pricing_type"],
                "timeLimitDays": row["time_limit_days"],
                "department": row["department"],
                "region": {"code": row["region_code"], "name": row["region_name"]},
                "administrativeMatters": [
                    {"code": m["code"], "name": m["name"], "powerType": m["power_type"]}
                    for m in matters.get(row["id"], [])
                ],
                "qualificationRequirements": [
                    {"qualificationType": {"code": q["code"], "name": q["name"]}, "minLevel": q["min_level"]}
                    for q in needs.get(row["id"], [])
                ],
            }
        }
        for row in items[:first]
    ]
    return _json({"serviceItems": {"totalCount": total, "edges": edges}}, 4)


async def project_search(request: Request) -> Response:
    first = int(request.query_params.get("first", "50"))
    region = request.query_params["region"]
    prefix = region[:2] if region.endswith("0000") else region[:4] if region.endswith("00") else region
    bounds = (prefix, str(int(prefix) + 1).zfill(len(prefix)))  # a range the index scans
    async with request.app.state.pool.acquire() as db:
        where = "p.status = ANY($1) AND p.region_code >= $2 AND p.region_code < $3"
        total = await db.fetchval(f"SELECT count(*) FROM projects p WHERE {where}", list(PUBLIC), *bounds)
        rows = await db.fetch(
            f"""SELECT p.code, p.title, p.status, p.budget, p.published_at, o.name AS owner_name,
                       i.code AS item_code, i.name AS item_name, a.name AS agency_name,
                       a.credit_code AS agency_code, c.level AS credit_level
                FROM projects p JOIN organisations o ON o.id = p.owner_organisation_id
                JOIN service_items i ON i.id = p.service_item_id
                LEFT JOIN agencies a ON a.id = p.selected_agency_id
                LEFT JOIN credit_profiles c ON c.credit_code = a.credit_code
                WHERE {where} ORDER BY p.created_at DESC, p.id DESC LIMIT $4""",
            list(PUBLIC),
            *bounds,
            first + 1,
        )
    edges = [
        {
            "node": {
                "code": row["code"],
                "title": row["title"],
                "status": row["status"],
                "budget": row["budget"],
                "publishedAt": row["published_at"],
                "owner": {"name": row["owner_name"]},
                "serviceItem": {"code": row["item_code"], "name": row["item_name"]},
                "result": (
                    {
                        "agency": {
                            "name": row["agency_name"],
                            "creditCode": row["agency_code"],
                            "creditProfile": {"level": row["credit_level"]},
                        }
                    }
                    if row["agency_name"]
                    else None
                ),
            }
        }
        for row in rows[:first]
    ]
    return _json({"projects": {"totalCount": total, "edges": edges}}, 2)


async def agency_profile(request: Request) -> Response:
    code = request.query_params["code"]
    async with request.app.state.pool.acquire() as db:
        agency = await db.fetchrow(
            """SELECT a.id, a.name, a.credit_code, a.status, a.business_phone, r.name AS region_name,
                      c.score, c.level, c.restriction
               FROM agencies a JOIN regions r ON r.code = a.region_code
               LEFT JOIN credit_profiles c ON c.credit_code = a.credit_code
               WHERE a.credit_code = $1 AND a.status = 'ACTIVE' AND NOT a.blacklisted""",
            code,
        )
        if agency is None:
            return _json({"agency": None}, 1)
        qualifications = await db.fetch(
            """SELECT q.level, q.certificate_number, q.valid_until, q.verification_state, t.name
               FROM agency_qualifications q JOIN qualification_types t ON t.code = q.qualification_type_code
               WHERE q.agency_id = $1 ORDER BY q.id""",
            agency["id"],
        )
        services = await db.fetch(
            """SELECT s.price_quote, i.code, i.name FROM agency_services s
               JOIN service_items i ON i.id = s.service_item_id WHERE s.agency_id = $1
               ORDER BY s.service_item_id""",
            agency["id"],
        )
        records_total = await db.fetchval(
            "SELECT count(*) FROM credit_records WHERE credit_code = $1 AND public", code
        )
        records = await db.fetch(
            """SELECT category, kind, status, decision_number, recorded_at FROM credit_records
               WHERE credit_code = $1 AND public ORDER BY recorded_at DESC, id DESC LIMIT 21""",
            code,
        )
        evaluations_total = await db.fetchval(
            "SELECT count(*) FROM service_evaluations WHERE agency_id = $1", agency["id"]
        )
        evaluations = await db.fetch(
            """SELECT evaluator_kind, scores, created_at FROM service_evaluations WHERE agency_id = $1
               ORDER BY created_at DESC, id DESC LIMIT 21""",
            agency["id"],
        )
    phone = agency["business_phone"]
    scores = [json.loads(row["scores"]) for row in evaluations[:20]]
    data = {
        "name": agency["name"],
        "creditCode": agency["credit_code"],
        "status": agency["status"],
        "businessPhone": f"{phone[:3]}****{phone[-4:]}",
        "region": {"name": agency["region_name"]},
        "qualifications": [
            {
                "level": q["level"],
                "certificateNumber": q["certificate_number"],
                "validUntil": q["valid_until"],
                "verificationState": q["verification_state"],
                "qualificationType": {"name": q["name"]},
            }
            for q in qualifications
        ],
        "services": [
            {"priceQuote": s["price_quote"], "serviceItem": {"code": s["code"], "name": s["name"]}}
            for s in services
        ],
        "creditProfile": {
            "score": agency["score"],
            "level": agency["level"],
            "restriction": agency["restriction"],
            "records": {
                "totalCount": records_total,
                "edges": [
                    {
                        "node": {
                            "category": r["category"],
                            "kind": r["kind"],
                            "status": r["status"],
                            "decisionNumber": r["decision_number"],
                            "recordedAt": r["recorded_at"],
                        }
                    }
                    for r in records[:20]
                ],
            },
        },
        "evaluations": {
            "totalCount": evaluations_total,
            "edges": [
                {
                    "node": {
                        "evaluatorKind": row["evaluator_kind"],
                        "average": round(sum(s.values()) / len(s), 2),
                        "createdAt": row["created_at"],
                        "scores": {"quality": s["quality"]},
                    }
                }
                for row, s in zip(evaluations[:20], scores, strict=True)
            ],
        },
    }
    return _json({"agency": data}, 7)


async def sign_up(request: Request) -> Response:
    """The sign-up's writes and checks: the project locked, the agency eligible, the row and its event."""
    body = await request.json()
    now = datetime.now(UTC)
    async with request.app.state.pool.acquire() as db, db.transaction():
        project = await db.fetchrow(
            "SELECT id, status, signup_deadline, service_item_id FROM projects WHERE id = $1 FOR UPDATE",
            body["project"],
        )
        agency = await db.fetchrow(
            """SELECT a.id FROM agencies a JOIN organisations o ON o.id = a.organisation_id
               JOIN agency_services s ON s.agency_id = a.id AND s.service_item_id = $2 AND s.status = 'ACTIVE'
               WHERE o.code = $1 AND a.status = 'ACTIVE' AND NOT a.blacklisted""",
            body["organisation"],
            project["service_item_id"],
        )
        if project["status"] != "PUBLISHED" or now >= project["signup_deadline"] or agency is None:
            return _json({"signUpForProject": {"errors": [{"code": "NOT_ALLOWED"}]}}, 2)
        signup = await db.fetchval(
            """INSERT INTO project_signups
                      (project_id, agency_id, signed_up_by, signed_up_at, member_agency_ids)
               SELECT $1, $2, u.id, $3, '[]' FROM users u JOIN organisations o ON o.id = u.organisation_id
               WHERE o.code = $4 LIMIT 1 RETURNING id""",
            project["id"],
            agency["id"],
            now,
            body["organisation"],
        )
        await db.execute(
            """WITH head AS (UPDATE outbox_head SET commit_number = commit_number + 1 WHERE id = 1
                             RETURNING commit_number)
               INSERT INTO domain_events (aggregate_type, aggregate_key, sequence, event_type, payload,
                                          actor_role, created_at, commit_number)
               SELECT 'ProjectSignup', $1, 1, 'project.sign_up', '{}', 'agency', $2, head.commit_number
               FROM head""",
            str(signup),
            now,
        )
    return _json({"signUpForProject": {"signup": {"id": signup}, "errors": []}}, 4)


async def events_socket(websocket: WebSocket) -> None:
    """Subscribers of the floor's push: every NOTIFY on the channel goes to every open socket."""
    await websocket.accept()
    sockets: set[WebSocket] = websocket.app.state.sockets
    sockets.add(websocket)
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        sockets.discard(websocket)


def _broadcast(sockets: set[WebSocket]) -> Any:
    def on_notify(_connection: Any, _pid: int, _channel: str, payload: str) -> None:
        for socket in list(sockets):
            asyncio.get_running_loop().create_task(_send(socket, payload, sockets))

    return on_notify


async def _send(socket: WebSocket, payload: str, sockets: set[WebSocket]) -> None:
    try:
        await socket.send_text(payload)
    except Exception:  # a closed subscriber just leaves
        sockets.discard(socket)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    dsn = os.environ["ZHONGJIE_BENCH_FLOOR_DSN"]
    app.state.pool = await asyncpg.create_pool(dsn, min_size=2, max_size=20)
    app.state.sockets = set()
    listener = await asyncpg.connect(dsn)
    await listener.add_listener(CHANNEL, _broadcast(app.state.sockets))
    yield
    await listener.close()
    await app.state.pool.close()


app = Starlette(
    routes=[
        Route("/q1", catalog_page),
        Route("/q2", project_search),
        Route("/q3", agency_profile),
        Route("/m1", sign_up, methods=["POST"]),
        WebSocketRoute("/s1", events_socket),
    ],
    lifespan=lifespan,
)
