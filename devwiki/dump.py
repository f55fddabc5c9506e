"""Build MediaWiki XML export dumps (format 0.11) for importDump.php.

A dump is the one way to seed a wiki with revisions by chosen users at chosen
times: the API always records "now" and the calling account.
"""

from __future__ import annotations

import ipaddress
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"
_XML_NS = "http://www.w3.org/XML/1998/namespace"  # ElementTree writes it as xml:
# XML 1.0 cannot carry these at all, escaped or not; ElementTree would write them
# as they are and importDump.php would reject the whole file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Revision:
    """One revision. timestamp must be timezone-aware; it is stored in UTC.

    user is a user name or an IP address (then it is an anonymous edit). Names
    unknown to the wiki become local accounts on import (devwiki's hook).
    """

    timestamp: datetime
    user: str
    text: str
    comment: str = ""

    def __post_init__(self) -> None:
        if self.timestamp.tzinfo is None or self.timestamp.utcoffset() is None:
            raise ValueError(f"Revision timestamp must be timezone-aware: {self.timestamp!r}")
        if not self.user:
            raise ValueError("Revision user must not be empty")


@dataclass
class Page:
    """A page and its history. Give the full title ('User:Alice/Entries', in the
    wiki's own namespace names) and the matching namespace number."""

    title: str
    revisions: list[Revision] = field(default_factory=list)
    namespace: int = 0


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        if _NOT_XML.search(text):
            raise ValueError(f"<{tag}> text has a character XML 1.0 cannot hold: {text!r:.80}")
        element.text = text
    return element


def to_xml(pages: Iterable[Page], lang: str = "en") -> str:
    """The dump as a string; ElementTree escapes titles, names and text.

    Revisions are written oldest first (as MediaWiki exports them), whatever
    order they were given in, so the page's latest revision is the newest.
    """
    root = ET.Element(
        "mediawiki",
        {
            "xmlns": EXPORT_NS,
            "version": "0.11",
            f"{{{_XML_NS}}}lang": lang,
        },
    )
    for page in pages:
        if not page.revisions:
            raise ValueError(f"page {page.title!r} has no revisions")
        page_el = _sub(root, "page")
        _sub(page_el, "title", page.title)
        _sub(page_el, "ns", str(page.namespace))
        for rev in sorted(page.revisions, key=lambda r: r.timestamp):
            rev_el = _sub(page_el, "revision")
            stamp = rev.timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            _sub(rev_el, "timestamp", stamp)
            contributor = _sub(rev_el, "contributor")
            _sub(contributor, "ip" if _is_ip(rev.user) else "username", rev.user)
            if rev.comment:
                _sub(rev_el, "comment", rev.comment)
            _sub(rev_el, "model", "wikitext")
            _sub(rev_el, "format", "text/x-wiki")
            text = _sub(rev_el, "text", rev.text)
            text.set(f"{{{_XML_NS}}}space", "preserve")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
