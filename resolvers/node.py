"""`node(id:)` and `nodes(ids:)`: any object by its global ID, through the same loaders.

What a global ID resolves to here is the row of its type (with what that type's row rule reads
beside it, for the parts owned by another row); the schema shows it as the GraphQL type of that name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from zhongjie.auth.principal import Principal
from zhongjie.auth.visibility import VISIBILITY, RowRule
from zhongjie.base.errors import BadInput
from zhongjie.base.global_ids import decode_global_id
from zhongjie.domain.agencies.access import (
    AGENCY_ROWS,
    CHANGE_REQUEST_ROWS,
    PART_ROWS,
    PRACTITIONER_ROWS,
    AgencyRef,
)
from zhongjie.domain.awards.access import ENQUIRY_ROWS
from zhongjie.domain.credit.access import RECORD_ROWS
from zhongjie.domain.identity.access import ORGANISATION_ROWS, USER_ROWS
from zhongjie.domain.notices.access import NOTICE_ROWS
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.webhooks.access import OWN_ENDPOINTS
from zhongjie.resolvers.loaders import Loaders

MAX_NODES = 100


@dataclass(frozen=True)
class Judged:
    """What a row rule reads of a node whose row alone does not tell it: the attributes its GraphQL type
    holds for the rule."""

    organisation_id: int | None = None
    user_id: int | None = None
    owner_organisation_id: int | None = None
    publicly_known: bool = False
    public: bool = False
    kind: str | None = None


def _row(loaded: Any) -> Any:
    return loaded


@dataclass(frozen=True)
class NodeSource:
    """How to fetch one type of node: its key's type and its loader; and its row rule with what the rule
    judges of what was loaded."""

    parse_key: Callable[[str], Any]
    load: Callable[[Loaders, Any], Awaitable[Any]]
    rule: RowRule | None = None
    judged: Callable[[Any], Any] = _row


@dataclass(frozen=True)
class Found:
    """The object of a global ID: its type's name and what was loaded for it (a row, or a row and what
    its visibility depends on)."""

    type_name: str
    loaded: Any


def _integer_key(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ValueError(text)
    return int(text)


def _owner_of_part(pair: tuple[Any, AgencyRef]) -> AgencyRef:
    return pair[1]


NODE_SOURCES: dict[str, NodeSource] = {
    "ServiceItem": NodeSource(_integer_key, lambda loaders, key: loaders.service_item.load(key)),
    "AdministrativeMatter": NodeSource(_integer_key, lambda loaders, key: loaders.matter.load(key)),
    "Region": NodeSource(str, lambda loaders, key: loaders.region.load(key)),
    "User": NodeSource(
        _integer_key,
        lambda loaders, key: loaders.user.load(key),
        USER_ROWS,
        lambda row: Judged(user_id=row.id, organisation_id=row.organisation_id),
    ),
    "Organisation": NodeSource(
        _integer_key,
        lambda loaders, key: _organisation(loaders, key),
        ORGANISATION_ROWS,
        lambda pair: Judged(organisation_id=pair[0].id, publicly_known=pair[1]),
    ),
    "Agency": NodeSource(_integer_key, lambda loaders, key: loaders.agency.load(key), AGENCY_ROWS),
    "AgencyBranch": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.branch.load(key)),
        PART_ROWS,
        _owner_of_part,
    ),
    "AgencyQualification": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.agency_qualification.load(key)),
        PART_ROWS,
        _owner_of_part,
    ),
    "Practitioner": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.practitioner.load(key)),
        PRACTITIONER_ROWS,
        _owner_of_part,
    ),
    "InspectionPlan": NodeSource(_integer_key, lambda loaders, key: loaders.inspection_plan.load(key)),
    "CreditRecord": NodeSource(
        _integer_key,
        lambda loaders, key: _record_with_owner(loaders, key),
        RECORD_ROWS,
        lambda pair: Judged(public=pair[0].public, organisation_id=pair[1]),
    ),
    "Project": NodeSource(_integer_key, lambda loaders, key: loaders.project.load(key), PROJECT_ROWS),
    "AgencyChangeRequest": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.change_request.load(key)),
        CHANGE_REQUEST_ROWS,
        _owner_of_part,
    ),
    "ProjectEnquiry": NodeSource(
        _integer_key,
        lambda loaders, key: _enquiry_with_owner(loaders, key),
        ENQUIRY_ROWS,
        lambda pair: Judged(
            kind=pair[0].kind, organisation_id=pair[0].filed_by_organisation_id, owner_organisation_id=pair[1]
        ),
    ),
    "ServiceExtension": NodeSource(_integer_key, lambda loaders, key: loaders.extension.load(key)),
    "Notice": NodeSource(_integer_key, lambda loaders, key: loaders.notice.load(key), NOTICE_ROWS),
    "WebhookEndpoint": NodeSource(
        _integer_key, lambda loaders, key: loaders.webhook_endpoint.load(key), OWN_ENDPOINTS
    ),
    "WebhookDelivery": NodeSource(
        _integer_key,
        lambda loaders, key: _delivery_with_owner(loaders, key),
        OWN_ENDPOINTS,
        lambda pair: Judged(organisation_id=pair[1]),
    ),
}


async def _enquiry_with_owner(loaders: Loaders, key: int) -> tuple[Any, int] | None:
    enquiry = await loaders.enquiry.load(key)
    project = await loaders.project.load(enquiry.project_id) if enquiry else None
    return (enquiry, project.owner_organisation_id) if project else None


async def _delivery_with_owner(loaders: Loaders, key: int) -> tuple[Any, int] | None:
    delivery = await loaders.webhook_delivery.load(key)
    endpoint = await loaders.webhook_endpoint.load(delivery.endpoint_id) if delivery else None
    return (delivery, endpoint.organisation_id) if endpoint else None


async def _record_with_owner(loaders: Loaders, key: int) -> tuple[Any, int | None] | None:
    record = await loaders.credit_record.load(key)
    if record is None:
        return None
    agency = await loaders.agency_by_credit_code.load(record.credit_code)
    return record, agency.organisation_id if agency else None


async def _organisation(loaders: Loaders, key: int) -> tuple[Any, bool] | None:
    """An organisation with whether anyone may know of it (`ORGANISATION_ROWS`)."""
    row = await loaders.organisation.load(key)
    return (row, await loaders.organisation_publicly_known.load(key)) if row is not None else None


async def _with_owner(loaders: Loaders, pending: Awaitable[Any]) -> tuple[Any, AgencyRef] | None:
    """A row of an agency's part with what its visibility depends on: the agency's owner and status."""
    row = await pending
    if row is None:
        return None
    agency = await loaders.agency.load(row.agency_id)
    return (row, AgencyRef.of(agency)) if agency is not None else None


async def resolve_node(loaders: Loaders, global_id: str) -> Found | None:
    """The object of a global ID, whoever may see it: the row guard of `node`/`nodes` (and of every
    other field) hides it from those who may not."""
    type_name, raw_key = decode_global_id(global_id)
    source = NODE_SOURCES.get(type_name)
    if source is None:
        raise BadInput("malformed_global_id", field="id", value=global_id[:64])
    try:
        key = source.parse_key(raw_key)
    except ValueError as error:
        raise BadInput("malformed_global_id", field="id", value=global_id[:64]) from error
    loaded = await source.load(loaders, key)
    return Found(type_name, loaded) if loaded is not None else None


def visible(principal: Principal, found: Found) -> bool:
    """Whether `principal` may see the object, by its type's row rule (the one its GraphQL type declares)."""
    source = NODE_SOURCES[found.type_name]
    return VISIBILITY.sees_row(principal, source.rule, source.judged(found.loaded))


async def nodes(loaders: Loaders, ids: Sequence[str]) -> list[Found | None]:
    if len(ids) > MAX_NODES:
        raise BadInput("too_many_ids", field="ids", maximum=MAX_NODES)
    return list(await asyncio.gather(*(resolve_node(loaders, gid) for gid in ids)))
