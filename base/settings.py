"""Configuration from `ZHONGJIE_*` environment variables, with defaults that need none."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


@dataclass(frozen=True)
class Publisher:
    """Who publishes the releases, under which OCID prefix, and where the platform is."""

    name: str
    base_url: str
    prefix: str
    license: str | None = None
    publication_policy: str | None = None


@dataclass(frozen=True)
class Thresholds:
    public_tender: Decimal
    small_amount: Decimal
    publicity_working_days: int


SIGNATURE_ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZHONGJIE_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Local folder of the embedded SQLite database.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL, e.g. postgresql+asyncpg://user@host/db; "
        "unset means SQLite under data_dir.",
    )
    demo: bool = Field(default=False, description="Demo mode: GraphiQL, demo data. Never in production.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    default_language: str = Field(default="zh-CN", pattern=r"^(zh-CN|en)$")
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    json_logs: bool = Field(
        default=False, description="Log JSON lines on stderr (`zhongjie serve` turns it on)."
    )
    public_url: str | None = Field(
        default=None, description="Base URL clients reach the server at; default http://HOST:PORT."
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks of reverse proxies whose X-Forwarded-For/-Proto are believed.",
    )
    header_timeout_seconds: float = Field(
        default=10.0, gt=0, description="A connection is closed when its request headers take longer."
    )
    keep_alive_timeout_seconds: int = Field(
        default=5, ge=1, description="An idle connection between requests is closed after this."
    )
    metrics_token: SecretStr | None = Field(
        default=None, description="Bearer secret `GET /metrics` requires; unset: metrics are public."
    )

    ocds_prefix: str = Field(
        default="ocds-zhngje",
        pattern=r"^ocds-[a-z0-9]{6}$",
        description="OCID prefix of the OCDS export, as registered with the Open Contracting Partnership.",
    )
    ocds_publisher_name: str = Field(
        default="网上中介服务超市", min_length=1, description="Publisher named in OCDS release packages."
    )
    ocds_license: str | None = Field(default=None, description="URL of the OCDS data's license.")
    ocds_publication_policy: str | None = Field(
        default=None, description="URL of the OCDS publication policy."
    )

    public_cache_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="How long an anonymous query's answer may be given again while nothing changed; 0: off.",
    )
    public_cache_entries: int = Field(default=512, ge=1, description="Anonymous answers kept per process.")
    compiled_reads: Literal["on", "off", "verify"] = Field(
        default="on",
        description="Queries run compiled where their plan covers them (on), never (off), or both ways with "
        "every difference recorded (verify, for the tests).",
    )

    elicense_url: str | None = Field(
        default=None,
        description="Base URL of the e-license service (电子证照); unset: the local registry table.",
    )
    public_tender_threshold: Decimal = Field(
        default=Decimal("4000000"), gt=0, description="Fiscal projects stay below it (公开招标数额标准), CNY."
    )
    small_amount_threshold: Decimal = Field(
        default=Decimal("100000"), gt=0, description="Fiscal direct purchase (网上直购) only below it, CNY."
    )
    publicity_working_days: int = Field(default=3, ge=1, le=20, description="Publicity period of a result.")
    introspection: Literal["on", "authenticated", "off"] = Field(
        default="authenticated", description="Who may introspect the schema outside demo mode."
    )
    request_timeout_seconds: float = Field(
        default=30.0, gt=0, description="Longest a request may run (TIMEOUT)."
    )
    ws_allowed_origins: list[str] = Field(
        default_factory=list,
        description="Other origins whose pages may open WebSockets (same origin always may).",
    )
    ws_init_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Time to send connection_init (4408)."
    )
    ws_max_subscriptions: int = Field(
        default=20, ge=1, description="Operations one connection may run at once (RATE_LIMITED)."
    )
    ws_max_message_bytes: int = Field(
        default=65_536, ge=1024, description="Largest WebSocket message accepted."
    )
    ws_max_connections_per_caller: int = Field(
        default=20, ge=1, description="WebSockets one address (or signed-in user) may hold open at once."
    )
    persisted_queries: Literal["apq", "trusted", "off"] = Field(
        default="apq", description="Automatic persisted queries, trusted documents only, or neither."
    )
    trusted_documents: Path | None = Field(default=None, description="JSON file: SHA-256 → trusted document.")
    max_tokens: int = Field(default=5_000, ge=100, description="Most lexical tokens in one document.")
    max_depth: int = Field(default=12, ge=2, description="Deepest selection allowed (QUERY_TOO_COMPLEX).")
    max_aliases: int = Field(default=30, ge=0, description="Most aliases in one operation.")
    max_directives: int = Field(default=20, ge=0, description="Most directives in one operation.")
    max_cost: int = Field(default=10_000, ge=1, description="Highest static cost of one operation.")
    max_variable_values: int = Field(
        default=5_000,
        ge=10,
        description="Most values (list items, object members) in one request's variables.",
    )
    max_overlaps: int = Field(
        default=20_000, ge=1, description="Most field pairs validation may compare (fields of one name)."
    )
    max_introspection_cost: int = Field(
        default=1_500_000, ge=1, description="Highest introspection cost (a full one is ~1.2 million)."
    )
    rate_capacity: float = Field(default=100_000, gt=0, description="Cost points a caller may spend at once.")
    rate_refill_per_second: float = Field(
        default=2_000, gt=0, description="Cost points a caller regains a second."
    )
    events_poll_seconds: float = Field(
        default=2.0, gt=0, le=60, description="Subscriptions re-read the outbox at least this often."
    )
    webhook_dispatch: bool = Field(
        default=True, description="Server processes deliver webhooks (else run `zhongjie webhooks dispatch`)."
    )
    webhook_retry_schedule: list[float] = Field(
        default=[5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400],
        min_length=1,
        description="Seconds before each retry (5 s, 5 min, 30 min, 2, 5, 10, 14, 20, 24 h), ±10 %.",
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60, description="Longest a delivery waits.")
    webhook_lease_seconds: float = Field(
        default=60.0, gt=0, description="A claimed delivery is another dispatcher's after this."
    )
    webhook_max_response_bytes: int = Field(default=65_536, ge=1024, description="Receivers' answers read.")
    webhook_allowed_targets: list[str] = Field(
        default_factory=list,
        description="Hosts or networks webhooks may reach although private or loopback (and over http).",
    )
    webhook_disable_after_seconds: float = Field(
        default=5 * 86400, gt=0, description="An endpoint failing this long is disabled and its owner told."
    )
    webhook_secret_grace_seconds: float = Field(
        default=86400, ge=0, description="After a rotation, the old secret also signs this long."
    )
    webhook_poll_seconds: float = Field(
        default=1.0, gt=0, description="Idle dispatchers look for work this often."
    )
    webhook_concurrency: int = Field(
        default=16, ge=1, le=256, description="Deliveries one dispatcher sends at once."
    )
    job_interval_seconds: float = Field(default=60.0, gt=0, description="How often timed jobs run.")

    # OIDC resource server (统一身份认证)
    oidc_issuer: str | None = Field(
        default=None, description="Issuer URL of the identity provider; unset: anonymous access only."
    )
    oidc_audience: str = Field(default="urn:zhongjie:api", description="Required `aud` of access tokens.")
    oidc_algorithms: list[str] = Field(default=list(SIGNATURE_ALGORITHMS))
    oidc_hmac_secret: SecretStr | None = Field(
        default=None, description="Enables HS256 tokens signed with this shared secret (and only it)."
    )
    oidc_leeway_seconds: int = Field(default=30, ge=0, le=60)
    oidc_jwks_cooldown_seconds: float = Field(default=30.0, ge=0)
    oidc_jwks_max_age_seconds: float = Field(default=600.0, gt=0)
    oidc_max_token_bytes: int = Field(default=8192, ge=512)
    oidc_http_timeout_seconds: float = Field(default=5.0, gt=0)
    oidc_introspection_client_id: str | None = Field(
        default=None, description="With a secret: opaque tokens are checked by RFC 7662 introspection."
    )
    oidc_introspection_client_secret: SecretStr | None = None
    # where the claims are found (dotted paths), so Keycloak-style and custom providers both fit
    oidc_claim_roles: str = "roles"
    oidc_claim_organisation_code: str = "org_code"
    oidc_claim_organisation_name: str = "org_name"
    oidc_claim_organisation_phone: str = "org_phone"
    oidc_claim_region: str = "region"
    oidc_claim_sector: str = "sector"
    oidc_claim_scopes: str = "scope"
    oidc_claim_name: str = "name"
    oidc_claim_email: str = "email"
    oidc_claim_phone: str = "phone_number"
    oidc_role_aliases: dict[str, str] = Field(
        default_factory=dict, description='Provider role names to ours, e.g. {"zj-operator": "operator"}.'
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, proxies: list[str]) -> list[str]:
        """Each proxy as a network (`10.0.0.5` → `10.0.0.5/32`): a host name would never match a peer's
        address, and `*` would believe every peer."""
        return [str(ipaddress.ip_network(proxy.strip(), strict=False)) for proxy in proxies]

    def ocds_publisher(self) -> Publisher:
        return Publisher(
            name=self.ocds_publisher_name,
            base_url=self.base_url,
            prefix=self.ocds_prefix,
            license=self.ocds_license,
            publication_policy=self.ocds_publication_policy,
        )

    def project_thresholds(self) -> Thresholds:
        return Thresholds(
            self.public_tender_threshold, self.small_amount_threshold, self.publicity_working_days
        )

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'zhongjie.sqlite3').as_posix()}"
