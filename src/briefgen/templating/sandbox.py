"""The sandbox templates run in: Jinja's immutable sandbox, its compiled code rewritten so that
every loop and every ``~`` is checked, with the limits of :mod:`briefgen.templating.limits`."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from briefgen.templating import flow, limits


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


def _concat(values: tuple[Any, ...]) -> str:
    """``a ~ b``, checked, and traced with what its parts rest on."""
    parts = [str(v) for v in values]
    limits.need(sum(map(len, parts)), "a joined string")
    return flow.traced_result("".join(parts), values)  # type: ignore[no-any-return]


def _join_buffer(parts: Iterable[str]) -> str:
    """The text of a macro, a block or a ``{% set %}`` block, checked."""
    items = list(parts)
    limits.need(sum(map(len, items)), "the text of a macro or block")
    return "".join(items)


class _CheckLoops(NodeTransformer):
    """Rewrites every loop and ``~`` to be checked against the limits, and every branch, loop,
    assignment, comparison and conditional value to report where its reads flow
    (:mod:`briefgen.templating.flow`)."""

    def visit_For(self, node: nodes.For) -> list[nodes.Node]:
        node.iter = _call("region_iter", [_call("begin", [], node), self.visit(node.iter)], node)
        if node.test is not None:
            node.test = _call("loop_test", [_call("loop_begin", [], node), self.visit(node.test)], node)
        node.body, node.else_ = self._statements(node.body), self._statements(node.else_)
        return _region(node, _assigned([*node.body, *node.else_], scoped=True))

    def visit_If(self, node: nodes.If) -> list[nodes.Node]:
        for branch in (node, *node.elif_):
            branch.test = _call("region_test", [_call("begin", [], node), self.visit(branch.test)], node)
            branch.body = self._statements(branch.body)
        node.else_ = self._statements(node.else_)
        bodies = [child for branch in (node, *node.elif_) for child in branch.body]
        return _region(node, _assigned([*bodies, *node.else_], scoped=False))

    def visit_Assign(self, node: nodes.Assign) -> nodes.Node:
        node.node = _call("assigned", [_call("begin", [], node), self.visit(node.node)], node)
        return node

    def visit_With(self, node: nodes.With) -> nodes.Node:
        node.values = [_call("assigned", [_call("begin", [], node), self.visit(v)], node) for v in node.values]
        node.body = self._statements(node.body)
        return node

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:
        self.generic_visit(node)
        node.body = [nodes.Output([_call("region_refs", [], node)], lineno=node.lineno), *node.body]
        return node

    def visit_CondExpr(self, node: nodes.CondExpr) -> nodes.Node:
        self.generic_visit(node)
        node.test = _call("cond_test", [_call("begin", [], node), node.test], node)
        return _call("cond_end", [node], node)

    def visit_Compare(self, node: nodes.Compare) -> nodes.Node:
        self.generic_visit(node)
        args: list[nodes.Expr] = [node.expr]
        for operand in node.ops:
            args += [nodes.Const(operand.op, lineno=node.lineno), operand.expr]
        return _call("compare", args, node)

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call("checked_concat", [nodes.Tuple(node.nodes, "load")], node)

    def _statements(self, body: list[nodes.Node]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for child in body:
            done = self.visit(child)
            out += done if isinstance(done, list) else [done]
        return out


def _region(node: nodes.Node, assigned: list[nodes.Node]) -> list[nodes.Node]:
    """``node`` between the markers of a region (see :mod:`briefgen.templating.usage`), then every
    variable it may assign traced with the region, whether or not it did: that it kept its old value
    depends on the region's reads as much as a new one would."""
    after: list[nodes.Node] = []
    for target in assigned:
        if isinstance(target, nodes.NSRef):
            name = nodes.Name(target.name, "load", lineno=node.lineno)
            attr = nodes.Const(target.attr, lineno=node.lineno)
            after.append(nodes.Output([_call("retaint_attr", [name, attr], node)], lineno=node.lineno))
        elif isinstance(target, nodes.Name):
            value = _call("retaint", [nodes.Name(target.name, "load", lineno=node.lineno)], node)
            after.append(nodes.Assign(nodes.Name(target.name, "store", lineno=node.lineno), value,
                                      lineno=node.lineno))
    for made in after:
        made.set_environment(node.environment)  # type: ignore[arg-type]
    return [nodes.Output([_call("region_open", [], node)], lineno=node.lineno), node,
            nodes.Output([_call("region_close", [], node)], lineno=node.lineno), *after]


