"""The ``based_on`` graph of judgements: circular reasoning, and markings carried up from bases.

Every walk here is iterative and visits each fact and each ``based_on`` link a bounded number of
times, so a chain of 10,000 facts or a "ladder" (each fact based on the two before it, whose paths
double at every rung) loads in linear time and never exhausts Python's stack.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace

from briefgen.content import markings
from briefgen.content.model import Fact, Settings
from briefgen.exceptions import Problem

#: A circle longer than this is shown by its first and last facts only.
SHOWN = 8


def _graph(facts: dict[str, Fact]) -> dict[str, list[str]]:
    """Each fact's known bases (unknown ids are reported elsewhere)."""
    return {fid: [b for b in dict.fromkeys(fact.based_on) if b in facts] for fid, fact in facts.items()}


def components(graph: dict[str, list[str]]) -> Iterator[list[str]]:
    """Strongly connected components (Tarjan's algorithm, iterative), each after every component
    it leads to: bases come before the facts based on them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    yield component


def check(facts: dict[str, Fact], settings: Settings | None) -> tuple[dict[str, Fact], list[Problem]]:
    """The facts with the markings their bases carry up (when ``settings`` are known), and a
    problem for each group of facts that reason in a circle."""
    graph = _graph(facts)
    groups = list(components(graph))
    problems = _cycles(groups, graph, facts)
    if settings is not None:
        facts = _propagate_markings(groups, graph, facts, settings)
    return facts, problems


def _cycles(groups: list[list[str]], graph: dict[str, list[str]], facts: dict[str, Fact]) -> list[Problem]:
    """One problem per group of facts that reason in a circle, at the group's first fact, showing
    one circle through it (the shortest)."""
    problems = []
    order: dict[str, int] = {}
    for component in groups:
        if len(component) == 1 and component[0] not in graph[component[0]]:
            continue
        order = order or {fid: n for n, fid in enumerate(facts)}
        start = min(component, key=order.__getitem__)
        circle = _shortest_circle(start, graph, set(component))
        fact = facts[start]
        problems.append(Problem(fact.path, _based_on_line(fact), "based_on",
                                f"expected no circular reasoning, found {_describe(circle, facts)}"))
    return problems


def _shortest_circle(start: str, graph: dict[str, list[str]], members: set[str]) -> list[str]:
    """start -> ... -> start, by a breadth-first walk inside its component."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in graph[node]:
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if child in members and child not in came_from:
                came_from[child] = node
                queue.append(child)
    raise AssertionError(f"no circle through '{start}' inside its own component")


def _describe(circle: list[str], facts: dict[str, Fact]) -> str:
    """'a -> b -> a (b at line 9)', or for a long circle its ends and its length."""
    size = len(circle) - 1
    if size > SHOWN:
        return f"{' -> '.join(circle[:SHOWN - 2])} -> ... -> {circle[-2]} -> {circle[-1]} (a circle of {size} facts)"
    first = facts[circle[0]]
    where = [f"{fid} at " + (f"line {_based_on_line(facts[fid])}" if facts[fid].path == first.path
                             else f"{facts[fid].path}:{_based_on_line(facts[fid])}")
             for fid in circle[1:-1]]
    return " -> ".join(circle) + (f" ({', '.join(where)})" if where else "")


def _based_on_line(fact: Fact) -> int:
    return fact.field_lines.get("based_on", fact.line)


def _propagate_markings(groups: list[list[str]], graph: dict[str, list[str]], facts: dict[str, Fact],
                        settings: Settings) -> dict[str, Fact]:
    """A fact based on others carries at least the highest marking among them (and inside a
    circle, already reported, the highest in the circle). Bases come first in ``groups``."""
    carried: dict[str, dict[str, str]] = {}
    for component in groups:
        if len(component) == 1 and not graph[component[0]]:
            carried[component[0]] = facts[component[0]].markings
            continue
        members = set(component)
        marking = markings.highest(
            [facts[fid].markings for fid in component]
            + [carried[b] for fid in component for b in graph[fid] if b not in members],
            settings)
        for fid in component:
            carried[fid] = marking
    return {fid: fact if carried[fid] == fact.markings else replace(fact, markings=carried[fid])
            for fid, fact in facts.items()}
