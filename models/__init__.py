"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from zhongjie.models.agency import (
    Agency,
    AgencyBranch,
    AgencyChangeRequest,
    AgencyContact,
    AgencyHistoryEntry,
    AgencyPractitioner,
    AgencyQualification,
    AgencyService,
    ELicenseRecord,
    agency_branch_regions,
)
from zhongjie.models.audit import AuditChainHead, AuditEntry, AuditSeal
from zhongjie.models.award import (
    BiddingRoom,
    MeritScore,
    ProjectAward,
    ProjectEnquiry,
    ProjectOffer,
    ProjectScorer,
    SealKey,
    SelectionDraw,
    ServiceDelivery,
    ServiceEvaluation,
    ServiceExtension,
)
from zhongjie.models.base import Base
from zhongjie.models.calendar import CalendarDay, CalendarYear
from zhongjie.models.catalog import (
    AdministrativeMatter,
    QualificationType,
    ServiceItem,
    ServiceItemQualification,
    ServiceItemVersion,
    service_item_matters,
)
from zhongjie.models.credit import (
    CreditProfile,
    CreditProfileChange,
    CreditRecord,
    InspectionPlan,
    InspectionTarget,
)
from zhongjie.models.events import DomainEvent, OutboxHead
from zhongjie.models.identity import Organisation, User
from zhongjie.models.notice import Notice
from zhongjie.models.ocds import OcdsRelease
from zhongjie.models.project import Project, ProjectHistoryEntry, ProjectRecusal, ProjectSignup
from zhongjie.models.region import Region
from zhongjie.models.webhooks import OutboxCursor, WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "AdministrativeMatter",
    "Agency",
    "AgencyBranch",
    "AgencyChangeRequest",
    "AgencyContact",
    "AgencyHistoryEntry",
    "AgencyPractitioner",
    "AgencyQualification",
    "AgencyService",
    "AuditChainHead",
    "AuditEntry",
    "AuditSeal",
    "Base",
    "BiddingRoom",
    "CalendarDay",
    "CalendarYear",
    "CreditProfile",
    "CreditProfileChange",
    "CreditRecord",
    "DomainEvent",
    "ELicenseRecord",
    "InspectionPlan",
    "InspectionTarget",
    "MeritScore",
    "Notice",
    "OcdsRelease",
    "Organisation",
    "OutboxCursor",
    "OutboxHead",
    "Project",
    "ProjectAward",
    "ProjectEnquiry",
    "ProjectHistoryEntry",
    "ProjectOffer",
    "ProjectRecusal",
    "ProjectScorer",
    "ProjectSignup",
    "QualificationType",
    "Region",
    "SealKey",
    "SelectionDraw",
    "ServiceDelivery",
    "ServiceEvaluation",
    "ServiceExtension",
    "ServiceItem",
    "ServiceItemQualification",
    "ServiceItemVersion",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "agency_branch_regions",
    "service_item_matters",
]
