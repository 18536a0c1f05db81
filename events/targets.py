"""Where webhooks may go: public addresses only, unless an operator allow-listed the target.

Loopback, private, link-local (cloud metadata included), multicast, reserved and
unspecified addresses are refused, whatever name resolves to them, both when an
endpoint is registered and before every delivery.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# cloud metadata services outside the link-local range
METADATA_ADDRESSES = {ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200")}


class TargetRefused(Exception):
    """The URL may not receive webhooks; `reason` is a message key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _forbidden(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address in METADATA_ADDRESSES
        or address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


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


async def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise TargetRefused("webhook_target_unresolved") from error
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


async def check_target(url: str, allow_list: Iterable[str]) -> None:
    """Raise `TargetRefused` unless `url` is an http(s) URL on public addresses or allow-listed."""
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname or parts.username or parts.password:
        raise TargetRefused("webhook_target_invalid")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise TargetRefused("webhook_target_invalid") from error
    addresses = await resolve(parts.hostname, port)
    allow_list = list(allow_list)
    if _allowed(parts.hostname, addresses, allow_list):
        return
    if parts.scheme != "https":
        raise TargetRefused("webhook_target_not_https")
    if any(_forbidden(address) for address in addresses):
        raise TargetRefused("webhook_target_private")
