"""Walks over the ``based_on`` graph for the stages that read it (evidence, audit, publish).

Every walk is iterative (a chain of 10,000 facts never exhausts Python's stack) and visits each
fact and each ``based_on`` link a bounded number of times (a "ladder", each fact based on the two
before it, has 2**n paths but only 2n links). Unknown ids are skipped: they are reported when the
facts load. A circle, also reported then, is cut where the walk meets a fact it is still inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from briefgen.content.model import Fact


def reachable(starts: Iterable[str], facts: Mapping[str, Fact]) -> list[str]:
    """``starts`` and every fact they rest on at any depth, each once, depth first in the order of
    ``based_on`` (a fact, then its first base and all beneath it, then its second base...)."""
    seen: dict[str, None] = {}
    stack = list(starts)[::-1]
    while stack:
        fid = stack.pop()
        if fid in seen or fid not in facts:
            continue
        seen[fid] = None
        stack.extend(reversed(facts[fid].based_on))
    return list(seen)


def bases_first(start: str, facts: Mapping[str, Fact], done: Mapping[str, object]) -> list[str]:
    """``start`` and the facts beneath it not yet in ``done``, each after every base it rests on
    (post-order), so that a value worked out in this order can be built from its bases' values."""
    order: list[str] = []
    entered: set[str] = set()
    stack: list[tuple[str, bool]] = [(start, False)]
    while stack:
        fid, bases_done = stack.pop()
        if bases_done:
            order.append(fid)
            continue
        if fid in entered or fid in done or fid not in facts:
            continue
        entered.add(fid)
        stack.append((fid, True))
        stack.extend((b, False) for b in reversed(facts[fid].based_on) if b not in entered)
    return order


def resting_on(starts: Iterable[str], facts: Mapping[str, Fact]) -> set[str]:
    """``starts`` and every fact that rests on one of them at any depth (the walk upwards)."""
    above: dict[str, list[str]] = {}
    for fid, fact in facts.items():
        for base in dict.fromkeys(fact.based_on):
            above.setdefault(base, []).append(fid)
    found = set(starts)
    stack = list(found)
    while stack:
        for fid in above.get(stack.pop(), ()):
            if fid not in found:
                found.add(fid)
                stack.append(fid)
    return found
