"""The strawberry ASGI view: builds each request's context."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from zhongjie.domain.messages import negotiate_language
from zhongjie.models.database import Database
from zhongjie.resolvers.context import RequestContext
from zhongjie.schema.api import ApiSchema
from zhongjie.server.settings import Settings


class GraphQLView(GraphQL):
    def __init__(self, schema: ApiSchema, database: Database, settings: Settings) -> None:
        super().__init__(schema, graphql_ide="graphiql" if settings.demo else None)
        self.database = database
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        return RequestContext(
            request=request,
            response=response,
            database=self.database,
            settings=self.settings,
            language=negotiate_language(request.headers.get("accept-language")),
            request_id=getattr(request.state, "request_id", "-"),
        )
