"""Which GraphQL type shows what a global ID resolves to (`resolvers.node`), by the type's name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhongjie.resolvers.node import Found
from zhongjie.schema.agencies import (
    Agency,
    AgencyBranch,
    AgencyChangeRequest,
    AgencyQualification,
    Practitioner,
)
from zhongjie.schema.awards import ProjectEnquiry, ServiceExtension
from zhongjie.schema.catalog import AdministrativeMatter, ServiceItem
from zhongjie.schema.credit import CreditRecord, InspectionPlan
from zhongjie.schema.identity import Organisation, User
from zhongjie.schema.notices import Notice
from zhongjie.schema.projects import Project
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import Node
from zhongjie.schema.webhooks import WebhookDelivery, WebhookEndpoint


def _pair(wrap: Callable[..., Node]) -> Callable[[tuple[Any, ...]], Node]:
    return lambda pair: wrap(*pair)


NODE_TYPES: dict[str, Callable[[Any], Node]] = {
    "ServiceItem": ServiceItem.from_row,
    "AdministrativeMatter": AdministrativeMatter.from_row,
    "Region": Region.from_row,
    "User": User.from_row,
    "Organisation": _pair(Organisation.from_row),
    "Agency": Agency.from_row,
    "AgencyBranch": _pair(AgencyBranch.from_row),
    "AgencyQualification": _pair(AgencyQualification.from_row),
    "Practitioner": _pair(Practitioner.from_row),
    "InspectionPlan": InspectionPlan.from_row,
    "CreditRecord": _pair(CreditRecord.from_row),
    "Project": Project.from_row,
    "AgencyChangeRequest": _pair(AgencyChangeRequest.from_row),
    "ProjectEnquiry": _pair(ProjectEnquiry.from_row),
    "ServiceExtension": ServiceExtension.from_row,
    "Notice": Notice.from_row,
    "WebhookEndpoint": WebhookEndpoint.from_row,
    "WebhookDelivery": _pair(WebhookDelivery.from_row),
}


def shown(found: Found | None) -> Node | None:
    """The object as its GraphQL type (the row guard of the field returning it judges it)."""
    return NODE_TYPES[found.type_name](found.loaded) if found is not None else None
