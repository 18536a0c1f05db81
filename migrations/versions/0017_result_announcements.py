"""result announcements: one event type for every result and one for every failure

Results were written as the event of the action that reached them (`project.select`, `project.draw`,
`project.open_offers`, `project.rank`, `project.batch_select`), so a subscriber to `project.select` missed
every other method. They become `project.result_announced` and failures `project.failed`, each with what
the announcement tells (the action, the method, the winner and its consortium members, the result's
number and, for a draw, its round), recovered from the awards, sign-ups and draws they produced. Webhook
endpoints that asked for the old types now ask for the new ones. Event ids, positions and per-project
sequence numbers stay, so cursors and OCDS release ids do not change.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 16:00:00.000000
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
EVENTS = sa.table(
    "domain_events",
    sa.column("id", sa.Integer),
    sa.column("aggregate_type", sa.String),
    sa.column("aggregate_key", sa.String),
    sa.column("sequence", sa.Integer),
    sa.column("event_type", sa.String),
    sa.column("payload", JSON),
)
ENDPOINTS = sa.table("webhook_endpoints", sa.column("id", sa.Integer), sa.column("event_types", JSON))
DELIVERIES = sa.table("webhook_deliveries", sa.column("event_type", sa.String))
PROJECTS = sa.table("projects", sa.column("id", sa.Integer), sa.column("selection_method", sa.String))
AWARDS = sa.table(
    "project_awards",
    sa.column("id", sa.Integer),
    sa.column("project_id", sa.Integer),
    sa.column("agency_id", sa.Integer),
)
SIGNUPS = sa.table(
    "project_signups",
    sa.column("project_id", sa.Integer),
    sa.column("agency_id", sa.Integer),
    sa.column("member_agency_ids", JSON),
)
DRAWS = sa.table(
    "selection_draws",
    sa.column("project_id", sa.Integer),
    sa.column("round", sa.Integer),
    sa.column("record", JSON),
)

RESULT_ACTIONS = ("SELECT", "DRAW", "OPEN_OFFERS", "RANK", "BATCH_SELECT")
RESULT, FAILED = "project.result_announced", "project.failed"
RENAMED = {f"project.{action.lower()}": RESULT for action in RESULT_ACTIONS} | {"project.fail": FAILED}


def _facts(connection: sa.Connection) -> tuple[dict, dict, dict, dict]:
    methods = dict(connection.execute(sa.select(PROJECTS.c.id, PROJECTS.c.selection_method)).all())
    awards: dict[int, list[int]] = defaultdict(list)
    for project_id, agency_id in connection.execute(
        sa.select(AWARDS.c.project_id, AWARDS.c.agency_id).order_by(AWARDS.c.id)
    ):
        awards[project_id].append(agency_id)
    members = {
        (project_id, agency_id): list(member_ids or [])
        for project_id, agency_id, member_ids in connection.execute(
            sa.select(SIGNUPS.c.project_id, SIGNUPS.c.agency_id, SIGNUPS.c.member_agency_ids)
        )
    }
    rounds: dict[int, list[int]] = defaultdict(list)
    for project_id, number in connection.execute(
        sa.select(DRAWS.c.project_id, DRAWS.c.round)
        .where(DRAWS.c.record.is_not(None))
        .order_by(DRAWS.c.round)
    ):
        rounds[project_id].append(number)
    return methods, awards, members, rounds


def upgrade() -> None:
    connection = op.get_bind()
    methods, awards, members, rounds = _facts(connection)
    legacy = connection.execute(
        sa.select(EVENTS.c.id, EVENTS.c.aggregate_key, EVENTS.c.event_type, EVENTS.c.payload)
        .where(EVENTS.c.aggregate_type == "Project", EVENTS.c.event_type.in_(sorted(RENAMED)))
        .order_by(EVENTS.c.aggregate_key, EVENTS.c.sequence)
    ).all()
    results_so_far: dict[int, int] = defaultdict(int)
    for event_id, key, event_type, payload in legacy:
        project_id = int(key)
        action = event_type.removeprefix("project.").upper()
        told = {**payload, "action": action, "method": methods.get(project_id)}
        if RENAMED[event_type] == FAILED:
            told |= {"competitors": None, "minimum": None}
        else:
            results_so_far[project_id] += 1
            number = results_so_far[project_id]
            project_awards = awards.get(project_id, [])
            winner = project_awards[number - 1] if number <= len(project_awards) else None
            draws = rounds.get(project_id, [])
            told |= {
                "winner": winner,
                "members": members.get((project_id, winner), []),
                "result": number,
                "price": None,
                "drawRound": draws[number - 1] if action == "DRAW" and number <= len(draws) else None,
                "batchOf": None,
            }
        connection.execute(
            EVENTS.update()
            .where(EVENTS.c.id == event_id)
            .values(event_type=RENAMED[event_type], payload=told)
        )
    _rename_subscriptions(connection, lambda name: [RENAMED.get(name, name)])


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(EVENTS.c.id, EVENTS.c.payload).where(EVENTS.c.event_type.in_([RESULT, FAILED]))
    ).all()
    for event_id, payload in rows:
        old = f"project.{payload['action'].lower()}"
        connection.execute(EVENTS.update().where(EVENTS.c.id == event_id).values(event_type=old))
    back = {RESULT: [f"project.{action.lower()}" for action in RESULT_ACTIONS], FAILED: ["project.fail"]}
    _rename_subscriptions(connection, lambda name: back.get(name, [name]))


def _rename_subscriptions(connection: sa.Connection, renamed) -> None:
    for endpoint_id, types in connection.execute(sa.select(ENDPOINTS.c.id, ENDPOINTS.c.event_types)).all():
        new = sorted({name for old in types for name in renamed(old)})
        if new != sorted(types):
            connection.execute(
                ENDPOINTS.update().where(ENDPOINTS.c.id == endpoint_id).values(event_types=new)
            )
    for old in {name for name in RENAMED} | {RESULT, FAILED}:
        names = renamed(old)
        if names != [old] and len(names) == 1:
            connection.execute(
                DELIVERIES.update().where(DELIVERIES.c.event_type == old).values(event_type=names[0])
            )
