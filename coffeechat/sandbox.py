"""A Jinja sandbox that also bounds time and memory.

Jinja's own sandbox stops a template from reaching Python's internals, but not from
running for hours (``{% for a in s %}{% for b in s %}…``) or asking for gigabytes
(``{{ 'a' * 10**9 }}``). A learner's template is hostile input, so this one adds:

- a clock: every loop step, call, attribute lookup, operator and filter checks the
  render's deadline;
- a size for every value: anything that would grow past :attr:`RenderLimits.value_chars`
  (repeating, padding, joining, replacing, formatting, concatenating, buffering a
  macro or a ``{% set %}`` block) is refused *before* it is built;
- a work budget: the text all operations of one render produce together is bounded,
  so a loop of many medium strings cannot add up to gigabytes either;
- integers of at most :data:`MAX_INT_BITS` bits.

Breaking a limit raises :class:`LimitExceeded`; :func:`coffeechat.templating.render`
turns it into a message naming the template and line.
"""

from __future__ import annotations

import contextvars
import functools
import operator
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from string import Formatter
from typing import Any

from jinja2 import nodes, pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment
from jinja2.filters import (
    do_batch,
    do_center,
    do_indent,
    do_replace,
    do_wordwrap,
    sync_do_join,
    sync_do_slice,
)
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

#: Largest integer a template may build, in bits (about 1,200 digits).
MAX_INT_BITS = 4096
#: Most numbers ``range()`` may count (Jinja's own sandbox limit, with a kinder message).
MAX_RANGE = 100_000


@dataclass(frozen=True)
class RenderLimits:
    """How long one render may take and how much text it may make."""

    seconds: float
    output_chars: int

    @property
    def value_chars(self) -> int:
        """The largest single value (a string, or a list counted deeply)."""
        return self.output_chars

    @property
    def work_chars(self) -> int:
        """All text produced by the operations of one render, added up."""
        return 20 * self.output_chars


class LimitExceeded(Exception):  # noqa: N818 - reads as a sentence where it is raised
    """A template went past one of its limits; the message says which."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_SLOW_HINT = "look for a loop that runs too many times, or a macro that calls itself"
_BIG_HINT = "a message needs far less text; look for repeated or padded text"


class Budget:
    """One render's deadline and the text its operations have produced so far."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.work = 0

    def tick(self) -> None:
        """Stop the render once its time is up."""
        if time.monotonic() > self.deadline:
            raise LimitExceeded(
                f"the template took longer than {self.limits.seconds:g} seconds", _SLOW_HINT)

    def spend(self, chars: int) -> None:
        """Count text that an operation produced."""
        self.work += chars
        if self.work > self.limits.work_chars:
            raise LimitExceeded(
                f"the template built more than {self.limits.work_chars:,} characters of "
                "text along the way", _BIG_HINT)


#: The budget of the render running in this thread (or asyncio task), if any.
current_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "coffeechat_template_budget", default=None)


def _tick() -> None:
    budget = current_budget.get()
    if budget is not None:
        budget.tick()


def deep_size(value: object, stop: int) -> int:
    """Roughly how many characters ``str(value)`` would have; stops counting past ``stop``.

    Walks nested lists, tuples, sets and dicts with an explicit stack, so neither a
    deep nor a wide value can make the count itself expensive.
    """
    total = 0
    stack = [value]
    while stack and total <= stop:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 2 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            # Numbers, models from our own records, functions: small when printed.
            total += 24
    return total


class _Guards(NodeTransformer):
    """Rewrites a template's tree so every loop checks the clock and every ``~`` is sized."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_each", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(items, "_concat", [], [], None, None, lineno=node.lineno)


class _GuardedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """Add the guards before any code is written (filters are collected first)."""
        guarded = _Guards().visit(node)
        super().visit_Template(guarded, frame)


_DIGITS = re.compile(r"\d+")


class _SizedFields:
    """Checks each ``str.format`` field's width and the running length of the result."""

    _made = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        env: BoundedSandbox = self._env  # type: ignore[attr-defined]
        limit = env.limits.value_chars
        if any(int(d) > limit for d in _DIGITS.findall(format_spec)):
            raise LimitExceeded(f"a format width is larger than {limit:,}", _BIG_HINT)
        env.check_size(value)
        text = super().format_field(value, format_spec)  # type: ignore[misc]
        self._made += len(text)
        if self._made > limit:
            raise LimitExceeded(f"a formatted text is longer than {limit:,} characters",
                                _BIG_HINT)
        return text


