"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from zhongjie.models.base import Base
from zhongjie.models.catalog import (
    AdministrativeMatter,
    QualificationType,
    ServiceItem,
    ServiceItemQualification,
    ServiceItemVersion,
    service_item_matters,
)
from zhongjie.models.identity import Organisation, User
from zhongjie.models.region import Region

__all__ = [
    "AdministrativeMatter",
    "Base",
    "Organisation",
    "QualificationType",
    "Region",
    "ServiceItem",
    "ServiceItemQualification",
    "ServiceItemVersion",
    "User",
    "service_item_matters",
]
