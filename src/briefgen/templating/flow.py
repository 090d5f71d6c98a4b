"""Where a template's reads flow: the hooks the sandbox compiles into every template.

:class:`briefgen.templating.sandbox.LimitedSandbox` rewrites each compiled template so that

- ``{% set x = e %}`` (and ``{% with %}``, and ``{% set ns.x = e %}``) stores ``e`` traced with
  the reads made while computing it and with every region open around it (:func:`assigned`);
- ``{% if t %}`` and ``{% for x in e if t %}`` are regions: markers around the whole statement,
  and the reads of the test, of computing ``e`` and of iterating it belong to every line written
  inside (:func:`region_test`, :func:`region_iter`, :func:`loop_test`);
- ``a if t else b`` is traced with ``t`` (:func:`cond_test`, :func:`cond_end`);
- comparisons (``==``, ``<``, ``in``, ...) of traced values give traced truth values (:func:`compare`);
- filters and tests give results traced with their arguments (:func:`traced_function`).

Every hook does nothing outside a render (no :data:`briefgen.templating.usage.CURRENT`).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2.utils import Namespace

from briefgen.templating import limits
from briefgen.templating.mdtext import Markdown
from briefgen.templating.traced import keys_of, keys_of_all, taint
from briefgen.templating.usage import CURRENT


def begin() -> None:
    """Start collecting the reads of a value (the first argument of the hooks that end it)."""
    if (usage := CURRENT.get()) is not None:
        usage.begin()


def assigned(_: None, value: Any) -> Any:
    """The value of an assignment, traced with its reads and the regions open around it."""
    usage = CURRENT.get()
    if usage is None:
        return value
    return taint(value, usage.end() | usage.active())


def region_open() -> Markdown:
    usage = CURRENT.get()
    return Markdown("") if usage is None else usage.region_open()


def region_close() -> Markdown:
    usage = CURRENT.get()
    return Markdown("") if usage is None else usage.region_close()


def retaint(value: Any) -> Any:
    """A variable an ``{% if %}`` just closed may have assigned, traced with that region."""
    usage = CURRENT.get()
    if usage is None or usage.last_closed is None:
        return value
    return taint(value, frozenset({f"region:{usage.last_closed}"}))


def retaint_attr(space: Any, attr: str) -> Markdown:
    """The same for a namespace attribute a loop or ``{% if %}`` may have assigned (it prints nothing)."""
    if isinstance(space, Namespace):
        try:
            value = getattr(space, attr)
        except AttributeError:
            return Markdown("")
        space[attr] = retaint(value)
    return Markdown("")


def region_refs() -> Markdown:
    """A tag for the regions open now, at the start of text a ``{% set %}`` block captures."""
    usage = CURRENT.get()
    if usage is None or not usage.open:
        return Markdown("")
    return Markdown(usage.tag(usage.active()))


def region_test(_: None, value: Any) -> bool:
    """The truth of an ``{% if %}`` test; its reads decide what the region writes."""
    truth = bool(value)
    usage = CURRENT.get()
    if usage is not None:
        keys = keys_of(value)  # while the test's frame is open: looking at a selection reads into it
        usage.region_add(keys | usage.end())
    return truth


def loop_begin() -> int | None:
    """Start collecting the reads of a loop's condition; the region of the loop it filters."""
    usage = CURRENT.get()
    if usage is None:
        return None
    usage.begin()
    return usage.last_loop


def loop_test(region: int | None, value: Any) -> bool:
    """The truth of a loop's ``if``: its reads decide what the whole loop writes."""
    truth = bool(value)
    usage = CURRENT.get()
    if usage is not None:
        keys = keys_of(value)
        usage.region_add(keys | usage.end(), region)
    return truth


def region_iter(_: None, iterable: Iterable[Any]) -> Iterator[Any]:
    """What a ``{% for %}`` iterates over, one step per item: computing it and iterating it
    (which, for a selection of facts, reads every fact it was chosen from) decide what the whole
    loop writes."""
    usage = CURRENT.get()
    if usage is None:
        return _plain(iterable)
    region = usage.open[-1] if usage.open else None
    keys = keys_of(iterable)
    usage.region_add(keys | usage.end(), region)
    return _traced(iterable, region)


def _plain(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        limits.step()
        yield item


def _traced(iterable: Iterable[Any], region: int | None) -> Iterator[Any]:
    usage = CURRENT.get()
    assert usage is not None
    usage.begin()
    try:
        items = iter(iterable)
    finally:
        usage.region_add(usage.end(), region)
    while True:
        limits.step()
        usage.begin()
        try:
            item = next(items)
        except StopIteration:
            return
        finally:
            usage.region_add(usage.end(), region)
        usage.last_loop = region
        yield item


def cond_test(_: None, value: Any) -> bool:
    """The test of ``a if t else b``: read into the value being computed."""
    truth = bool(value)
    if (usage := CURRENT.get()) is not None:
        usage.touch(keys_of(value))
    return truth


def cond_end(value: Any) -> Any:
    usage = CURRENT.get()
    return value if usage is None else taint(value, usage.end())


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge, "lt": operator.lt,
    "lteq": operator.le, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b,
}


def compare(left: Any, *rest: Any) -> Any:
    """``left op1 right1 op2 right2 ...`` as Jinja chains it; traced with every operand."""
    result = True
    keys = keys_of(left)
    for op, right in zip(rest[::2], rest[1::2], strict=True):
        keys |= keys_of(right)
        if result:
            result = bool(_OPERATORS[op](left, right))
        left = right
    return taint(result, keys) if keys else result


def traced_function(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter or test whose result is traced with the reads of its arguments. A lazy result
    (``map``, ``select``, ``reverse``) is made a list first, so that what it rests on travels with it."""
    if getattr(function, "briefgen_traced", False):
        return function

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
    def traced(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if CURRENT.get() is None:
            return result
        keys = keys_of_all(args) | keys_of_all(kwargs.values())
        if isinstance(result, Iterator):
            result = list(result)
        return taint(result, keys) if keys else result

    traced.briefgen_traced = True  # type: ignore[attr-defined]
    return traced


def traced_result(result: Any, *sources: Any) -> Any:
    """``result`` traced with what ``sources`` (an object, its arguments) rest on."""
    if CURRENT.get() is None:
        return result
    keys = keys_of_all(sources)
    return taint(result, keys) if keys else result