class _Formatter(_SizedFields, SandboxedFormatter):
    pass


class _EscapeFormatter(_SizedFields, SandboxedEscapeFormatter):
    pass


_PADDING_METHODS = {"center", "ljust", "rjust", "zfill"}


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a clock and a size for everything a template makes.

    Immutable, so ``list.append`` and friends cannot grow a value behind the checks.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _GuardedCodeGenerator

    def __init__(self, limits: RenderLimits,
                 filters: dict[str, Callable[..., Any]] | None = None,
                 **options: Any) -> None:
        super().__init__(**options, finalize=self._finalize)
        self.limits = limits
        # Placeholder text has no place in a message, and lipsum(n) can be huge.
        self.globals.pop("lipsum", None)
        self.globals["range"] = _bounded_range
        # Macros, {% set %} blocks and {% filter %} blocks join their buffers here.
        self.concat = self._concat  # type: ignore[method-assign]
        self.filters.update({
            "center": self._center,
            "indent": self._indent,
            "format": self._format,
            "join": self._join,
            "replace": self._replace,
            "batch": self._batch,
            "slice": self._slice,
            "wordwrap": self._wordwrap,
            **(filters or {}),
        })
        self.filters = {name: self._guard_filter(name, f) for name, f in self.filters.items()}
        self.filters["_each"] = self._each
        self.filters["_concat"] = self._concat_values

    # -- sizes -----------------------------------------------------------------

    def refuse_size(self, what: str) -> LimitExceeded:
        """The error for ``what`` growing past the size limit."""
        return LimitExceeded(
            f"{what} would be longer than {self.limits.value_chars:,} characters", _BIG_HINT)

    def check_size(self, value: object, what: str = "a value") -> int:
        """Refuse a value larger than the limit, without printing it to find out."""
        size = deep_size(value, self.limits.value_chars)
        if size > self.limits.value_chars:
            raise self.refuse_size(what)
        return size

    def made(self, value: object) -> object:
        """Account for a value an operation produced, and return it."""
        if isinstance(value, str):
            if len(value) > self.limits.value_chars:
                raise self.refuse_size("a text")
            budget = current_budget.get()
            if budget is not None:
                budget.spend(len(value))
        elif isinstance(value, (list, tuple, dict, set)):
            self.check_size(value)
        return value

    def sized_items(self, iterable: Iterable[Any], separator: int, what: str) -> list[Any]:
        """The items to join, refused as soon as they and the separators grow too long."""
        items = []
        size = 0
        for item in self._each(iterable):
            size += deep_size(item, self.limits.value_chars) + separator
            if size > self.limits.value_chars:
                raise self.refuse_size(what)
            items.append(item)
        return items

    def _finalize(self, value: object) -> object:
        self.check_size(value, "a printed value")
        return value

    def _concat(self, parts: Iterable[str]) -> str:
        pieces = []
        size = 0
        for part in parts:
            size += len(part)
            if size > self.limits.value_chars:
                raise self.refuse_size("a block of text")
            pieces.append(part)
        return str(self.made("".join(pieces)))

    @pass_eval_context
    def _concat_values(self, eval_ctx: EvalContext, values: list[Any]) -> str:
        _tick()
        size = sum(self.check_size(v) for v in values)
        if size > self.limits.value_chars:
            raise self.refuse_size("a joined text (~)")
        joined = markup_join(values) if eval_ctx.autoescape else str_join(values)
        return str(self.made(joined))

    def _each(self, iterable: Iterable[Any]) -> Iterator[Any]:
        budget = current_budget.get()
        for count, item in enumerate(iterable):
            if budget is not None and count % 64 == 0:
                budget.tick()
            yield item

    # -- hooks Jinja's sandbox calls -----------------------------------------------

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        """Refuse ``*``, ``**``, ``+`` and ``%`` whose result would be too large."""
        _tick()
        limit = self.limits.value_chars
        numbers = (int, float)
        if operator_ == "**":
            if (isinstance(left, int) and isinstance(right, int) and right > 0
                    and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS):
                raise LimitExceeded(
                    f"{left} ** {right} is too large a number", "use smaller numbers")
        elif operator_ == "*":
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                    raise LimitExceeded("the product is too large a number", "use smaller numbers")
            elif isinstance(left, int) or isinstance(right, int):
                times, seq = (left, right) if isinstance(left, int) else (right, left)
                if (not isinstance(seq, numbers) and times > 0
                        and deep_size(seq, limit) * times > limit):
                    raise self.refuse_size("the repeated text")
        elif operator_ == "+":
            if (not isinstance(left, numbers) and not isinstance(right, numbers)
                    and self.check_size(left) + self.check_size(right) > limit):
                raise self.refuse_size("the joined text (+)")
        elif operator_ == "%" and isinstance(left, str):
            return self._percent(left, right)
        return self.made(self.binop_table[operator_](left, right))

    def _percent(self, text: str, args: Any) -> str:
        limit = self.limits.value_chars
        values = list(args.values()) if isinstance(args, dict) else (
            list(args) if isinstance(args, tuple) else [args])
        widths = [int(d) for d in _DIGITS.findall(text)]
        if "*" in text:
            widths += [v for v in values if isinstance(v, int)]
        if any(w > limit for w in widths):
            raise LimitExceeded(f"a format width is larger than {limit:,}", _BIG_HINT)
        if len(text) + self.check_size(values) > limit:
            raise self.refuse_size("the formatted text")
        return str(self.made(operator.mod(text, args)))

    def call(__self, __context: Context, __obj: Any, *args: Any,  # noqa: N805
             **kwargs: Any) -> Any:
        """Check the clock, size string methods that can grow, then call."""
        _tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and isinstance(__obj, types.BuiltinMethodType):
            args = __self._check_str_method(owner, __obj.__name__, args, kwargs)
        return __self.made(super().call(__context, __obj, *args, **kwargs))

    def _check_str_method(self, text: str, name: str, args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """Refuse a call of ``text.<name>`` whose result would be too long.

        Returns the arguments to call with: ``join`` gets its items as a list, counted
        once, so a generator is not consumed by the check.
        """
        limit = self.limits.value_chars
        values = [*args, *kwargs.values()]
        if name in _PADDING_METHODS or name == "expandtabs":
            width = next((v for v in values if isinstance(v, int)), 0)
            grows = width * (text.count("\t") + 1) if name == "expandtabs" else width
            if grows > limit:
                raise self.refuse_size(f"the result of {name}()")
        elif name == "replace" and len(values) >= 2:
            self.check_size(values[:2], "the arguments of replace()")
            old, new = str(values[0]), str(values[1])
            occurrences = text.count(old) if old else len(text) + 1
            if len(text) + occurrences * len(new) > limit:
                raise self.refuse_size("the result of replace()")
        elif name == "translate" and values and isinstance(values[0], dict):
            longest = max((deep_size(v, limit) for v in values[0].values()), default=1)
            if len(text) * max(longest, 1) > limit:
                raise self.refuse_size("the result of translate()")
        elif name == "join" and values:
            items = self.sized_items(values[0], len(text), "the result of join()")
            return (items, *args[1:]) if args else args
        return args

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Check the clock, then look up as the sandbox does."""
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Check the clock, then subscript (or slice) as the sandbox does."""
        _tick()
        return self.made(super().getitem(obj, argument))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` with each field's width and the whole result bounded."""
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) or (
            value.__name__ not in ("format", "format_map")
        ):
            return None
        f_self: Any = value.__self__
        if not isinstance(f_self, str):
            return None
        is_format_map = value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            formatter: Formatter = (
                _EscapeFormatter(self, escape=f_self.escape) if isinstance(f_self, Markup)
                else _Formatter(self))
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one mapping")
                kwargs, args = args[0], ()
            return type(f_self)(formatter.vformat(f_self, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    # -- filters that can make a value much larger than their input ----------------

    def _guard_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        # Most filters print their input (``str(value)``) before working on it, so the
        # input is sized first: a list of many references to one long text is small
        # in memory but enormous once printed.
        value_at = 1 if _passes_first_arg(func) else 0

        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            _tick()
            if len(args) > value_at:
                self.check_size(args[value_at], f"the input of |{name}")
            result = func(*args, **kwargs)
            if isinstance(result, types.GeneratorType):
                return self._each(result)
            return self.made(result)

        pass_arg = getattr(func, "jinja_pass_arg", None)
        if pass_arg is not None:
            guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
        return guarded

    def _center(self, value: str, width: int = 80) -> str:
        if width > self.limits.value_chars:
            raise self.refuse_size("the result of |center")
        return do_center(value, width)

    def _indent(self, s: str, width: int | str = 4, first: bool = False,
                blank: bool = False) -> str:
        prefix = width if isinstance(width, str) else " " * min(width, self.limits.value_chars + 1)
        if len(s) + len(prefix) * (s.count("\n") + 1) > self.limits.value_chars:
            raise self.refuse_size("the result of |indent")
        return do_indent(s, width, first, blank)

    def _format(self, value: Any, *args: Any, **kwargs: Any) -> str:
        if args and kwargs:
            raise TypeError("|format takes either positional or keyword arguments, not both")
        return self._percent(str(value), kwargs or args)

    @pass_eval_context
    def _join(self, eval_ctx: EvalContext, value: Iterable[Any], d: str = "",
              attribute: str | int | None = None) -> str:
        items = self.sized_items(value, len(d), "the result of |join")
        return sync_do_join(eval_ctx, items, d, attribute)

    @pass_eval_context
    def _replace(self, eval_ctx: EvalContext, s: str, old: str, new: str,
                 count: int | None = None) -> str:
        text, old, new = str(s), str(old), str(new)
        occurrences = text.count(old) if old else len(text) + 1
        if count is not None and count >= 0:
            occurrences = min(occurrences, count)
        if len(text) + occurrences * len(new) > self.limits.value_chars:
            raise self.refuse_size("the result of |replace")
        return do_replace(eval_ctx, s, old, new, count)

    def _batch(self, value: Iterable[Any], linecount: int,
               fill_with: Any = None) -> Iterator[list[Any]]:
        filled = 0 if fill_with is None else deep_size(fill_with, self.limits.value_chars)
        if linecount * max(filled, 1) > self.limits.value_chars:
            raise self.refuse_size("a batch")
        return do_batch(value, linecount, fill_with)

    def _slice(self, value: Iterable[Any], slices: int,
               fill_with: Any = None) -> Iterator[list[Any]]:
        filled = 0 if fill_with is None else deep_size(fill_with, self.limits.value_chars)
        if slices * max(filled, 1) > self.limits.value_chars:
            raise self.refuse_size("the slices")
        return sync_do_slice(list(self._each(value)), slices, fill_with)

    @pass_environment
    def _wordwrap(self, environment: Environment, s: str, width: int = 79,
                  break_long_words: bool = True, wrapstring: str | None = None,
                  break_on_hyphens: bool = True) -> str:
        lines = len(s) // max(width, 1) + s.count("\n") + 1
        if len(s) + lines * len(wrapstring or "\n") > self.limits.value_chars:
            raise self.refuse_size("the result of |wordwrap")
        return do_wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:  # more than fits in a machine word
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        raise LimitExceeded(f"range() may count at most {MAX_RANGE:,} numbers",
                            "count to a smaller number")
    return numbers


def _passes_first_arg(func: Callable[..., Any]) -> bool:
    """Whether Jinja passes a context or environment before the value."""
    return getattr(func, "jinja_pass_arg", None) is not None
