"""States of webhook endpoints and deliveries."""

from __future__ import annotations

from zhongjie.domain.catalog.vocabulary import LabelledEnum


class EndpointStatus(LabelledEnum):
    ACTIVE = ("ACTIVE", "启用")
    DISABLED = ("DISABLED", "已停用（持续投递失败或手动）")


class DeliveryStatus(LabelledEnum):
    PENDING = ("PENDING", "待投递")
    DELIVERED = ("DELIVERED", "已送达")
    DEAD = ("DEAD", "投递失败（已放弃，可手动重投）")
