"""Limits on what a template may compute, so that no template can hang a build or exhaust memory.

Jinja's sandbox already bounds ``range()`` (``MAX_RANGE`` items). Here, for each render:

- size: no string, list or tuple a template makes may exceed ``MAX_CHARS`` items, and no integer
  ``MAX_INT_BITS`` bits. Each is checked *before* the value is made: ``*``, ``+``, ``%``, ``**``
  and ``~``, the str methods and filters that take a width, a fill or a separator;
- output: what the template writes, to the page or into a value through ``{{ }}``, is counted
  against ``MAX_CHARS`` each;
- work: every loop iteration, call and attribute or item lookup is a step; a render may take
  ``MAX_STEPS`` steps and ``MAX_SECONDS`` seconds.

Time is checked at each step rather than with SIGALRM: an alarm reaches only the main thread and
a process has only one, while renders run in pool workers and may run in threads. Compiled
templates are rewritten (:mod:`briefgen.templating.sandbox`) so that every loop iterates through a
checked iterator, so a render stops at its next step once over time; the builtins one step can run
are bounded by the size limits, so a step is short.

Templates are project content: these limits turn mistakes and the obvious bombs into a message with
a file and line. They are not a memory boundary against a determined template author (nested
literals can still build large structures), who can in any case publish whatever the template says.
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import jinja2

MAX_CHARS = 2_000_000
MAX_INT_BITS = 10_000
MAX_STEPS = 1_000_000
MAX_SECONDS = 20.0


class LimitError(jinja2.TemplateRuntimeError):
    """A template went over one of the limits."""

    def __init__(self, message: str) -> None:
        super().__init__(f"template limit: {message}")


@dataclass
class Budget:
    """What one render has used so far."""

    deadline: float
    steps: int = 0
    written: int = 0  # characters of the page
    values: int = 0  # characters printed through {{ }}, to the page or into a macro or block


_BUDGET: ContextVar[Budget | None] = ContextVar("briefgen_template_budget", default=None)


@contextmanager
def budget() -> Iterator[Budget]:
    """A fresh budget for the renders in the ``with`` block (per thread and per task)."""
    fresh = Budget(time.monotonic() + MAX_SECONDS)
    token = _BUDGET.set(fresh)
    try:
        yield fresh
    finally:
        _BUDGET.reset(token)


def step() -> None:
    """Count one step of work; stop the render when over any limit."""
    b = _BUDGET.get()
    if b is None:
        return
    b.steps += 1
    if b.steps > MAX_STEPS:
        raise LimitError(f"the template took more than {MAX_STEPS:,} steps (loop iterations, calls, look-ups)")
    if time.monotonic() > b.deadline:
        raise LimitError(f"the template took more than {MAX_SECONDS:g} s")
    if b.written > MAX_CHARS:
        raise LimitError(f"the template wrote more than {MAX_CHARS:,} characters")


def printed(text: str) -> str:
    """Count a value printed through ``{{ }}``."""
    b = _BUDGET.get()
    if b is not None:
        b.values += len(text)
        if b.values > MAX_CHARS:
            raise LimitError(f"the template printed more than {MAX_CHARS:,} characters")
    return text


def render(template: jinja2.Template, context: dict[str, Any],
           collect: Callable[[Iterator[str]], str] = "".join) -> str:
    """The template's output, within the limits, joined by ``collect``."""
    with budget() as b:

        def counted() -> Iterator[str]:
            for chunk in template.generate(context):
                b.written += len(chunk)  # the template's next step stops it, at a line of its own
                yield chunk

        text = collect(counted())
        if b.written > MAX_CHARS:
            raise LimitError(f"the template wrote more than {MAX_CHARS:,} characters")
    return text


def need(size: object, what: str = "a string or list") -> None:
    """Refuse to make a value of ``size`` items (when ``size`` is an int)."""
    if isinstance(size, int) and size > MAX_CHARS:
        raise LimitError(f"{what} would have {size:,} characters (or items); the limit is {MAX_CHARS:,}")


def _bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise LimitError(f"a number of about {bits:,} bits is too large; the limit is {MAX_INT_BITS:,}")


_SEQUENCES = (str, bytes, list, tuple)
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _number(digits: str) -> int:
    return int(digits) if len(digits) < 12 else MAX_CHARS + 1


