"""A delivery connects to the address its target check resolved, never to a second look-up (DNS
rebinding), keeps the host name for Host, TLS server name and certificate, and follows no redirect."""

from __future__ import annotations

import asyncio
import datetime
import re
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from zhongjie.events.dispatch import Claim, DispatchSettings, Outcome, send
from zhongjie.events.signing import new_secret

NAME = "hooks.rebind.test"


@pytest.fixture(autouse=True)
def no_endpoints_left():
    """Deliveries are sent directly; no database and no endpoint (this replaces the package's clean-up)."""
    yield


@dataclass
class Resolver:
    """Answers `NAME` with `answers[0]` at the first look-up and `answers[1]` at every later one, as an
    attacker's name server would; other names resolve as usual."""

    answers: tuple[list[str], list[str]]
    lookups: int = 0

    def __post_init__(self) -> None:
        self.real = socket.getaddrinfo

    def getaddrinfo(self, host, port, *args, **kwargs):
        if (host.decode() if isinstance(host, bytes) else host) != NAME:  # anyio asks in bytes
            return self.real(host, port, *args, **kwargs)
        self.lookups += 1
        addresses = self.answers[0] if self.lookups == 1 else self.answers[1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port))) for address in addresses]


def _resolver(monkeypatch: pytest.MonkeyPatch, first: list[str], later: list[str]) -> Resolver:
    resolver = Resolver((first, later))
    monkeypatch.setattr(socket, "getaddrinfo", resolver.getaddrinfo)
    return resolver


def _settings(*allowed: str) -> DispatchSettings:
    return DispatchSettings(
        retry_schedule=(1.0,),
        lease_seconds=60,
        timeout_seconds=5,
        max_response_bytes=65536,
        allowed_targets=allowed,
        disable_after=datetime.timedelta(days=1),
        poll_seconds=1,
        concurrency=1,
    )


async def _deliver(client: httpx.AsyncClient, url: str, *allowed: str) -> Outcome:
    claim = Claim(1, "lease", 1, "msg_1_1", '{"type":"project.publish"}', url, (new_secret(),))
    return await send(client, claim, _settings(*allowed))


