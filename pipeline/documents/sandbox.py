"""The Jinja environment staff-edited templates run in: harmless whatever they hold.

Jinja's immutable sandbox already refuses attributes that reach Python's internals and calls
that change data (`don_vi.clear()`, `.append()`), so one document's template can never change
what another shows. On top of it, every way a template can make work or memory grow is bounded
per render: the size of each value made (`'a' * 10**9`, `9**9**9`, a format width, `replace` or
`join` of large texts), each integer given to a filter or method (`center(10**9)`), the loop
iterations and calls (nested loops, recursion), and the characters written. `include`,
`import`, `extends` and recursive loops are refused when the template is read, so `--check`
finds them. A limit met is a `SecurityError` that names what was too large.
"""

from __future__ import annotations

import contextvars
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_TEXT = 1_000_000  # characters in one value a template makes
MAX_ITEMS = 100_000  # items in one list a template makes
MAX_NUMBER = 100_000  # an integer given to a filter or a method: a width, a count, a precision
MAX_BITS = 4_000  # an integer a template computes (10**1000 has 3.322 bits)
MAX_STEPS = 500_000  # loop iterations, calls and operations in one render (a report needs hundreds)
MAX_OUTPUT = 50_000_000  # characters one render writes
_LAP = "_thidua_lap"  # the filter every loop's iterable goes through
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}|%[-#0 +*.\d]*[a-zA-Z%]")
_DIGITS = re.compile(r"\d+")


_UNSAFE_ATTRIBUTE = re.compile(r"access to attribute '(.+?)' of '(.+?)' object is unsafe")
_UNSAFE_CALL = re.compile(r"(.+?) is not safely callable")


def refusal(exc: SecurityError) -> str:
    """What the sandbox refused, in Vietnamese (Jinja says it in English)."""
    text = str(exc)
    if found := _UNSAFE_ATTRIBUTE.search(text):
        return f"thuộc tính {found.group(1)} (của giá trị kiểu {found.group(2)}) không được dùng trong mẫu"
    if found := _UNSAFE_CALL.search(text):
        return f"{found.group(1)} không được gọi trong mẫu"
    return text


class TemplateLimit(SecurityError):
    """A template asked for more work or memory than any document needs."""


@dataclass
class _Budget:
    steps: int = 0
    output: int = 0

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"quá {MAX_STEPS:,} bước lặp hoặc lời gọi (vòng lặp lồng nhau hoặc đệ quy)".replace(",", "."))

    def write(self, count: int) -> None:
        self.output += count
        if self.output > MAX_OUTPUT:
            raise TemplateLimit(f"văn bản dài quá {MAX_OUTPUT:,} ký tự".replace(",", "."))


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # a render outside `_BudgetedTemplate.render` (docxtpl's own, in tools)
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


def _size(value: Any) -> int:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def _checked(value: Any) -> Any:
    """A value a template made, refused when it is larger than any document needs."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise TemplateLimit(f"một giá trị dài quá {MAX_TEXT:,} ký tự".replace(",", "."))
    if isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > MAX_ITEMS:
        raise TemplateLimit(f"một danh sách dài quá {MAX_ITEMS:,} phần tử".replace(",", "."))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        raise TemplateLimit("một số quá lớn")
    return value


def _check_arguments(values: Iterable[Any]) -> None:
    """Before a call: no integer that sets a size past MAX_NUMBER, and sized arguments whose
    product (what `replace` or `join` can make of them) stays within MAX_TEXT * 10."""
    product = 1
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TemplateLimit(f"số {value if value.bit_length() < 64 else '(rất lớn)'} vượt giới hạn {MAX_NUMBER:,}".replace(",", "."))
        product *= _size(value) + 1
    if product > MAX_TEXT * 10:
        raise TemplateLimit("các giá trị quá lớn để ghép hoặc thay thế")


def _check_format(text: str) -> None:
    for field in _FORMAT_FIELD.findall(text):
        if any(int(number) > MAX_NUMBER for number in _DIGITS.findall(field)):
            raise TemplateLimit(f"độ rộng trong chuỗi định dạng vượt {MAX_NUMBER:,}".replace(",", "."))


class _BudgetedTemplate(jinja2.Template):
    """Each render gets its own budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set(_Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


class TemplateSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    template_class = _BudgetedTemplate
    cache_tag = "sandbox-1"  # changes when what this class compiles changes

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_written, **options)
        self.filters = {name: _guarded(f) for name, f in self.filters.items() if name != "random"}
        self.filters[_LAP] = _lap

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        _budget().step()
        if op == "*":
            for text, count in ((left, right), (right, left)):
                if _size(text) and isinstance(count, int) and _size(text) * count > MAX_TEXT:
                    raise TemplateLimit("phép nhân làm ra chuỗi hoặc danh sách quá dài")
        elif op == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(left) > 1 and right > 0:
                bits = max(abs(int(left)), 2).bit_length() * right
                if bits > MAX_BITS:
                    raise TemplateLimit("phép lũy thừa cho số quá lớn")
        elif op == "%" and isinstance(left, str):
            _check_format(left)
            _check_arguments(right if isinstance(right, tuple) else (right,))
        elif op == "+" and _size(left) + _size(right) > MAX_TEXT:
            raise TemplateLimit("phép cộng làm ra chuỗi quá dài")
        return _checked(super().call_binop(context, op, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _budget().step()
        _check_arguments([getattr(__obj, "__self__", None), *args, *kwargs.values()])
        return _checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            raise jinja2.TemplateSyntaxError(
                "mẫu không được chèn hay kế thừa mẫu khác (include, import, extends); hãy chép nội dung vào mẫu",
                node.lineno, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            if loop.recursive:
                raise jinja2.TemplateSyntaxError(
                    "mẫu không được dùng vòng lặp đệ quy (recursive)", loop.lineno, name, filename)
            body = sum(len(data.data) for part in loop.body for data in part.find_all(nodes.TemplateData))
            loop.iter = nodes.Filter(loop.iter, _LAP, [nodes.Const(body)], [], None, None, lineno=loop.lineno)
        return tree


def _written(value: Any) -> Any:
    """Every `{{ }}` output passes here: counted against the render's budget of characters."""
    if isinstance(value, str):
        _budget().write(len(value))
    return value


def _lap(iterable: Any, body: int) -> Iterator[Any]:
    """A loop's iterable, counted: each turn is a step and writes the body's text once more."""
    budget = _budget()
    for item in iterable:
        budget.step()
        budget.write(body)
        yield item


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that counts as a step and is held to the same limits as a call."""

    @functools.wraps(f)  # keeps Jinja's pass_context and similar marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _budget().step()
        _check_arguments([a for a in (*args, *kwargs.values()) if not isinstance(a, (jinja2.runtime.Context,
                                                                                      jinja2.nodes.EvalContext,
                                                                                      jinja2.Environment))])
        return _checked(f(*args, **kwargs))

    return guarded


def environment() -> jinja2.Environment:
    env = TemplateSandbox(undefined=jinja2.StrictUndefined, autoescape=True, keep_trailing_newline=True)
    # Jinja's globals (range, lipsum, cycler, ...) are not fields staff can rely on, and lipsum
    # would make documents differ from run to run: a template may use only what we provide.
    env.globals.clear()
    return env


__all__ = ["TemplateLimit", "TemplateSandbox", "environment", "refusal"]
