"""`node(id:)` and `nodes(ids:)`: any object by its global ID, through the same loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import strawberry

from zhongjie.base.errors import BadInput
from zhongjie.resolvers.loaders import Loaders
from zhongjie.schema.agencies import (
    Agency,
    AgencyBranch,
    AgencyChangeRequest,
    AgencyQualification,
    AgencyRef,
    Practitioner,
)
from zhongjie.schema.awards import ProjectEnquiry, ServiceExtension
from zhongjie.schema.catalog import AdministrativeMatter, ServiceItem
from zhongjie.schema.credit import CreditRecord, InspectionPlan
from zhongjie.schema.identity import Organisation, User
from zhongjie.schema.notices import Notice
from zhongjie.schema.projects import Project
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import Node, decode_global_id
from zhongjie.schema.webhooks import WebhookDelivery, WebhookEndpoint

MAX_NODES = 100


@dataclass(frozen=True)
class NodeSource:
    """How to fetch one type of node: its key's type, its loader and the GraphQL type to wrap it in."""

    parse_key: Callable[[str], Any]
    load: Callable[[Loaders, Any], Awaitable[Any]]
    wrap: Callable[[Any], Node]


def _integer_key(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ValueError(text)
    return int(text)


NODE_SOURCES: dict[str, NodeSource] = {
    "ServiceItem": NodeSource(
        _integer_key, lambda loaders, key: loaders.service_item.load(key), ServiceItem.from_row
    ),
    "AdministrativeMatter": NodeSource(
        _integer_key, lambda loaders, key: loaders.matter.load(key), AdministrativeMatter.from_row
    ),
    "Region": NodeSource(str, lambda loaders, key: loaders.region.load(key), Region.from_row),
    "User": NodeSource(_integer_key, lambda loaders, key: loaders.user.load(key), User.from_row),
    "Organisation": NodeSource(
        _integer_key,
        lambda loaders, key: _organisation(loaders, key),
        lambda pair: Organisation.from_row(*pair),
    ),
    "Agency": NodeSource(_integer_key, lambda loaders, key: loaders.agency.load(key), Agency.from_row),
    "AgencyBranch": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.branch.load(key)),
        lambda pair: AgencyBranch.from_row(*pair),
    ),
    "AgencyQualification": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.agency_qualification.load(key)),
        lambda pair: AgencyQualification.from_row(*pair),
    ),
    "Practitioner": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.practitioner.load(key)),
        lambda pair: Practitioner.from_row(*pair),
    ),
    "InspectionPlan": NodeSource(
        _integer_key, lambda loaders, key: loaders.inspection_plan.load(key), InspectionPlan.from_row
    ),
    "CreditRecord": NodeSource(
        _integer_key,
        lambda loaders, key: _record_with_owner(loaders, key),
        lambda pair: CreditRecord.from_row(*pair),
    ),
    "Project": NodeSource(_integer_key, lambda loaders, key: loaders.project.load(key), Project.from_row),
    "AgencyChangeRequest": NodeSource(
        _integer_key,
        lambda loaders, key: _with_owner(loaders, loaders.change_request.load(key)),
        lambda pair: AgencyChangeRequest.from_row(*pair),
    ),
    "ProjectEnquiry": NodeSource(
        _integer_key,
        lambda loaders, key: _enquiry_with_owner(loaders, key),
        lambda pair: ProjectEnquiry.from_row(*pair),
    ),
    "ServiceExtension": NodeSource(
        _integer_key, lambda loaders, key: loaders.extension.load(key), ServiceExtension.from_row
    ),
    "Notice": NodeSource(_integer_key, lambda loaders, key: loaders.notice.load(key), Notice.from_row),
    "WebhookEndpoint": NodeSource(
        _integer_key, lambda loaders, key: loaders.webhook_endpoint.load(key), WebhookEndpoint.from_row
    ),
    "WebhookDelivery": NodeSource(
        _integer_key,
        lambda loaders, key: _delivery_with_owner(loaders, key),
        lambda pair: WebhookDelivery.from_row(*pair),
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


async def resolve_node(loaders: Loaders, global_id: str) -> Node | None:
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
    row = await source.load(loaders, key)
    return source.wrap(row) if row is not None else None


async def node(info: strawberry.Info, id: strawberry.ID) -> Node | None:
    return await resolve_node(info.context.loaders, id)


async def nodes(info: strawberry.Info, ids: list[strawberry.ID]) -> list[Node | None]:
    if len(ids) > MAX_NODES:
        raise BadInput("too_many_ids", field="ids", maximum=MAX_NODES)
    loaders = info.context.loaders
    return list(await asyncio.gather(*(resolve_node(loaders, gid) for gid in ids)))