def _printf(fmt: str, args: object) -> None:
    """``fmt % args``: widths and precisions, written or taken from ``args`` (``*``)."""
    star = False
    for match in _PRINTF.finditer(fmt):
        for group in match.groups():
            if group == "*":
                star = True
            elif group:
                need(_number(group), "a formatted field")
    if star:
        for arg in args if isinstance(args, tuple) else (args,):
            need(arg, "a formatted field")
    _sizes(args if isinstance(args, tuple) else (args,), len(fmt))


def _sizes(values: Iterable[object], start: int = 0) -> None:
    need(start + sum(len(v) for v in values if isinstance(v, _SEQUENCES)), "a formatted string")


def _format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``fmt.format(...)``: every number in a field's format spec, and arguments a spec takes."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # the call itself reports it
    nested = False
    for _, _, spec, _ in fields:
        nested = nested or "{" in (spec or "")
        for digits in re.findall(r"\d+", spec or ""):
            need(_number(digits), "a formatted field")
    values = list(args) + list(kwargs.values()) + [v for a in args if isinstance(a, dict) for v in a.values()]
    if nested:
        for value in values:
            need(value, "a formatted field")
    _sizes(values, len(fmt))


def _replace(s: Any, old: Any, new: Any, count: Any = -1) -> None:
    if type(s) not in (str, bytes) or type(old) is not type(s) or type(new) is not type(s):
        return
    found = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    need(len(s) + found * max(0, len(new) - len(old)), "a replaced string")


def check_join(separator: object, items: list[Any]) -> None:
    """Refuse ``separator.join(items)`` when it would be over the limit."""
    between = len(separator) * max(0, len(items) - 1) if isinstance(separator, _SEQUENCES) else 0
    need(between, "a joined string")
    need(between + sum(len(i) if isinstance(i, _SEQUENCES) else len(str(i)) for i in items), "a joined string")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left <operator> right`` when its result would be over a limit."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and isinstance(times, int):
                need(len(seq) * times, "a repeated string or list")
        if isinstance(left, int) and isinstance(right, int):
            _bits(abs(left).bit_length() + abs(right).bit_length())
    elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        need(len(left) + len(right), "a joined string or list")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        _bits(abs(left).bit_length() * right)
    elif operator == "%" and isinstance(left, str):
        _printf(left, right)


def check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a call of a str (or bytes) method whose result would be over a limit; the arguments
    to call it with (an iterable to join is read once, here)."""
    target = getattr(function, "__wrapped__", function)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    if not isinstance(owner, str | bytes):
        return args
    name = getattr(target, "__name__", "")
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        need(first if args else kwargs.get("width"), "a padded string")
    elif name == "expandtabs":
        size = first if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
            need(len(owner) + tabs * size, "an expanded string")
    elif name == "replace" and len(args) >= 2:
        _replace(owner, *args[:3])
    elif name == "join" and args:
        items = list(args[0])
        check_join(owner, items)
        return (items, *args[1:])
    elif name in ("format", "format_map") and isinstance(owner, str):
        _format(owner, args, kwargs)
    elif name == "translate" and isinstance(first, dict):
        longest = max((len(v) for v in first.values() if isinstance(v, _SEQUENCES)), default=1)
        need(len(owner) * longest, "a translated string")
    return args


def _indent(a: dict[str, Any]) -> None:
    width, s = a["width"], a["s"]
    size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if isinstance(s, str):
        need(len(s) + size * (s.count("\n") + 1), "an indented string")


def _wordwrap(a: dict[str, Any]) -> None:
    s, wrap = a["s"], a["wrapstring"]
    if isinstance(s, str) and isinstance(wrap, str):
        need(len(s) + (len(s) + 1) * len(wrap), "a wrapped string")


#: Checks of the filters that take a width, a fill, a count or a separator, by the filter's argument names.
FILTER_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "center": lambda a: need(a["width"], "a padded string"),
    "indent": _indent,
    "wordwrap": _wordwrap,
    "format": lambda a: _printf(str(a["value"]), a["args"] or a["kwargs"]),
    "replace": lambda a: _replace(a["s"], a["old"], a["new"], a["count"]),
    "batch": lambda a: need(a["linecount"], "a batch"),
    "slice": lambda a: need(a["slices"], "a list of slices"),
}
