"""Subscription documents that shape webhook payloads, checked against the schema they will run in."""

from __future__ import annotations

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, OperationType, parse, validate

from zhongjie.base.settings import Settings
from zhongjie.schema.document_analysis import measure
from zhongjie.schema.limits import limit_refusal

PAYLOAD_ROOT_FIELDS = {"events", "projectResults"}
PAYLOAD_VARIABLES = {"types", "filter"}


def check_document(text: str, settings: Settings, graphql_schema: GraphQLSchema) -> str | None:
    """Why `text` cannot shape webhook payloads, or None: one subscription to the feed, valid in
    `graphql_schema` and within the request limits."""
    try:
        document = parse(text, max_tokens=settings.max_tokens)
    except GraphQLError as error:
        return error.message[:200]
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.SUBSCRIPTION:
        return "exactly one subscription operation"
    operation = operations[0]
    fields = [selection for selection in operation.selection_set.selections if hasattr(selection, "name")]
    if len(fields) != 1 or fields[0].name.value not in PAYLOAD_ROOT_FIELDS:
        return "one root field: events or projectResults"
    declared = {var.variable.name.value for var in operation.variable_definitions or ()}
    unknown = declared - PAYLOAD_VARIABLES
    if unknown:
        return f"unsupported variable ${sorted(unknown)[0]}"
    if limit_refusal(measure(graphql_schema, document, None, {}), settings, "en") is not None:
        return "beyond the limits of one operation"  # before validating: validation could take long
    errors = validate(graphql_schema, document)
    if errors:
        return errors[0].message[:200]
    return None
