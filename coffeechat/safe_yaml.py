"""Read YAML that a learner wrote, with bounded time, memory and depth.

Banks and template front matter are user input, so they are treated as hostile:

- aliases (``*name``) are refused, because a few lines of them can expand to
  billions of values ("billion laughs") or refer to themselves;
- nesting deeper than :data:`MAX_DEPTH` and more than :data:`MAX_NODES` values are
  refused, because libyaml's C composer recurses once per level (a file of ten
  thousand ``[`` crashes the process) and the constructor recurses in Python;
- numbers longer than :data:`MAX_NUMBER_CHARS` are refused, because YAML 1.1's
  base-60 integers (``1:2:3:...``) take quadratic time to build.

The tree is composed here from libyaml's event stream, one event at a time with an
explicit stack, so no input can exhaust the Python or the C stack. Only then is it
handed to PyYAML's safe constructor, whose recursion is bounded by the depth limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from coffeechat.errors import Problem
from coffeechat.validation import Loc, field_path

Mark = tuple[int, int]  # 1-based line and column

#: Deepest nesting of mappings and lists; a bank needs five levels.
MAX_DEPTH = 32
#: Most values (scalars, lists and mappings, keys included) in one document.
MAX_NODES = 100_000
#: Longest number; anything longer is a mistake or an attack.
MAX_NUMBER_CHARS = 100

_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}

# libyaml's parser is several times faster and gives the same marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a YAML document starts."""

    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)

    def find(self, loc: Loc, *, prefer_key: bool = False) -> Mark | None:
        """The closest known place for ``loc``, walking up to a parent if needed."""
        probe = tuple(loc)
        if prefer_key and probe in self.keys:
            return self.keys[probe]
        while True:
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return None
            probe = probe[:-1]


def _mark(obj: Any) -> Mark:
    """The 1-based start of a node or an event (both always carry one)."""
    return obj.start_mark.line + 1, obj.start_mark.column + 1


@dataclass
class _Open:
    """A mapping or list whose children are still arriving."""

    node: yaml.MappingNode | yaml.SequenceNode
    loc: Loc
    record: bool
    key: yaml.Node | None = None
    seen: dict[object, Mark] = field(default_factory=dict)


class _Refused(Exception):
    """Stop composing: the problem has been recorded."""


class _Composer:
    """Builds the node tree from events, checking the limits as it goes."""

    def __init__(self, loader: Any, where: str) -> None:
        self.loader = loader
        self.where = where
        self.smap = SourceMap()
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        self.count = 0

    def refuse(self, message: str, at: yaml.Event, hint: str) -> _Refused:
        line, column = _mark(at)
        self.problems.append(
            Problem(message, where=self.where, line=line, column=column, hint=hint)
        )
        return _Refused()

    def compose(self) -> yaml.Node | None:
        root: yaml.Node | None = None
        documents = 0
        while True:
            event = self.loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return root
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.refuse(
                        "the file holds more than one YAML document", event,
                        "remove the second `---` line: one file is one bank")
            elif isinstance(event, yaml.AliasEvent):
                raise self.refuse(
                    f"YAML aliases (*{event.anchor}) are not allowed here", event,
                    "write the value out in full; aliases can make a small file "
                    "expand enormously")
            elif isinstance(event, yaml.CollectionEndEvent):
                closed = self.stack.pop()
                closed.node.end_mark = event.end_mark
            elif isinstance(event, yaml.NodeEvent):
                node = self.node(event)
                loc: Loc = ()
                if not self.stack:
                    root, record = node, True
                    self.smap.values[()] = _mark(node)
                else:
                    parent = self.stack[-1]
                    # Places inside a complex key (``? [a, b]``) are never looked up.
                    record = parent.record and not self.is_key(parent)
                    loc = self.attach(node, parent)
                if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
                    self.stack.append(_Open(node, loc, record))

    def node(self, event: Any) -> yaml.Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.refuse(
                f"the file holds more than {MAX_NODES:,} values", event,
                "split it into smaller banks")
        if len(self.stack) >= MAX_DEPTH:
            raise self.refuse(
                f"the values are nested more than {MAX_DEPTH} levels deep", event,
                "a bank needs only a few levels: questions, then each question's fields")
        tag = event.tag
        start: Any = event.start_mark
        end: Any = event.end_mark
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag in _NUMBER_TAGS and len(event.value) > MAX_NUMBER_CHARS:
                raise self.refuse(
                    f"this number is {len(event.value):,} characters long", event,
                    "use a small number, or put quotes around text")
            return yaml.ScalarNode(tag, event.value, start, end,
                                   style=event.style)
        kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        return kind(tag, [], start, None, flow_style=event.flow_style)

    @staticmethod
    def is_key(parent: _Open) -> bool:
        """Whether the next child of ``parent`` is a mapping key."""
        return isinstance(parent.node, yaml.MappingNode) and parent.key is None

    def attach(self, node: yaml.Node, parent: _Open) -> Loc:
        """Add ``node`` to ``parent`` and return its place (a key's is its mapping's)."""
        if isinstance(parent.node, yaml.SequenceNode):
            parent.node.value.append(node)
            loc: Loc = (*parent.loc, len(parent.node.value) - 1)
            if parent.record:
                self.smap.values[loc] = _mark(node)
            return loc
        if parent.key is None:
            parent.key = node
            return parent.loc
        key_node, parent.key = parent.key, None
        parent.node.value.append((key_node, node))
        key = _key_of(key_node)
        loc = (*parent.loc, key)
        if not parent.record:
            return loc
        if key in parent.seen:
            line, column = _mark(key_node)
            self.problems.append(Problem(
                f"key {key!r} appears twice in this mapping "
                f"(first at line {parent.seen[key][0]})",
                where=self.where, field=field_path(loc), line=line, column=column,
                hint="keep one of them; YAML would silently drop the first"))
        parent.seen[key] = _mark(key_node)
        self.smap.keys[loc] = _mark(key_node)
        self.smap.values[loc] = _mark(node)
        return loc


def _key_of(key_node: yaml.Node) -> str:
    if isinstance(key_node, yaml.ScalarNode):
        return str(key_node.value)
    line, column = _mark(key_node)
    return f"<complex key at {line}:{column}>"


def parse_yaml(text: str, where: str) -> tuple[Any, SourceMap, list[Problem]]:
    """Parse one YAML document, returning its data, a source map and any problems.

    Nothing is returned when anything is wrong: the data is ``None`` and every
    problem found carries ``where`` and its line and column.
    """
    composer = _Composer(_Loader(text), where)
    empty = SourceMap()
    try:
        node = composer.compose()
        if composer.problems:
            return None, empty, composer.problems
        if node is None:
            return None, empty, [Problem(
                "the file is empty", where=where, line=1, column=1,
                hint="add a mapping with `title:` and `questions:`")]
        data = composer.loader.construct_document(node)
    except _Refused:
        return None, empty, composer.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        return None, empty, [Problem(
            f"YAML syntax error: {what}", where=where,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check indentation, colons and quotes around text that contains ': ' or '#'",
        )]
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        # ValueError: e.g. a date that does not exist (2024-02-30).
        return None, empty, [Problem(f"YAML error: {exc}", where=where,
                                     hint="check the syntax")]
    finally:
        composer.loader.dispose()
    return data, composer.smap, []
