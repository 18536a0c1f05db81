"""Where webhooks may go: globally reachable addresses only, unless an operator allow-listed the target.

The rule admits rather than refuses: an address must be global unicast (`is_global`, not
multicast, for IPv6 inside 2000::/3, outside the IANA special-purpose blocks), and so must
every IPv4 address it carries (6to4, Teredo, NAT64). Shared (CGNAT), private, loopback,
link-local (cloud metadata included), reserved, documentation and protocol-assignment
addresses are thus refused, whatever name resolves to them, when an endpoint is registered
and before every delivery. A delivery connects to the addresses this check saw (`Target`),
never to a second look-up, so a name that answers differently later (DNS rebinding) cannot
move it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")  # IANA assigns IPv6 unicast from here only
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the last 32 bits are the IPv4 target
# Special-purpose blocks (IANA registries) that `is_global` admits on some Python 3.11+ release,
# refused here so the verdict does not depend on the interpreter: blocks releases before the fix of
# CVE-2024-4032 do not know are not globally reachable (3.11.7 admits 192.0.0.0/24), and the anycast
# services the registries mark reachable (AS112, AMT, PCP, TURN), which are no one's webhook receiver.
SPECIAL_PURPOSE = tuple(
    ipaddress.ip_network(block)
    for block in (
        "192.0.0.0/24",  # IETF protocol assignments
        "192.31.196.0/24",  # AS112-v4
        "192.52.193.0/24",  # AMT
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.175.48.0/24",  # AS112 direct delegation
        "2001::/23",  # IETF protocol assignments, Teredo included
        "2620:4f:8000::/48",  # AS112-v6
        "3fff::/20",  # documentation
    )
)
PORTS = {"https": 443, "http": 80}


class TargetRefused(Exception):
    """The URL may not receive webhooks; `reason` is a message key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """A checked URL and the addresses its host resolved to at the check, in the resolver's order."""

    url: httpx.URL
    addresses: tuple[IPAddress, ...]

    def via(self, address: IPAddress) -> httpx.URL:
        """The URL with its host replaced by `address`, which must be one of `addresses`."""
        return self.url.copy_with(host=str(address))

    @property
    def host_header(self) -> str:
        return self.url.netloc.decode("ascii")

    @property
    def server_name(self) -> str:
        """The name TLS sends (SNI) and verifies the certificate against: the URL's host, IDNA-encoded."""
        return self.url.raw_host.decode("ascii")


def admitted(address: IPAddress) -> bool:
    """Whether webhooks may go to `address` without an allow-list entry.

    An IPv4-mapped address is its IPv4 address; 6to4, Teredo and NAT64 addresses are
    admitted only if they and the IPv4 addresses they embed are all globally reachable.
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return _global_unicast(address) and all(_global_unicast(inner) for inner in _embedded(address))


def _global_unicast(address: IPAddress) -> bool:
    if not address.is_global or address.is_multicast or any(address in block for block in SPECIAL_PURPOSE):
        return False
    return address.version == 4 or address in GLOBAL_UNICAST_V6 or address in NAT64_WELL_KNOWN


def _embedded(address: IPAddress) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses a 6to4 (2002::/16), Teredo (2001::/32: server, client) or NAT64
    (64:ff9b::/96) address carries; packets to it end up at them."""
    if isinstance(address, ipaddress.IPv4Address):
        return ()
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo
    if address in NAT64_WELL_KNOWN:
        return (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF),)
    return ()


def _allowed(host: str, addresses: Iterable[IPAddress], allow_list: Iterable[str]) -> bool:
    """An allow-list entry names the host, or a network holding every address it resolves to."""
    addresses = list(addresses)
    for entry in allow_list:
        if entry.lower() == host.lower():
            return True
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue
        if addresses and all(address in network for address in addresses):
            return True
    return False


async def resolve(host: str, port: int) -> tuple[IPAddress, ...]:
    """Every address `host` resolves to, once each, in the resolver's order."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise TargetRefused("webhook_target_unresolved") from error
    return tuple(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))


def _parsed(url: str) -> tuple[httpx.URL, int]:
    """The URL as the delivery's client reads it, and its port; parsed once, so the host checked is
    the host connected to."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise TargetRefused("webhook_target_invalid") from error
    if parsed.scheme not in PORTS or not parsed.host or parsed.userinfo:
        raise TargetRefused("webhook_target_invalid")
    port = PORTS[parsed.scheme] if parsed.port is None else parsed.port
    if not 0 < port < 65536:  # the resolver would take 99999 for 34463
        raise TargetRefused("webhook_target_invalid")
    return parsed, port


async def check_target(url: str, allow_list: Iterable[str]) -> Target:
    """The target of `url` if it is an https URL on admitted addresses or allow-listed (then http
    too); raises `TargetRefused` otherwise. Deliveries connect only to the returned addresses."""
    parsed, port = _parsed(url)
    addresses = await resolve(parsed.raw_host.decode("ascii"), port)
    target = Target(parsed, addresses)
    if _allowed(parsed.host, addresses, allow_list):
        return target
    if not all(admitted(address) for address in addresses):
        raise TargetRefused("webhook_target_private")
    if parsed.scheme != "https":
        raise TargetRefused("webhook_target_not_https")
    return target
