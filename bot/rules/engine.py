"""Evaluating rule trees: every leaf's check is kept, so a verdict explains itself.

Nothing short-circuits: a participant sees each rule with what was expected and found,
also in branches that did not decide the verdict. Only a page that does not exist (or a
plain redirect, when the rules forbid redirects) stops the evaluation early, because
there is no article to measure.
"""

from __future__ import annotations

from dataclasses import replace

from bot.model import Check
from bot.rules.checks import LEAF_RULES, Context, Subject
from bot.rules.schema import AllOf, AnyOf, Leaf, RuleNode
from bot.times import iso


def evaluate(tree: RuleNode, subject: Subject, ctx: Context) -> tuple[Check, ...]:
    """The verdict of every node of ``tree``, parents before their parts."""
    page = subject.page
    if page.deleted_at is not None:  # "deleted", not gone: the participant sees what happened
        return (Check("not_deleted", "not deleted", iso(page.deleted_at), False),)
    if not page.exists:
        return (Check("exists", "page exists", "no such page", False),)
    found = [Check("exists", "page exists", "page exists", True)]
    is_redirect = page.redirect_target is not None and not page.moved
    if is_redirect and any(leaf.rule == "not_redirect" for leaf in _required(tree)):
        found.append(LEAF_RULES["not_redirect"](True, subject, ctx))
        return tuple(found)
    _walk(tree, subject, ctx, "", found)
    return tuple(found)


def holds(tree: RuleNode, subject: Subject, ctx: Context) -> tuple[bool, list[Check]]:
    """Whether ``tree`` holds, with its leaves' checks (conditions of tiers and bonuses)."""
    found: list[Check] = []
    passed = _walk(tree, subject, ctx, "", found)
    return passed, [c for c in found if c.rule not in ("all", "any", "not")]


def passed(checks: tuple[Check, ...]) -> bool:
    """The verdict: the gates and the root of the tree (all checks with an empty path)."""
    return bool(checks) and all(c.passed for c in checks if c.path == "")


def _walk(node: RuleNode, subject: Subject, ctx: Context, path: str,
          found: list[Check]) -> bool:
    if isinstance(node, Leaf):
        check = replace(LEAF_RULES[node.rule](node.value, subject, ctx), path=path)
        found.append(check)
        return check.passed
    at = len(found)
    parts = node.parts if isinstance(node, AllOf | AnyOf) else (node.part,)
    results = [_walk(part, subject, ctx, _child(path, i), found)
               for i, part in enumerate(parts)]
    count, passing = len(results), sum(results)
    if isinstance(node, AllOf):
        check = Check("all", f"all of {count}", f"{passing} of {count} passed",
                      passing == count, path)
    elif isinstance(node, AnyOf):
        check = Check("any", f"at least one of {count}", f"{passing} of {count} passed",
                      passing > 0, path)
    else:
        part = found[at]
        check = Check("not", f"not {part.rule}: {part.expected}", part.actual, not results[0],
                      path)
    found.insert(at, check)
    return check.passed


def _required(node: RuleNode) -> list[Leaf]:
    """The leaves that must pass for the tree to hold (not those under ``any`` or ``not``)."""
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, AllOf):
        return [leaf for part in node.parts for leaf in _required(part)]
    return []


def _child(path: str, index: int) -> str:
    return f"{path}.{index}" if path else str(index)