@dataclass
class Listener:
    """A bare HTTP/1.1 server on one address: records each request's head, answers 204."""

    port: int = 0
    heads: list[str] = field(default_factory=list)
    server_names: list[str | None] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode()
            await reader.readexactly(int(re.search(r"(?im)^content-length: *(\d+)", head)[1]))
            self.heads.append(head)
            writer.write(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass  # a client that gave up, e.g. on the certificate
        finally:
            writer.close()


@asynccontextmanager
async def listening(host: str, port: int = 0, tls: ssl.SSLContext | None = None) -> AsyncIterator[Listener]:
    listener = Listener()
    if tls is not None:
        tls.sni_callback = lambda sslobject, name, context: listener.server_names.append(name)
    server = await asyncio.start_server(listener.handle, host, port, ssl=tls)
    listener.port = server.sockets[0].getsockname()[1]
    async with server:
        yield listener


def _streamed(status: int, **headers: str) -> httpx.Response:
    """An answer as a network transport gives it: its body not yet read."""
    return httpx.Response(status, headers=headers, stream=httpx.ByteStream(b""))


def _host_header(head: str) -> str:
    return re.search(r"(?im)^host: *(\S+)", head)[1]


async def test_a_rebound_name_is_delivered_to_the_address_checked_not_to_loopback(monkeypatch) -> None:
    """The name answers an allow-listed address at the check and 127.0.0.1 afterwards: the request
    reaches the checked address and the loopback listener on the same port never hears of it."""
    async with listening("127.0.0.2") as checked, listening("127.0.0.1", checked.port) as loopback:
        resolver = _resolver(monkeypatch, ["127.0.0.2"], ["127.0.0.1"])
        async with httpx.AsyncClient(trust_env=False) as client:
            outcome = await _deliver(client, f"http://{NAME}:{checked.port}/hook", "127.0.0.2/32")
    assert outcome.succeeded, outcome
    assert resolver.lookups == 1
    assert loopback.heads == []
    [head] = checked.heads
    assert head.startswith("POST /hook HTTP/1.1") and _host_header(head) == f"{NAME}:{checked.port}"


async def test_the_transport_is_asked_for_the_checked_public_address_with_the_name_kept(monkeypatch) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _streamed(204)

    resolver = _resolver(monkeypatch, ["93.184.215.14"], ["127.0.0.1"])
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        outcome = await _deliver(client, f"https://{NAME}/hook?x=1")
    assert outcome.succeeded and resolver.lookups == 1
    [request] = seen
    assert str(request.url) == "https://93.184.215.14/hook?x=1"
    assert request.headers["host"] == NAME and request.extensions["sni_hostname"] == NAME
    assert request.headers["connection"] == "close"  # no pooled connection serves another host name


async def test_the_next_checked_address_is_tried_when_one_refuses_the_connection(monkeypatch) -> None:
    async with listening("127.0.0.2") as second:
        _resolver(monkeypatch, ["127.0.0.3", "127.0.0.2"], ["127.0.0.1"])
        async with httpx.AsyncClient(trust_env=False) as client:
            outcome = await _deliver(client, f"http://{NAME}:{second.port}/hook", "127.0.0.0/29")
    assert outcome.succeeded, outcome
    assert len(second.heads) == 1


async def test_a_name_resolving_to_one_non_public_address_is_refused_before_connecting(monkeypatch) -> None:
    _resolver(monkeypatch, ["93.184.215.14", "100.64.0.1"], ["93.184.215.14"])
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda request: _streamed(204))) as client:
        outcome = await _deliver(client, f"https://{NAME}/hook")
    assert outcome.status_code is None and outcome.error == "target refused: webhook_target_private"


async def test_a_redirect_is_a_failed_delivery_and_not_followed_even_by_a_following_client(
    monkeypatch,
) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _streamed(302, location="http://127.0.0.1/elsewhere")

    _resolver(monkeypatch, ["93.184.215.14"], ["93.184.215.14"])
    transport = httpx.MockTransport(answer)
    async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
        outcome = await _deliver(client, f"https://{NAME}/hook")
    assert not outcome.succeeded and (outcome.status_code, outcome.error) == (302, "HTTP 302")
    assert len(seen) == 1


def _certificate_authority(folder: Path, *names: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throwaway authority and a server certificate of it for `names`: (the server's context, a
    client's context trusting only that authority)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "zhongjie test authority")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    chain, private = folder / "server.pem", folder / "server.key"
    chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(chain, private)
    client = ssl.create_default_context(cadata=ca.public_bytes(serialization.Encoding.PEM).decode())
    return server, client


@pytest.mark.parametrize(("certified", "delivered"), [(NAME, True), ("someone-else.test", False)])
async def test_https_to_the_pinned_address_verifies_the_certificate_against_the_host_name(
    monkeypatch, tmp_path, certified: str, delivered: bool
) -> None:
    server_tls, client_tls = _certificate_authority(tmp_path, certified)
    async with listening("127.0.0.1", tls=server_tls) as hooks:
        _resolver(monkeypatch, ["127.0.0.1"], ["127.0.0.1"])
        async with httpx.AsyncClient(verify=client_tls, trust_env=False) as client:
            outcome = await _deliver(client, f"https://{NAME}:{hooks.port}/hook", NAME)
    assert hooks.server_names == [NAME]  # SNI carries the host name, not the address connected to
    assert outcome.succeeded is delivered, outcome
    if delivered:
        assert _host_header(hooks.heads[0]) == f"{NAME}:{hooks.port}"
    else:
        assert hooks.heads == [] and "CERTIFICATE_VERIFY_FAILED" in (outcome.error or "")
