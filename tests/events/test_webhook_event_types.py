"""`webhookEventTypes` lists every event type of the outbox, each described with the `Event` fields it
fills: a type added to `domain/outbox/types.py` without a description fails here."""

from __future__ import annotations

from tests.agency_flow import graphql
from zhongjie.domain.outbox.types import EVENT_TYPES
from zhongjie.schema.api import schema
from zhongjie.schema.webhook_event_types import COMMON, describe

QUERY = "{ webhookEventTypes { name description payloadFields } }"


def test_every_event_type_of_the_outbox_is_described() -> None:
    undescribed = sorted(name for name in EVENT_TYPES if describe(name) is None)
    assert undescribed == [], f"describe these in schema/webhook_event_types.py: {undescribed}"


async def test_the_api_lists_every_type_with_its_description_and_the_fields_it_fills(client) -> None:
    listed = (await graphql(client, None, QUERY))["data"]["webhookEventTypes"]
    assert [entry["name"] for entry in listed] == sorted(EVENT_TYPES)
    event_fields = set(schema._schema.type_map["Event"].fields)
    for entry in listed:
        assert entry["description"].strip(), entry
        assert entry["payloadFields"][: len(COMMON)] == list(COMMON), entry
        assert set(entry["payloadFields"]) <= event_fields, entry
    by_name = {entry["name"]: entry for entry in listed}
    assert {"result", "fromStatus"} <= set(by_name["project.result_announced"]["payloadFields"])
    assert "party" in by_name["project.signed_up"]["payloadFields"]
    assert "party" not in by_name["project.question_asked"]["payloadFields"]
    assert "creditProfile" in by_name["credit.profile_changed"]["payloadFields"]
    assert "webhookEndpoint" in by_name["webhook.endpoint_disabled"]["payloadFields"]
