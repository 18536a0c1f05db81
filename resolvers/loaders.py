"""Per-request dataloaders: every read of related rows is batched into one statement.

Loaders only read, so they return plain rows (`records`: column values by attribute, no identity map)
rather than ORM entities, which cost several times as much to build (bench/). Each statement is built
once, with its keys as the expanding bind parameter `KEYS`: building and keying a statement anew for each
batch cost about as much as running it (bench/). The reads run where the request's `Reads` says: on one
connection per query operation (PostgreSQL), else each on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Coroutine, Hashable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar, cast, overload

from aiodataloader import DataLoader
from sqlalchemy import BindParameter, Executable, Select, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression
from sqlalchemy.sql.visitors import ExternallyTraversible, replacement_traverse

from zhongjie.domain.agencies.vocabulary import AgencyStatus
from zhongjie.domain.ocds.feed import latest_releases
from zhongjie.domain.projects.lifecycle import PUBLIC
from zhongjie.models import (
    AdministrativeMatter,
    Agency,
    AgencyBranch,
    AgencyChangeRequest,
    AgencyContact,
    AgencyHistoryEntry,
    AgencyPractitioner,
    AgencyQualification,
    AgencyService,
    CreditProfile,
    CreditProfileChange,
    CreditRecord,
    InspectionPlan,
    InspectionTarget,
    MeritScore,
    Notice,
    Organisation,
    Project,
    ProjectAward,
    ProjectEnquiry,
    ProjectHistoryEntry,
    ProjectOffer,
    ProjectSignup,
    QualificationType,
    Region,
    SelectionDraw,
    ServiceDelivery,
    ServiceEvaluation,
    ServiceExtension,
    ServiceItem,
    ServiceItemQualification,
    ServiceItemVersion,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    agency_branch_regions,
    service_item_matters,
)
from zhongjie.models.database import Database, Reads

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")
KEYS: BindParameter[Any] = bindparam("keys", expanding=True)  # a batch's keys, in every loader statement
MAX_BATCH = 1000


def records(model: Any, *extra: Any) -> Select[Any]:
    """A statement for `model`'s rows as plain records, with `extra` columns beside them."""
    return select(*model.__table__.columns, *extra)


def by_key(keys: Sequence[Key], rows: Iterable[Value], key: Callable[[Value], Key]) -> list[Value | None]:
    found = {key(row): row for row in rows}
    return [found.get(k) for k in keys]


def grouped(keys: Sequence[Key], pairs: Iterable[tuple[Key, Value]]) -> list[list[Value]]:
    groups: dict[Key, list[Value]] = defaultdict(list)
    for group_key, value in pairs:
        groups[group_key].append(value)
    return [groups.get(k, []) for k in keys]


BatchOf = Callable[["Loaders", list[Any]], Coroutine[Any, Any, list[Any]]]


@dataclass(frozen=True)
class One:
    """One row per key: `statement` selects the rows whose column `key` is among `KEYS`."""

    statement: Select[Any]
    key: str

    async def __call__(self, loaders: Loaders, keys: list[Any]) -> list[Any]:
        return by_key(keys, await loaders.rows(self.statement, keys), attrgetter(self.key))


@dataclass(frozen=True)
class Many:
    """Each key's rows, in the statement's order; `shape` makes each value of its row."""

    statement: Select[Any]
    key: str
    shape: Callable[[Any], Any] = lambda row: row

    async def __call__(self, loaders: Loaders, keys: list[Any]) -> list[Any]:
        rows = await loaders.rows(self.statement, keys)
        return grouped(keys, ((getattr(row, self.key), self.shape(row)) for row in rows))


def by_column(model: Any, column: Any) -> One:
    return One(records(model).where(column.in_(KEYS)), column.key)


def by_id(model: Any) -> One:
    return by_column(model, model.id)


def children(model: Any, parent: Any, *order: Any) -> Many:
    """Rows of `model` grouped by their `parent` key, each group in `order`."""
    return Many(records(model).where(parent.in_(KEYS)).order_by(*order), parent.key)


