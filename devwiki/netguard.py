"""A network guard for test processes: only loopback may be reached.

Installed with sys.addaudithook, it raises before a DNS lookup of any name but
localhost and before any connect/send to an address outside 127.0.0.0/8 and ::1,
so a test that strays (a pywikibot interwiki link to en.wikipedia.org, say) fails
at once with the target named, and no packet leaves the machine.
Audit hooks cannot be removed: install() once per process (tests/conftest.py).
"""

from __future__ import annotations

import ipaddress
import sys
from typing import Any


class NetworkGuardError(RuntimeError):
    """Not an OSError on purpose: HTTP clients catch OSError and retry, which would
    hide the cause behind a generic connection error after several attempts."""


_LOOKUPS = frozenset(
    {
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
    }
)
_SENDS = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost", "ip6-loopback"})

_installed = False
_blocked: list[str] = []


def is_loopback(host: object) -> bool:
    """True for loopback addresses, 'localhost' names, and None/'' (the local host)."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", errors="replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].lower()  # [::1], fe80::1%eth0
    if name in ("", *_LOOPBACK_NAMES) or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # any other host name
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _block(what: str) -> None:
    message = (
        f"network guard: {what} blocked; tests may only reach loopback "
        "(127.0.0.1, ::1), where the devwiki farm runs"
    )
    _blocked.append(message)
    raise NetworkGuardError(message)


def check(event: str, args: tuple[Any, ...]) -> None:
    """The audit hook. Runs for every audited event in the process: return fast."""
    if event in _LOOKUPS:
        if not is_loopback(args[0]):
            _block(f"DNS lookup of {args[0]!r}")
    elif event in _SENDS:
        address = args[1] if len(args) > 1 else None
        # AF_UNIX addresses are str/bytes paths; only inet tuples leave the machine.
        if isinstance(address, tuple) and address and not is_loopback(address[0]):
            _block(f"{event.removeprefix('socket.')} to {address[:2]!r}")
    elif event == "socket.getnameinfo":
        sockaddr = args[0]
        if isinstance(sockaddr, tuple) and sockaddr and not is_loopback(sockaddr[0]):
            _block(f"reverse lookup of {sockaddr[0]!r}")


def install() -> None:
    global _installed
    if not _installed:
        sys.addaudithook(check)
        _installed = True


def installed() -> bool:
    return _installed


def blocked() -> list[str]:
    """Every attempt blocked so far, also those some caller caught and swallowed."""
    return list(_blocked)


def clear() -> None:
    """Forget recorded attempts (after a test that triggers the guard on purpose)."""
    _blocked.clear()
