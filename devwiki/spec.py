"""What a wiki of the farm is: name, language, port, site name, database name."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from typing import Any

DEFAULT_WIKIS: tuple[str, ...] = ("meta", "en", "pl", "uk")
HOST = "127.0.0.1"

# The site name also becomes the project namespace ($wgMetaNamespace), so the
# wikis are named like the real ones: contest pages live in "Вікіпедія:..." etc.
SITENAMES: dict[str, str] = {
    "meta": "Meta",
    "en": "Wikipedia",
    "pl": "Wikipedia",
    "uk": "Вікіпедія",
    "az": "Vikipediya",
    "sl": "Wikipedija",
    "tyv": "Википедия",
}
DEFAULT_SITENAME = "Wikipedia"
# meta is not a language; Meta-Wiki's content language is English.
DEFAULT_LANGS: dict[str, str] = {"meta": "en"}

# Names double as interwiki prefixes, pywikibot family codes and the stem of the
# database name, so keep them to what all three accept.
_NAME_RE = re.compile(r"[a-z][a-z0-9-]*\Z")


@dataclass
class Wiki:
    """One wiki of the farm, as recorded in <base>/farm.json."""

    name: str
    lang: str
    port: int
    sitename: str
    dbname: str
    pid: int | None = None

    @property
    def server(self) -> str:
        # Must equal the host:port of the pywikibot family exactly (127.0.0.1, not
        # localhost): MediaWiki builds absolute URLs from it.
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.server}/api.php"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Wiki:
        return cls(
            name=str(data["name"]),
            lang=str(data["lang"]),
            port=int(data["port"]),
            sitename=str(data["sitename"]),
            dbname=str(data["dbname"]),
            pid=None if data.get("pid") is None else int(data["pid"]),
        )


def default_lang(name: str) -> str:
    return DEFAULT_LANGS.get(name, name)


def parse_spec(spec: str) -> tuple[str, str | None]:
    """'uk' -> ('uk', None); 'ar:ar' -> ('ar', 'ar'). None means "the default
    language" (default_lang), or the language an existing wiki already has."""
    name, sep, lang = spec.strip().partition(":")
    for part in (name, lang) if sep else (name,):
        if not _NAME_RE.match(part):
            raise ValueError(
                f"bad wiki spec {spec!r}: expected NAME or NAME:LANG, "
                "lowercase letters, digits and dashes"
            )
    return name, (lang if sep else None)


def parse_specs(specs: str | Iterable[str]) -> list[tuple[str, str | None]]:
    """Accepts 'meta,en,pl' or ['meta', 'ar:ar']; rejects duplicate names."""
    items = specs.split(",") if isinstance(specs, str) else list(specs)
    parsed = [parse_spec(item) for item in items if item.strip()]
    names = [name for name, _ in parsed]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate wiki names in {names}")
    return parsed


def new_wiki(name: str, lang: str | None, port: int) -> Wiki:
    # Distinct database names are required, not cosmetic: $wgDBname is the session
    # cookie prefix and cookies are scoped by host, not port, on 127.0.0.1.
    dbname = name.replace("-", "_") + "wiki"
    return Wiki(
        name=name,
        lang=lang or default_lang(name),
        port=port,
        sitename=SITENAMES.get(name, DEFAULT_SITENAME),
        dbname=dbname,
    )


def free_ports(count: int) -> list[int]:
    """Ports the kernel calls free right now, all distinct.

    All sockets stay bound until every port is picked, so the kernel cannot hand
    out the same port twice.
    """
    with ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind((HOST, 0))
            ports.append(int(sock.getsockname()[1]))
        return ports


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR like php -S itself: a port whose last connections sit in
        # TIME_WAIT after a restart is free for a new listener, a listening one is not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True
