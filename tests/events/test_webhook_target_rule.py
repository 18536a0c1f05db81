"""The address rule of webhook targets: every block of the IANA special-purpose registries is refused,
public addresses are admitted, and addresses carrying an IPv4 address are judged by it too."""

from __future__ import annotations

import ipaddress

import pytest

from zhongjie.events.targets import TargetRefused, admitted, check_target

# The IPv4 and IPv6 special-purpose address registries (iana-ipv4-special-registry,
# iana-ipv6-special-registry, 2025), entry by entry, and the multicast and unassigned space beside
# them. 2002::/16 (6to4), 64:ff9b::/96 (NAT64) and ::ffff:0:0/96 (IPv4-mapped) are judged by the IPv4
# address they carry, below.
SPECIAL_V4 = [
    ("0.0.0.0/8", "this network"),
    ("0.0.0.0/32", "this host on this network"),
    ("10.0.0.0/8", "private-use"),
    ("100.64.0.0/10", "shared address space (CGNAT)"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link local"),
    ("172.16.0.0/12", "private-use"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.0.0/29", "IPv4 service continuity prefix"),
    ("192.0.0.8/32", "IPv4 dummy address"),
    ("192.0.0.9/32", "port control protocol anycast"),
    ("192.0.0.10/32", "TURN anycast"),
    ("192.0.0.170/32", "NAT64/DNS64 discovery"),
    ("192.0.0.171/32", "NAT64/DNS64 discovery"),
    ("192.0.2.0/24", "documentation (TEST-NET-1)"),
    ("192.31.196.0/24", "AS112-v4"),
    ("192.52.193.0/24", "AMT"),
    ("192.88.99.0/24", "deprecated (6to4 relay anycast)"),
    ("192.168.0.0/16", "private-use"),
    ("192.175.48.0/24", "direct delegation AS112 service"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation (TEST-NET-2)"),
    ("203.0.113.0/24", "documentation (TEST-NET-3)"),
    ("240.0.0.0/4", "reserved"),
    ("255.255.255.255/32", "limited broadcast"),
    ("224.0.0.0/4", "multicast"),
]
SPECIAL_V6 = [
    ("::1/128", "loopback"),
    ("::/128", "unspecified"),
    ("64:ff9b:1::/48", "IPv4-IPv6 translation, local use"),
    ("100::/64", "discard-only"),
    ("100:0:0:1::/64", "dummy IPv6 prefix"),
    ("2001::/23", "IETF protocol assignments"),
    ("2001::/32", "Teredo"),
    ("2001:1::1/128", "port control protocol anycast"),
    ("2001:1::2/128", "TURN anycast"),
    ("2001:1::3/128", "DNS-SD service registration protocol anycast"),
    ("2001:2::/48", "benchmarking"),
    ("2001:3::/32", "AMT"),
    ("2001:4:112::/48", "AS112-v6"),
    ("2001:10::/28", "deprecated (ORCHID)"),
    ("2001:20::/28", "ORCHIDv2"),
    ("2001:30::/28", "drone remote ID entity tags"),
    ("2001:db8::/32", "documentation"),
    ("2620:4f:8000::/48", "direct delegation AS112 service"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "segment routing (SRv6) SIDs"),
    ("fc00::/7", "unique-local"),
    ("fe80::/10", "link-local unicast"),
    ("fec0::/10", "deprecated site-local"),
    ("ff00::/8", "multicast"),
    ("4000::/3", "unassigned"),
]
PUBLIC = [
    "1.1.1.1",
    "8.8.8.8",
    "93.184.215.14",
    "114.114.114.114",
    "223.5.5.5",
    "2400:3200::1",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",  # IPv4-mapped: the IPv4 address itself
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
]


def _teredo(server: str, client: str) -> str:
    """A Teredo address (RFC 4380): prefix, server, flags, obfuscated port and client."""
    bits = 0x20010000 << 96 | int(ipaddress.IPv4Address(server)) << 64 | 0x8000 << 48
    bits |= (0x3039 ^ 0xFFFF) << 32 | int(ipaddress.IPv4Address(client)) ^ 0xFFFFFFFF
    return str(ipaddress.IPv6Address(bits))


# An attacker's ways of reaching the inside through an address that looks like IPv6.
CARRYING_INSIDE = [
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:a00:1::",  # 6to4 of 10.0.0.1
    "2002:6440:1::",  # 6to4 of 100.64.0.1
    "2002:c000:8::",  # 6to4 of 192.0.0.8
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::6440:1",  # NAT64 of 100.64.0.1
    "64:ff9b::c0a8:101",  # NAT64 of 192.168.1.1
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:100.64.0.1",
    "::ffff:192.0.0.8",
    _teredo("8.8.8.8", "127.0.0.1"),
    _teredo("127.0.0.1", "8.8.8.8"),
    _teredo("8.8.8.8", "8.8.4.4"),  # all of Teredo lies in 2001::/23
]
METADATA = ["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"]


@pytest.fixture(autouse=True)
def no_endpoints_left():
    """The rule touches no database and registers nothing (this replaces the package's clean-up)."""
    yield


def _samples(block: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The first, a middle and the last address of `block`."""
    network = ipaddress.ip_network(block)
    return [network[0], network[network.num_addresses // 2], network[-1]]


@pytest.mark.parametrize(
    ("block", "name"), SPECIAL_V4 + SPECIAL_V6, ids=[b for b, _ in SPECIAL_V4 + SPECIAL_V6]
)
def test_every_special_purpose_block_is_refused(block: str, name: str) -> None:
    assert [str(address) for address in _samples(block) if admitted(address)] == [], name


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_admitted(address: str) -> None:
    assert admitted(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", CARRYING_INSIDE + METADATA)
def test_addresses_carrying_a_non_public_ipv4_address_and_cloud_metadata_addresses_are_refused(
    address: str,
) -> None:
    assert not admitted(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        *[
            (url, "webhook_target_private")
            for url in [
                "https://100.64.0.1/hook",
                "https://[2002:7f00:1::]/hook",
                "https://192.0.0.8/hook",
                "https://[64:ff9b::7f00:1]/hook",
                "https://[::ffff:127.0.0.1]/hook",
                "http://100.64.0.1/hook",  # the address is the reason, not the scheme
            ]
        ],
        *[
            (url, "webhook_target_invalid")
            for url in [
                "https://example.org:0/",
                "https://example.org:99999/",
                "https://user@example.org/",
                "ftp://x/",
            ]
        ],
    ],
)
async def test_check_target_refuses_non_public_and_malformed_targets(url: str, reason: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        await check_target(url, [])
    assert refused.value.reason == reason


async def test_an_allow_listed_network_admits_its_addresses_over_http() -> None:
    target = await check_target("http://100.64.0.1:8080/hook", ["100.64.0.0/16"])
    assert target.addresses == (ipaddress.ip_address("100.64.0.1"),)
    with pytest.raises(TargetRefused):
        await check_target("http://100.64.0.1:8080/hook", ["100.65.0.0/16"])