class LazyLoader:
    """A loader of `Loaders`, made on first use in each request: a request uses a few of the fifty, and
    making them all was a fifth of a small query's time (bench/)."""

    def __init__(self, batch: BatchOf) -> None:
        self.batch = batch
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> LazyLoader: ...

    @overload
    def __get__(self, instance: Loaders, owner: type) -> DataLoader: ...

    def __get__(self, instance: Loaders | None, owner: type) -> LazyLoader | DataLoader:
        if instance is None:
            return self
        batch = self.batch

        async def load(keys: list[Any]) -> list[Any]:  # a coroutine function, as DataLoader asks
            return await batch(instance, keys)

        made = DataLoader(load, max_batch_size=MAX_BATCH)
        if self.name:  # (one set on a class after its making has none)
            instance.__dict__[self.name] = made  # found before this descriptor from now on
        return made


loader = LazyLoader


# --- batches with more to them than one statement's rows ------------------------------------------

PUBLICLY_KNOWN = (
    select(Project.owner_organisation_id)
    .where(Project.owner_organisation_id.in_(KEYS), Project.status.in_([s.value for s in PUBLIC]))
    .union(
        select(Agency.organisation_id).where(
            Agency.organisation_id.in_(KEYS),
            Agency.status == AgencyStatus.ACTIVE.value,
            Agency.blacklisted.is_(False),
        )
    )
)


async def publicly_known_organisations(loaders: Loaders, ids: list[int]) -> list[bool]:
    """Whether each organisation owns a public project or is a public agency's: then anyone may know it;
    else (an application's, a draft's) it would tell what the register hides."""
    known = {row[0] for row in await loaders.rows(PUBLICLY_KNOWN, ids)}
    return [organisation_id in known for organisation_id in ids]


QUALIFICATIONS_OF_AGENCY = Many(
    records(AgencyQualification, *QualificationType.__table__.columns)
    .join(QualificationType, QualificationType.code == AgencyQualification.qualification_type_code)
    .where(AgencyQualification.agency_id.in_(KEYS))
    .order_by(AgencyQualification.id),
    "agency_id",
)


async def qualifications_of_agencies(loaders: Loaders, agency_ids: list[int]) -> list[list[Any]]:
    """Each agency's certificates; their types, in the same rows, primed into `qualification_type`."""
    found = await QUALIFICATIONS_OF_AGENCY(loaders, agency_ids)
    for rows in found:
        for row in rows:  # each row holds the certificate's and its type's columns
            loaders.qualification_type.prime(row.code, row)
    return found


SERVICES_OF_AGENCY = Many(
    records(AgencyService, *ServiceItem.__table__.columns)
    .join(ServiceItem, ServiceItem.id == AgencyService.service_item_id)
    .where(AgencyService.agency_id.in_(KEYS))
    .order_by(AgencyService.service_item_id),
    "agency_id",
)


async def services_of_agencies(loaders: Loaders, agency_ids: list[int]) -> list[list[Any]]:
    """Each agency's services; their catalog items, in the same rows, primed into `service_item`."""
    found = await SERVICES_OF_AGENCY(loaders, agency_ids)
    for rows in found:
        for row in rows:  # each row holds the service's and its item's columns
            loaders.service_item.prime(row.id, row)
    return found


async def latest_ocds_release(loaders: Loaders, project_ids: list[int]) -> list[str | None]:
    """Each project's latest published release, as its JSON text."""
    async with loaders.database.session() as session:
        found = await latest_releases(session, project_ids)
    return [found.get(project_id) for project_id in project_ids]


