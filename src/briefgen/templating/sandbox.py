"""The sandbox templates run in: Jinja's immutable sandbox, its compiled code rewritten so that
every loop and every ``~`` is checked, with the limits of :mod:`briefgen.templating.limits`."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from briefgen.templating import limits


def _checked_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    signature = inspect.signature(original)
    check = limits.FILTER_CHECKS[name]

    @functools.wraps(original)  # keeps Jinja's pass_context/pass_environment marks
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return original(*args, **kwargs)  # the call reports it
        bound.apply_defaults()
        check(bound.arguments)
        return original(*args, **kwargs)

    return checked


def _checked_join_filter(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def checked(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> Any:
        items = list(value)
        if attribute is None:
            limits.check_join(d, items)
        else:
            limits.need(len(d) * max(0, len(items) - 1), "a joined string")
        return original(eval_ctx, items, d, attribute)

    return checked


def _iterate(iterable: Iterable[Any]) -> Iterator[Any]:
    """Every loop goes through this: one step per iteration."""
    for item in iterable:
        limits.step()
        yield item


def _concat(values: tuple[Any, ...]) -> str:
    """``a ~ b``, checked."""
    parts = [str(v) for v in values]
    limits.need(sum(map(len, parts)), "a joined string")
    return "".join(parts)


def _join_buffer(parts: Iterable[str]) -> str:
    """The text of a macro, a block or a ``{% set %}`` block, checked."""
    items = list(parts)
    limits.need(sum(map(len, items)), "the text of a macro or block")
    return "".join(items)


class _CheckLoops(NodeTransformer):
    """Rewrites ``for x in y`` as ``for x in environment.checked_iter(y)`` and ``a ~ b`` as a checked join."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _environment_call("checked_iter", node.iter, node)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _environment_call("checked_concat", nodes.Tuple(node.nodes, "load"), node)


def _environment_call(name: str, argument: nodes.Node, replaced: nodes.Node) -> nodes.Call:
    """``environment.<name>(argument)``, at the line of the node it replaces."""
    call = nodes.Call(nodes.EnvironmentAttribute(name), [argument], [], None, None)
    call.set_lineno(replaced.lineno)
    assert replaced.environment is not None, "parsed nodes always carry their environment"
    call.set_environment(replaced.environment)
    return call


class _CheckedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        super().visit_Template(_CheckLoops().visit(node), frame)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox within the limits of :mod:`briefgen.templating.limits`: every call,
    look-up, operator and loop iteration is a step; the sizes of what they make are checked first."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _CheckedCodeGenerator
    concat = staticmethod(_join_buffer)  # what compiled templates join their buffers with

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)  # up to any number of paragraphs of filler; no brief needs it
        for name in limits.FILTER_CHECKS:
            self.filters[name] = _checked_filter(name, self.filters[name])
        self.filters["join"] = _checked_join_filter(self.filters["join"])
        self.checked_iter = _iterate
        self.checked_concat = _concat

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        limits.step()
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        limits.step()
        args = limits.check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        limits.step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: str | Any) -> Any:
        limits.step()
        return super().getitem(obj, argument)
