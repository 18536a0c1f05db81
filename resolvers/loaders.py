"""Per-request dataloaders: every read of related rows is batched into one statement.

Each batch opens its own short session, since strawberry resolves sibling fields
concurrently and an `AsyncSession` must not be shared between them. Loaders only read, so they
return plain rows (`records`: column values by attribute, no identity map) rather than ORM entities,
which cost several times as much to build (bench/).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Coroutine, Hashable, Iterable, Sequence
from typing import Any, TypeVar, overload

from aiodataloader import DataLoader
from sqlalchemy import Select, select

from zhongjie.domain.agencies.vocabulary import AgencyStatus
from zhongjie.domain.ocds.facts import Facts, load_facts
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
from zhongjie.models.database import Database

Key = TypeVar("Key", bound=Hashable)


def records(model: Any, *extra: Any) -> Select[Any]:
    """A statement for `model`'s rows as plain records, with `extra` columns beside them."""
    return select(*model.__table__.columns, *extra)


Value = TypeVar("Value")


def by_key(keys: Sequence[Key], rows: Iterable[Value], key: Callable[[Value], Key]) -> list[Value | None]:
    found = {key(row): row for row in rows}
    return [found.get(k) for k in keys]


def grouped(keys: Sequence[Key], pairs: Iterable[tuple[Key, Value]]) -> list[list[Value]]:
    groups: dict[Key, list[Value]] = defaultdict(list)
    for group_key, value in pairs:
        groups[group_key].append(value)
    return [groups.get(k, []) for k in keys]


Batch = Callable[[list[Any]], Coroutine[Any, Any, list[Any]]]
MAX_BATCH = 1000


class LazyLoader:
    """A loader of `Loaders`, made on first use in each request: a request uses a few of the fifty, and
    making them all was a fifth of a small query's time (bench/)."""

    def __init__(self, batch: Callable[[Loaders], Batch]) -> None:
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
        made = DataLoader(self.batch(instance), max_batch_size=MAX_BATCH)
        instance.__dict__[self.name] = made  # found before this descriptor from now on
        return made


loader = LazyLoader