def _assigned(body: list[nodes.Node], scoped: bool) -> list[nodes.Node]:
    """The targets assigned in ``body``: namespace attributes anywhere; names too, unless the
    statement is ``scoped`` (a loop's names do not outlive it), and not inside a nested loop or macro."""
    found: dict[tuple[str, str | None], nodes.Node] = {}
    todo = list(body)
    while todo:
        child = todo.pop()
        for target in child.find_all((nodes.NSRef,)):
            found[(target.name, target.attr)] = target
        if scoped:
            continue
        if isinstance(child, nodes.Assign | nodes.AssignBlock):
            for name in [child.target, *child.target.find_all((nodes.Name,))]:
                if isinstance(name, nodes.Name) and name.ctx == "store":
                    found[(name.name, None)] = name
        elif isinstance(child, nodes.If):
            todo += [c for branch in (child, *child.elif_) for c in branch.body] + list(child.else_)
    return [found[key] for key in sorted(found, key=lambda k: (k[0], k[1] or ""))]


def _call(name: str, arguments: list[nodes.Expr], replaced: nodes.Node) -> nodes.Call:
    """``environment.<name>(*arguments)``, at the line of the node it replaces."""
    call = nodes.Call(nodes.EnvironmentAttribute(name), arguments, [], None, None)
    call.set_lineno(replaced.lineno)
    assert replaced.environment is not None, "parsed nodes always carry their environment"
    call.set_environment(replaced.environment)
    return call


class _CheckedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        env = self.environment
        tables: tuple[dict[str, Any], ...] = (env.filters, env.tests)
        for table in tables:  # filters added after the environment was made too
            for name in list(table):
                table[name] = flow.traced_function(table[name])
        super().visit_Template(_CheckLoops().visit(node), frame)


_HOOKS = ("begin", "assigned", "region_open", "region_close", "region_refs", "region_test", "loop_begin",
          "loop_test", "region_iter", "cond_test", "cond_end", "compare", "retaint", "retaint_attr")
_HOOK_FUNCTIONS = frozenset([*(getattr(flow, hook) for hook in _HOOKS), _concat])


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox within the limits of :mod:`briefgen.templating.limits`: every call,
    look-up, operator and loop iteration is a step; the sizes of what they make are checked first.
    What each call, look-up and operator returns is traced with what its operands rest on
    (:mod:`briefgen.templating.flow`)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "-", "/", "//"})
    intercepted_unops = frozenset({"-", "+"})
    code_generator_class = _CheckedCodeGenerator
    concat = staticmethod(_join_buffer)  # what compiled templates join their buffers with

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)  # up to any number of paragraphs of filler; no brief needs it
        for name in limits.FILTER_CHECKS:
            self.filters[name] = _checked_filter(name, self.filters[name])
        self.filters["join"] = _checked_join_filter(self.filters["join"])
        self.checked_concat = _concat
        for hook in _HOOKS:
            setattr(self, hook, getattr(flow, hook))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        limits.step()
        limits.check_binop(operator, left, right)
        return flow.traced_result(super().call_binop(context, operator, left, right), left, right)

    def call_unop(self, context: Context, operator: str, arg: Any) -> Any:
        limits.step()
        return flow.traced_result(super().call_unop(context, operator, arg), arg)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __obj in _HOOK_FUNCTIONS:  # compiled in by _CheckLoops, not written by the template
            return __obj(*args)  # (Jinja passes _loop_vars and _block_vars to every call in a loop or block)
        limits.step()
        args = limits.check_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        return flow.traced_result(result, owner, *args, *kwargs.values())

    def getattr(self, obj: Any, attribute: str) -> Any:
        limits.step()
        return flow.traced_result(super().getattr(obj, attribute), obj)

    def getitem(self, obj: Any, argument: str | Any) -> Any:
        limits.step()
        return flow.traced_result(super().getitem(obj, argument), obj, argument)