class Loaders:
    """Fresh for every request, so nothing cached leaks between callers."""

    region = loader(by_column(Region, Region.code))
    regions_by_parent = loader(children(Region, Region.parent_code, Region.code))
    service_item = loader(by_id(ServiceItem))
    service_item_by_code = loader(by_column(ServiceItem, ServiceItem.code))
    matter = loader(by_id(AdministrativeMatter))
    matters_of_item = loader(
        Many(
            records(AdministrativeMatter, service_item_matters.c.service_item_id)
            .join(service_item_matters, AdministrativeMatter.id == service_item_matters.c.matter_id)
            .where(service_item_matters.c.service_item_id.in_(KEYS))
            .order_by(AdministrativeMatter.code),
            "service_item_id",
        )
    )
    items_of_matter = loader(
        Many(
            records(ServiceItem, service_item_matters.c.matter_id)
            .join(service_item_matters, ServiceItem.id == service_item_matters.c.service_item_id)
            .where(service_item_matters.c.matter_id.in_(KEYS))
            .order_by(ServiceItem.code),
            "matter_id",
        )
    )
    requirements_of_item = loader(  # each row holds both the requirement's and its type's columns
        Many(
            records(ServiceItemQualification, *QualificationType.__table__.columns)
            .join(
                QualificationType, QualificationType.code == ServiceItemQualification.qualification_type_code
            )
            .where(ServiceItemQualification.service_item_id.in_(KEYS))
            .order_by(ServiceItemQualification.qualification_type_code),
            "service_item_id",
            shape=lambda row: (row, row),
        )
    )
    versions_of_item = loader(
        children(ServiceItemVersion, ServiceItemVersion.service_item_id, ServiceItemVersion.version.desc())
    )
    user = loader(by_id(User))
    organisation = loader(by_id(Organisation))
    organisation_publicly_known = loader(publicly_known_organisations)
    qualification_type = loader(by_column(QualificationType, QualificationType.code))
    agency = loader(by_id(Agency))
    agency_by_credit_code = loader(by_column(Agency, Agency.credit_code))
    agency_qualification = loader(by_id(AgencyQualification))
    practitioner = loader(by_id(AgencyPractitioner))
    branch = loader(by_id(AgencyBranch))
    change_request = loader(by_id(AgencyChangeRequest))
    qualifications_of_agency = loader(qualifications_of_agencies)
    services_of_agency = loader(services_of_agencies)
    branches_of_agency = loader(children(AgencyBranch, AgencyBranch.agency_id, AgencyBranch.id))
    practitioners_of_agency = loader(
        children(AgencyPractitioner, AgencyPractitioner.agency_id, AgencyPractitioner.id)
    )
    history_of_agency = loader(
        children(AgencyHistoryEntry, AgencyHistoryEntry.agency_id, AgencyHistoryEntry.id)
    )
    change_requests_of_agency = loader(
        children(AgencyChangeRequest, AgencyChangeRequest.agency_id, AgencyChangeRequest.id.desc())
    )
    regions_of_branch = loader(
        Many(
            records(Region, agency_branch_regions.c.branch_id)
            .join(agency_branch_regions, Region.code == agency_branch_regions.c.region_code)
            .where(agency_branch_regions.c.branch_id.in_(KEYS))
            .order_by(Region.code),
            "branch_id",
        )
    )
    contacts_of_agency = loader(
        Many(
            records(User, AgencyContact.agency_id)
            .join(AgencyContact, User.id == AgencyContact.user_id)
            .where(AgencyContact.agency_id.in_(KEYS))
            .order_by(User.id),
            "agency_id",
        )
    )
    project = loader(by_id(Project))
    project_by_code = loader(by_column(Project, Project.code))
    history_of_project = loader(
        children(ProjectHistoryEntry, ProjectHistoryEntry.project_id, ProjectHistoryEntry.id)
    )
    signups_of_project = loader(  # current sign-ups with each agency's organisation, for their visibility
        Many(
            records(ProjectSignup, Agency.organisation_id)
            .join(Agency, Agency.id == ProjectSignup.agency_id)
            .where(ProjectSignup.project_id.in_(KEYS), ProjectSignup.withdrawn_at.is_(None))
            .order_by(ProjectSignup.signed_up_at, ProjectSignup.id),
            "project_id",
            shape=lambda signup: (signup, signup.organisation_id),
        )
    )
    credit_profile = loader(by_column(CreditProfile, CreditProfile.credit_code))
    profile_history = loader(
        children(CreditProfileChange, CreditProfileChange.credit_code, CreditProfileChange.id.desc())
    )
    credit_record = loader(by_id(CreditRecord))
    inspection_plan = loader(by_id(InspectionPlan))
    targets_of_plan = loader(
        children(InspectionTarget, InspectionTarget.plan_id, InspectionTarget.credit_code)
    )
    awards_of_project = loader(children(ProjectAward, ProjectAward.project_id, ProjectAward.id))
    deliveries_of_award = loader(children(ServiceDelivery, ServiceDelivery.award_id, ServiceDelivery.number))
    extensions_of_award = loader(children(ServiceExtension, ServiceExtension.award_id, ServiceExtension.id))
    evaluations_of_project = loader(
        children(ServiceEvaluation, ServiceEvaluation.project_id, ServiceEvaluation.id)
    )
    enquiries_of_project = loader(children(ProjectEnquiry, ProjectEnquiry.project_id, ProjectEnquiry.id))
    enquiry = loader(by_id(ProjectEnquiry))
    offers_of_project = (
        loader(  # each offer with the offering agency's organisation, for the sealed-offer rule
            Many(
                records(ProjectOffer, Agency.organisation_id)
                .join(Agency, Agency.id == ProjectOffer.agency_id)
                .where(ProjectOffer.project_id.in_(KEYS))
                .order_by(ProjectOffer.round, ProjectOffer.price, ProjectOffer.submitted_at),
                "project_id",
                shape=lambda offer: (offer, offer.organisation_id),
            )
        )
    )
    merit_scores_of_project = loader(children(MeritScore, MeritScore.project_id, MeritScore.id))
    draws_of_project = loader(children(SelectionDraw, SelectionDraw.project_id, SelectionDraw.round))
    extension = loader(by_id(ServiceExtension))
    notice = loader(by_id(Notice))
    webhook_endpoint = loader(by_id(WebhookEndpoint))
    webhook_delivery = loader(by_id(WebhookDelivery))
    latest_ocds_release = loader(latest_ocds_release)
    attempts_of_delivery = loader(children(WebhookAttempt, WebhookAttempt.delivery_id, WebhookAttempt.number))

    def __init__(self, database: Database) -> None:
        self.database = database
        self.reads = Reads(database)

    def forget(self) -> None:
        """Drops the loaders made so far with what they hold: what follows loads afresh."""
        for name in [name for name, value in vars(self).items() if isinstance(value, DataLoader)]:
            del self.__dict__[name]

    async def rows(self, statement: Executable, keys: list[Any]) -> list[Any]:
        """The rows of a loader statement for a batch's keys."""
        async with self.reads.reading() as connection:
            if connection.dialect.name == "postgresql":
                statement = with_key_array(statement)
            return list((await connection.execute(statement, {"keys": keys})).all())


ON_POSTGRESQL: dict[int, tuple[Executable, Executable]] = {}


def with_key_array(statement: Executable) -> Executable:
    """The statement with `IN (KEYS)` as `= ANY(:keys)`, once for each statement: one array parameter
    instead of one parameter a key, so PostgreSQL keeps one prepared statement for every batch size and
    nothing is rendered anew at each batch (half the time of a 100-key batch, bench/)."""
    found = ON_POSTGRESQL.get(id(statement))
    if found is None or found[0] is not statement:
        rewritten = replacement_traverse(cast(ExternallyTraversible, statement), {}, _key_array)
        found = ON_POSTGRESQL[id(statement)] = (statement, cast(Executable, rewritten))
    return found[1]


def _key_array(element: Any, **_: Any) -> Any:
    if (
        isinstance(element, BinaryExpression)
        and element.operator is operators.in_op
        and isinstance(element.right, BindParameter)
        and element.right.key == KEYS.key
    ):
        return element.left == any_(bindparam("keys", type_=ARRAY(element.left.type)))
    return None