class Loaders:
    """Fresh for every request, so nothing cached leaks between callers."""

    region = loader(lambda self: self._regions_by_code)
    regions_by_parent = loader(lambda self: self._regions_by_parent_code)
    service_item = loader(lambda self: self._rows_by_id(ServiceItem))
    service_item_by_code = loader(lambda self: self._service_items_by_code)
    matter = loader(lambda self: self._rows_by_id(AdministrativeMatter))
    matters_of_item = loader(lambda self: self._matters_by_item_id)
    items_of_matter = loader(lambda self: self._items_by_matter_id)
    requirements_of_item = loader(lambda self: self._requirements_by_item_id)
    versions_of_item = loader(lambda self: self._versions_by_item_id)
    user = loader(lambda self: self._rows_by_id(User))
    organisation = loader(lambda self: self._rows_by_id(Organisation))
    organisation_publicly_known = loader(lambda self: self._publicly_known_organisations)
    qualification_type = loader(lambda self: self._qualification_types_by_code)
    agency = loader(lambda self: self._rows_by_id(Agency))
    agency_by_credit_code = loader(lambda self: self._agencies_by_credit_code)
    agency_qualification = loader(lambda self: self._rows_by_id(AgencyQualification))
    practitioner = loader(lambda self: self._rows_by_id(AgencyPractitioner))
    branch = loader(lambda self: self._rows_by_id(AgencyBranch))
    change_request = loader(lambda self: self._rows_by_id(AgencyChangeRequest))
    qualifications_of_agency = loader(lambda self: self._qualifications_by_agency_id)
    services_of_agency = loader(lambda self: self._services_by_agency_id)
    branches_of_agency = loader(
        lambda self: self._children(AgencyBranch, AgencyBranch.agency_id, AgencyBranch.id)
    )
    practitioners_of_agency = loader(
        lambda self: self._children(AgencyPractitioner, AgencyPractitioner.agency_id, AgencyPractitioner.id)
    )
    history_of_agency = loader(
        lambda self: self._children(AgencyHistoryEntry, AgencyHistoryEntry.agency_id, AgencyHistoryEntry.id)
    )
    change_requests_of_agency = loader(
        lambda self: self._children(
            AgencyChangeRequest, AgencyChangeRequest.agency_id, AgencyChangeRequest.id.desc()
        )
    )
    regions_of_branch = loader(lambda self: self._regions_by_branch_id)
    contacts_of_agency = loader(lambda self: self._contacts_by_agency_id)
    project = loader(lambda self: self._rows_by_id(Project))
    project_by_code = loader(lambda self: self._projects_by_code)
    history_of_project = loader(
        lambda self: self._children(
            ProjectHistoryEntry, ProjectHistoryEntry.project_id, ProjectHistoryEntry.id
        )
    )
    signups_of_project = loader(lambda self: self._signups_by_project_id)
    credit_profile = loader(lambda self: self._profiles_by_code)
    profile_history = loader(
        lambda self: self._children(
            CreditProfileChange, CreditProfileChange.credit_code, CreditProfileChange.id.desc()
        )
    )
    credit_record = loader(lambda self: self._rows_by_id(CreditRecord))
    inspection_plan = loader(lambda self: self._rows_by_id(InspectionPlan))
    targets_of_plan = loader(
        lambda self: self._children(InspectionTarget, InspectionTarget.plan_id, InspectionTarget.credit_code)
    )
    awards_of_project = loader(
        lambda self: self._children(ProjectAward, ProjectAward.project_id, ProjectAward.id)
    )
    deliveries_of_award = loader(
        lambda self: self._children(ServiceDelivery, ServiceDelivery.award_id, ServiceDelivery.number)
    )
    extensions_of_award = loader(
        lambda self: self._children(ServiceExtension, ServiceExtension.award_id, ServiceExtension.id)
    )
    evaluations_of_project = loader(
        lambda self: self._children(ServiceEvaluation, ServiceEvaluation.project_id, ServiceEvaluation.id)
    )
    enquiries_of_project = loader(
        lambda self: self._children(ProjectEnquiry, ProjectEnquiry.project_id, ProjectEnquiry.id)
    )
    enquiry = loader(lambda self: self._rows_by_id(ProjectEnquiry))
    offers_of_project = loader(lambda self: self._offers_by_project_id)
    merit_scores_of_project = loader(
        lambda self: self._children(MeritScore, MeritScore.project_id, MeritScore.id)
    )
    draws_of_project = loader(
        lambda self: self._children(SelectionDraw, SelectionDraw.project_id, SelectionDraw.round)
    )
    extension = loader(lambda self: self._rows_by_id(ServiceExtension))
    notice = loader(lambda self: self._rows_by_id(Notice))
    webhook_endpoint = loader(lambda self: self._rows_by_id(WebhookEndpoint))
    webhook_delivery = loader(lambda self: self._rows_by_id(WebhookDelivery))
    ocds_facts = loader(lambda self: self._ocds_facts)
    attempts_of_delivery = loader(
        lambda self: self._children(WebhookAttempt, WebhookAttempt.delivery_id, WebhookAttempt.number)
    )

    def __init__(self, database: Database) -> None:
        self.database = database

    async def _rows(self, statement: Any) -> list[Any]:
        async with self.database.reading() as connection:
            return list((await connection.execute(statement)).all())

    def _rows_by_id(self, model: Any) -> Callable[[list[int]], Coroutine[Any, Any, list[Any]]]:
        async def load(ids: list[int]) -> list[Any]:
            rows = await self._rows(records(model).where(model.id.in_(ids)))
            return by_key(ids, rows, lambda row: row.id)

        return load

    def _children(
        self, model: Any, parent: Any, order: Any
    ) -> Callable[[list[int]], Coroutine[Any, Any, list[list[Any]]]]:
        """Rows of `model` grouped by their `parent` key, each group in `order`."""

        async def load(parent_ids: list[int]) -> list[list[Any]]:
            rows = await self._rows(records(model).where(parent.in_(parent_ids)).order_by(order))
            return grouped(parent_ids, ((getattr(row, parent.key), row) for row in rows))

        return load

    async def _regions_by_code(self, codes: list[str]) -> list[Region | None]:
        rows = await self._rows(records(Region).where(Region.code.in_(codes)))
        return by_key(codes, rows, lambda region: region.code)

    async def _regions_by_parent_code(self, codes: list[str]) -> list[list[Region]]:
        rows = await self._rows(records(Region).where(Region.parent_code.in_(codes)).order_by(Region.code))
        return grouped(codes, ((region.parent_code, region) for region in rows))

    async def _service_items_by_code(self, codes: list[str]) -> list[ServiceItem | None]:
        rows = await self._rows(records(ServiceItem).where(ServiceItem.code.in_(codes)))
        return by_key(codes, rows, lambda item: item.code)

    async def _matters_by_item_id(self, item_ids: list[int]) -> list[list[AdministrativeMatter]]:
        rows = await self._rows(
            records(AdministrativeMatter, service_item_matters.c.service_item_id)
            .join(service_item_matters, AdministrativeMatter.id == service_item_matters.c.matter_id)
            .where(service_item_matters.c.service_item_id.in_(item_ids))
            .order_by(AdministrativeMatter.code)
        )
        return grouped(item_ids, ((matter.service_item_id, matter) for matter in rows))

    async def _items_by_matter_id(self, matter_ids: list[int]) -> list[list[ServiceItem]]:
        rows = await self._rows(
            records(ServiceItem, service_item_matters.c.matter_id)
            .join(service_item_matters, ServiceItem.id == service_item_matters.c.service_item_id)
            .where(service_item_matters.c.matter_id.in_(matter_ids))
            .order_by(ServiceItem.code)
        )
        return grouped(matter_ids, ((item.matter_id, item) for item in rows))

    async def _requirements_by_item_id(
        self, item_ids: list[int]
    ) -> list[list[tuple[ServiceItemQualification, QualificationType]]]:
        rows = await self._rows(
            records(ServiceItemQualification, *QualificationType.__table__.columns)
            .join(
                QualificationType, QualificationType.code == ServiceItemQualification.qualification_type_code
            )
            .where(ServiceItemQualification.service_item_id.in_(item_ids))
            .order_by(ServiceItemQualification.qualification_type_code)
        )
        # each row holds both the requirement's and its type's columns
        return grouped(item_ids, ((row.service_item_id, (row, row)) for row in rows))

    async def _versions_by_item_id(self, item_ids: list[int]) -> list[list[ServiceItemVersion]]:
        rows = await self._rows(
            records(ServiceItemVersion)
            .where(ServiceItemVersion.service_item_id.in_(item_ids))
            .order_by(ServiceItemVersion.version.desc())
        )
        return grouped(item_ids, ((version.service_item_id, version) for version in rows))

    async def _qualification_types_by_code(self, codes: list[str]) -> list[QualificationType | None]:
        rows = await self._rows(records(QualificationType).where(QualificationType.code.in_(codes)))
        return by_key(codes, rows, lambda qualification_type: qualification_type.code)

    async def _publicly_known_organisations(self, ids: list[int]) -> list[bool]:
        """Whether each organisation owns a public project or is a public agency's: then anyone may know
        it; else (an application's, a draft's) it would tell what the register hides."""
        projects = select(Project.owner_organisation_id).where(
            Project.owner_organisation_id.in_(ids), Project.status.in_([s.value for s in PUBLIC])
        )
        agencies = select(Agency.organisation_id).where(
            Agency.organisation_id.in_(ids),
            Agency.status == AgencyStatus.ACTIVE.value,
            Agency.blacklisted.is_(False),
        )
        known = {row[0] for row in await self._rows(projects.union(agencies))}
        return [organisation_id in known for organisation_id in ids]

    async def _agencies_by_credit_code(self, codes: list[str]) -> list[Agency | None]:
        rows = await self._rows(records(Agency).where(Agency.credit_code.in_(codes)))
        return by_key(codes, rows, lambda agency: agency.credit_code)

    async def _qualifications_by_agency_id(self, agency_ids: list[int]) -> list[list[Any]]:
        """Each agency's certificates; their types, read in the same statement, primed into
        `qualification_type`."""
        rows = await self._rows(
            records(AgencyQualification, *QualificationType.__table__.columns)
            .join(QualificationType, QualificationType.code == AgencyQualification.qualification_type_code)
            .where(AgencyQualification.agency_id.in_(agency_ids))
            .order_by(AgencyQualification.id)
        )
        for row in rows:  # each row holds the certificate's and its type's columns
            self.qualification_type.prime(row.code, row)
        return grouped(agency_ids, ((row.agency_id, row) for row in rows))

    async def _services_by_agency_id(self, agency_ids: list[int]) -> list[list[Any]]:
        """Each agency's services; their catalog items, read in the same statement, primed into
        `service_item`."""
        rows = await self._rows(
            records(AgencyService, *ServiceItem.__table__.columns)
            .join(ServiceItem, ServiceItem.id == AgencyService.service_item_id)
            .where(AgencyService.agency_id.in_(agency_ids))
            .order_by(AgencyService.service_item_id)
        )
        for row in rows:  # each row holds the service's and its item's columns
            self.service_item.prime(row.id, row)
        return grouped(agency_ids, ((row.agency_id, row) for row in rows))

    async def _regions_by_branch_id(self, branch_ids: list[int]) -> list[list[Region]]:
        rows = await self._rows(
            records(Region, agency_branch_regions.c.branch_id)
            .join(agency_branch_regions, Region.code == agency_branch_regions.c.region_code)
            .where(agency_branch_regions.c.branch_id.in_(branch_ids))
            .order_by(Region.code)
        )
        return grouped(branch_ids, ((region.branch_id, region) for region in rows))

    async def _contacts_by_agency_id(self, agency_ids: list[int]) -> list[list[User]]:
        rows = await self._rows(
            records(User, AgencyContact.agency_id)
            .join(AgencyContact, User.id == AgencyContact.user_id)
            .where(AgencyContact.agency_id.in_(agency_ids))
            .order_by(User.id)
        )
        return grouped(agency_ids, ((user.agency_id, user) for user in rows))

    async def _projects_by_code(self, codes: list[str]) -> list[Project | None]:
        rows = await self._rows(records(Project).where(Project.code.in_(codes)))
        return by_key(codes, rows, lambda project: project.code)

    async def _offers_by_project_id(self, project_ids: list[int]) -> list[list[tuple[ProjectOffer, int]]]:
        """Each project's offers with the offering agency's organisation (for the sealed-offer rule)."""
        rows = await self._rows(
            records(ProjectOffer, Agency.organisation_id)
            .join(Agency, Agency.id == ProjectOffer.agency_id)
            .where(ProjectOffer.project_id.in_(project_ids))
            .order_by(ProjectOffer.round, ProjectOffer.price, ProjectOffer.submitted_at)
        )
        return grouped(project_ids, ((offer.project_id, (offer, offer.organisation_id)) for offer in rows))

    async def _signups_by_project_id(self, project_ids: list[int]) -> list[list[tuple[ProjectSignup, int]]]:
        """Current sign-ups with the organisation of each agency, which their visibility depends on."""
        rows = await self._rows(
            records(ProjectSignup, Agency.organisation_id)
            .join(Agency, Agency.id == ProjectSignup.agency_id)
            .where(ProjectSignup.project_id.in_(project_ids), ProjectSignup.withdrawn_at.is_(None))
            .order_by(ProjectSignup.signed_up_at, ProjectSignup.id)
        )
        return grouped(
            project_ids, ((signup.project_id, (signup, signup.organisation_id)) for signup in rows)
        )

    async def _ocds_facts(self, project_ids: list[int]) -> list[Facts]:
        """One `Facts` of the whole batch, shared by its projects (it names their agencies and regions)."""
        async with self.database.session() as session:
            facts = await load_facts(session, project_ids)
        return [facts] * len(project_ids)

    async def _profiles_by_code(self, codes: list[str]) -> list[CreditProfile | None]:
        rows = await self._rows(records(CreditProfile).where(CreditProfile.credit_code.in_(codes)))
        return by_key(codes, rows, lambda profile: profile.credit_code)
