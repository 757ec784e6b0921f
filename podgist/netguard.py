"""Refuse outbound connections to private, loopback, link-local and otherwise non-public addresses.

Two checks, both needed. :func:`literal_address` reads every spelling of a numeric host the way the C
resolver does (``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``, ``[::ffff:127.0.0.1]``) so such
URLs are refused before any connection. :class:`GuardedBackend` runs where the socket is opened (an httpcore
network backend), after DNS, for every connection, so a redirect or a DNS answer that changes between check
and use cannot reach an internal address either.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore

from podgist.errors import InvalidUrl, PrivateAddress, UpstreamUnreachable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_IPV4_SPACE = 2**32


def is_public(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses (IPv4-mapped IPv6 judged as its IPv4)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            return is_public(embedded)
        if ip.teredo is not None:
            return False
    blocked = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return ip.is_global and not blocked


def _inet_part(part: str) -> int | None:
    """One dotted part as ``inet_aton`` reads it: ``0x`` hex, leading-zero octal, else decimal."""
    text = part.lower()
    if not text:
        return None
    base = 10
    if text.startswith("0x"):
        text, base = text[2:] or "0", 16
    elif len(text) > 1 and text.startswith("0"):
        base = 8
    try:
        return int(text, base)
    except ValueError:
        return None


def literal_address(host: str) -> IPAddress | None:
    """The address a numeric host spells (any form the C resolver accepts), or None for a name."""
    bare = host.strip().strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    parts = bare[:-1].split(".") if bare.endswith(".") else bare.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_inet_part(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(value) if value < _IPV4_SPACE else None


def refuse_literal(host: str) -> None:
    """Raise :class:`PrivateAddress` when ``host`` is a numeric spelling of a non-public address."""
    address = literal_address(host)
    if address is not None and not is_public(address):
        raise PrivateAddress(
            f"Refusing to fetch from {host!r}: it is a non-public address.",
            detail={"host": host, "address": str(address)},
        )


async def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses ``host`` resolves to (numeric spellings such as ``2130706433`` included)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UpstreamUnreachable(f"Could not resolve host {host!r}.") from exc
    except UnicodeError as exc:  # the resolver's IDNA step refuses empty or over-long labels ("a..b")
        raise InvalidUrl(f"{host[:200]!r} is not a host name that can be looked up.") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def pick_public(host: str, addresses: Iterable[IPAddress]) -> IPAddress:
    """The first address to connect to, refusing the host if ANY of its addresses is non-public."""
    addrs = list(addresses)
    bad = [a for a in addrs if not is_public(a)]
    if bad or not addrs:
        raise PrivateAddress(
            f"Refusing to fetch from {host!r}: it resolves to a non-public address.",
            detail={"host": host, "address": str(bad[0]) if bad else None},
        )
    return addrs[0]


def host_port(host: str, port: int) -> str:
    """The ``host:port`` spelling used by allow lists (lower case, IPv6 without brackets)."""
    return f"{host.strip('[]').lower()}:{port}"


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Wraps httpcore's backend; resolves the host itself and connects only to a vetted IP.

    ``allow_hosts`` is a narrow exemption of exact ``host:port`` pairs (a fixture server in tests, a
    sidecar in a deployment); every other destination is still checked, so a redirect from an allowed
    host to any other private address is refused.
    """

    def __init__(
        self,
        inner: httpcore.AsyncNetworkBackend,
        *,
        allow_private: bool,
        allow_hosts: frozenset[str] = frozenset(),
    ) -> None:
        self._inner = inner
        self._allow_private = allow_private
        self._allow_hosts = allow_hosts

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        target = host
        if not self._allow_private and host_port(host, port) not in self._allow_hosts:
            target = str(pick_public(host, await resolve(host, port)))
        return await self._inner.connect_tcp(target, port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise PrivateAddress("Unix sockets are never fetched.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
