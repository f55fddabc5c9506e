"""The siteinfo facts the offline parser needs, read once per wiki and run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pywikibot

from bot.titles import WikiNames, clean


def linked(own: Mapping[str, WikiNames]) -> dict[str, WikiNames]:
    """Every contest wiki's names, each able to read links into the others."""
    return {key: replace(names, others=own) for key, names in own.items()}


def wiki_names(site: pywikibot.site.APISite, interwiki: Mapping[str, str]) -> WikiNames:
    """Namespace names and aliases (local and canonical) of ``site``.

    ``interwiki`` maps the prefixes of the other contest wikis to their keys; it comes
    from the contest definition, not from the wiki's interwiki table, because only
    contest wikis can hold entries.
    """
    namespaces: dict[str, int] = {}
    local_names: dict[int, str] = {}
    case_sensitive: set[int] = set()
    for ns_id, namespace in site.namespaces.items():
        if ns_id == 0:
            continue
        local_names[ns_id] = clean(namespace.custom_name)
        for name in (namespace.custom_name, namespace.canonical_name, *namespace.aliases):
            if name:
                namespaces[clean(name).casefold()] = ns_id
        if namespace.case == "case-sensitive":
            case_sensitive.add(ns_id)
    if site.siteinfo["case"] == "case-sensitive":
        case_sensitive.add(0)
    special = {"contributions", *(clean(a).casefold() for a in _contributions_aliases(site))}
    return WikiNames(
        namespaces=namespaces,
        local_names=local_names,
        case_sensitive=frozenset(case_sensitive),
        interwiki={k.casefold(): v for k, v in interwiki.items()},
        special_contributions=frozenset(special),
    )


def _contributions_aliases(site: pywikibot.site.APISite) -> list[str]:
    """Local names of Special:Contributions (e.g. "Внесок"), used in signatures."""
    try:
        aliases = site.siteinfo["specialpagealiases"]
    except KeyError:  # very old wikis; the canonical name still works
        return []
    for entry in aliases:
        if entry.get("realname") == "Contributions":
            return list(entry.get("aliases", []))
    return []
