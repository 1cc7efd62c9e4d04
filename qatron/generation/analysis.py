"""What a module's functions test: parameters, boundaries, partitions, raises and paths (ast).

``analyse_source`` reads a module's source and returns, per function and method, what the
input strategies need: the parameters with their defaults and annotations, the constants
the code compares parameters with (boundaries), the types ``isinstance`` checks and the
collections ``in`` checks (partitions), the exceptions it raises and its branches, loops
and early returns (paths). Nothing is imported or run here.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

__all__ = ["Boundary", "FunctionInfo", "ModuleInfo", "Option", "Param", "Partition",
           "analyse_source"]


@dataclass(frozen=True)
class Param:
    """One parameter: ``default`` and ``annotation`` as source text (None: none given)."""

    name: str
    kind: str  # "positional", "keyword", "var_positional", "var_keyword"
    default: str | None = None
    annotation: str | None = None

    @property
    def optional(self) -> bool:
        """Whether None is an allowed value (a None default or an Optional annotation)."""
        text = self.annotation or ""
        return self.default == "None" or "None" in text or "Optional" in text


@dataclass(frozen=True)
class Boundary:
    """``subject op constant``: ``subject`` is the parameter compared (``len(p)`` → ``p``
    with ``of_length``); ``constant`` is a literal or a module-level name."""

    subject: str
    op: str
    constant: object
    source: str
    of_length: bool = False
    named: str | None = None


@dataclass(frozen=True)
class Partition:
    """A class of inputs: ``isinstance(subject, types)``, ``subject in collection`` or
    ``subject == constant``; ``values`` are literal members, ``named`` a module name."""

    subject: str
    kind: str  # "type", "member", "equals", "prefix"
    values: tuple[object, ...] = ()
    named: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Option:
    """A command-line option an argument parser declares: ``flags`` (``("-r",
    "--reverse")``, or ``()`` for a positional), whether it takes a value, its ``choices``."""

    name: str
    flags: tuple[str, ...]
    takes_value: bool
    choices: tuple[object, ...] = ()
    type_name: str | None = None


@dataclass
class FunctionInfo:
    """A function or method of the module and what its body tests."""

    qualname: str
    lineno: int
    end_lineno: int
    params: list[Param]
    class_name: str | None = None
    is_static: bool = False
    returns: str | None = None
    boundaries: list[Boundary] = field(default_factory=list)
    partitions: list[Partition] = field(default_factory=list)
    raises: list[str] = field(default_factory=list)
    branches: int = 0
    loops: int = 0
    early_returns: int = 0
    #: The names its body reads (module tables and functions among them).
    reads: set[str] = field(default_factory=set)
    #: Whether it reads the command line (``sys.argv``, ``parse_args()`` without a list).
    reads_argv: bool = False

    @property
    def name(self) -> str:
        return self.qualname.rsplit(".", 1)[-1]

    @property
    def is_method(self) -> bool:
        return self.class_name is not None and not self.is_static


@dataclass
class ModuleInfo:
    """Every testable function of a module, its enums and module-level constants' names;
    ``helpers`` are the line spans of its private module-level functions, ``options`` the
    command-line options its argument parsers declare."""

    functions: list[FunctionInfo]
    enums: list[str]
    classes: list[str]
    helpers: dict[str, tuple[int, int]] = field(default_factory=dict)
    helper_reads: dict[str, set[str]] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)

    def reads(self, info: FunctionInfo) -> set[str]:
        """The names ``info`` reads, directly or through the module's functions it calls."""
        own = {f.qualname: f.reads for f in self.functions if f.class_name is None}
        every = {**self.helper_reads, **own}
        found, todo = set(info.reads), list(info.reads)
        while todo:
            for name in every.get(todo.pop(), set()) - found:
                found.add(name)
                todo.append(name)
        return found

    def reads_argv(self, info: FunctionInfo) -> bool:
        """Whether ``info`` reads the command line itself or through a module function."""
        readers = {f.qualname for f in self.functions if f.reads_argv}
        readers |= {name for name, reads in self.helper_reads.items() if "sys.argv" in reads}
        return info.reads_argv or bool(self.reads(info) & readers)

    def function(self, qualname: str) -> FunctionInfo:
        for info in self.functions:
            if info.qualname == qualname:
                return info
        names = ", ".join(info.qualname for info in self.functions) or "none"
        raise KeyError(f"no function {qualname!r} in the module; it has: {names}")


_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
        ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}
_ENUM_BASES = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"}


def analyse_source(source: str) -> ModuleInfo:
    """The functions (public ones, and methods of public classes) of ``source``."""
    tree = ast.parse(source)
    functions: list[FunctionInfo] = []
    enums: list[str] = []
    classes: list[str] = []
    helpers: dict[str, tuple[int, int]] = {}
    helper_reads: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            functions.append(_function(node, None))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            helpers[node.name] = (node.lineno, node.end_lineno or node.lineno)
            helper_reads[node.name] = _reads(node)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            bases = {ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases}
            if bases & _ENUM_BASES:
                enums.append(node.name)
                continue
            classes.append(node.name)
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and _testable_method(item):
                    functions.append(_function(item, node.name))
    return ModuleInfo(functions, enums, classes, helpers, helper_reads, _options(tree))


def _reads(node: ast.AST) -> set[str]:
    """The names a function reads; ``sys.argv`` too when it reads the command line."""
    found = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Load)}
    if any(_reads_command_line(inner) for inner in ast.walk(node)):
        found.add("sys.argv")
    return found


def _reads_command_line(node: ast.AST) -> bool:
    """``sys.argv``, or ``parser.parse_args()`` without the list to parse."""
    if isinstance(node, ast.Attribute):
        return ast.unparse(node) == "sys.argv"
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
        and node.func.attr in ("parse_args", "parse_known_args") and not node.args \
        and not any(k.arg == "args" for k in node.keywords)


def _options(tree: ast.AST) -> list[Option]:
    """The options of every ``add_argument``/``add_option`` call of the module."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("add_argument", "add_option")):
            continue
        names = [a.value for a in node.args if isinstance(a, ast.Constant)
                 and isinstance(a.value, str)]
        if not names:
            continue
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        action = keywords.get("action")
        action_name = action.value if isinstance(action, ast.Constant) else None
        flags = tuple(n for n in names if n.startswith("-"))
        choices = _literals(keywords["choices"]) if "choices" in keywords else ()
        type_node = keywords.get("type")
        found.append(Option(
            names[-1].lstrip("-"), flags,
            not flags or action_name not in ("store_true", "store_false", "count", "help",
                                             "version", "store_const", "append_const"),
            choices, ast.unparse(type_node) if type_node is not None else None))
    return found


def _testable_method(node: ast.FunctionDef) -> bool:
    decorators = {ast.unparse(d) for d in node.decorator_list}
    if decorators - {"staticmethod"}:
        return False  # properties, classmethods, wrapped methods: not called plainly
    return node.name == "__init__" or not node.name.startswith("_")


def _function(node: ast.FunctionDef, class_name: str | None) -> FunctionInfo:
    is_static = any(ast.unparse(d) == "staticmethod" for d in node.decorator_list)
    params = _params(node.args)
    if class_name is not None and not is_static:
        params = params[1:]  # self
    info = FunctionInfo(
        qualname=f"{class_name}.{node.name}" if class_name else node.name,
        lineno=node.lineno, end_lineno=node.end_lineno or node.lineno, params=params,
        class_name=class_name, is_static=is_static,
        returns=ast.unparse(node.returns) if node.returns else None)
    names = {param.name for param in params}
    _Visitor(info, names).visit_body(node.body)
    info.reads = _reads(node)
    info.reads_argv = "sys.argv" in info.reads
    return info


def _params(args: ast.arguments) -> list[Param]:
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    params = [_param(arg, "positional", default)
              for arg, default in zip(positional, defaults, strict=True)]
    if args.vararg:
        params.append(_param(args.vararg, "var_positional", None))
    params += [_param(arg, "keyword", default)
               for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=False)]
    if args.kwarg:
        params.append(_param(args.kwarg, "var_keyword", None))
    return params


def _param(arg: ast.arg, kind: str, default: ast.expr | None) -> Param:
    return Param(arg.arg, kind, ast.unparse(default) if default is not None else None,
                 ast.unparse(arg.annotation) if arg.annotation is not None else None)


class _Visitor(ast.NodeVisitor):
    """Collects the body's comparisons, checks, raises, branches, loops and returns."""

    def __init__(self, info: FunctionInfo, names: set[str]) -> None:
        self.info = info
        self.names = names
        self.aliases: dict[str, str] = {}  # local = f(param) -> param

    def visit_body(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.visit(statement)

    def visit_Assign(self, node: ast.Assign) -> None:
        source = _subject(node.value, self.names | set(self.aliases))
        if source:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.aliases[target.id] = self.aliases.get(source[0], source[0])
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        self.info.branches += 1
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.info.branches += 1
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self.info.loops += 1
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        self.info.loops += 1
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        self.info.early_returns += 1
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        if node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = ast.unparse(target)
            if name not in self.info.raises:
                self.info.raises.append(name)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        return  # nested functions are not the function's own paths

    def visit_Call(self, node: ast.Call) -> None:
        func = ast.unparse(node.func)
        if func == "isinstance" and len(node.args) == 2:
            subject = self._subject(node.args[0])
            if subject:
                types = node.args[1].elts if isinstance(node.args[1], ast.Tuple) \
                    else [node.args[1]]
                self.info.partitions.append(Partition(
                    subject[0], "type", tuple(ast.unparse(t) for t in types),
                    source=ast.unparse(node)))
        elif func.endswith(".startswith") or func.endswith(".endswith"):
            subject = self._subject(node.func.value) if isinstance(node.func, ast.Attribute) \
                else None
            if subject and node.args:
                values = _literals(node.args[0])
                if values:
                    self.info.partitions.append(Partition(subject[0], "prefix", values,
                                                          source=ast.unparse(node)))
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=False):
            self._compare(left, op, right, node)
            left = right
        self.generic_visit(node)

    def _subject(self, node: ast.expr) -> tuple[str, bool] | None:
        found = _subject(node, self.names | set(self.aliases))
        if found is None:
            return None
        return self.aliases.get(found[0], found[0]), found[1]

    def _compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr, whole: ast.AST) -> None:
        symbol = _OPS.get(type(op))
        if symbol is None:
            return
        source = ast.unparse(whole)
        if symbol in ("in", "not in"):
            subject = self._subject(left)
            if subject:
                values = _literals(right)
                named = ast.unparse(right) if isinstance(right, (ast.Name, ast.Attribute)) \
                    else None
                if values or named:
                    self.info.partitions.append(
                        Partition(subject[0], "member", values, named, source))
            return
        for this, other, flipped in ((left, right, False), (right, left, True)):
            subject = self._subject(this)
            if subject is None:
                continue
            constant = _constant(other)
            if constant is _NONE:
                return
            name = ast.unparse(other) if isinstance(other, (ast.Name, ast.Attribute)) \
                else None
            op_text = _flip(symbol) if flipped else symbol
            if symbol in ("==", "!=", "is", "is not") and not subject[1]:
                values = () if name else (constant,)
                self.info.partitions.append(
                    Partition(subject[0], "equals", values, name, source))
            self.info.boundaries.append(
                Boundary(subject[0], op_text, constant, source, subject[1], name))
            return


_NONE = object()


def _constant(node: ast.expr) -> object:
    """A literal's value, a module constant's name as ``Name`` (resolved later), or _NONE."""
    if isinstance(node, (ast.Name, ast.Attribute)):
        return None if ast.unparse(node) == "None" else ast.unparse(node)
    try:
        return ast.literal_eval(node)
    except ValueError:
        return _NONE


def _literals(node: ast.expr) -> tuple[object, ...]:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        values = []
        for element in node.elts:
            try:
                values.append(ast.literal_eval(element))
            except ValueError:
                return ()
        return tuple(values)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    return ()


def _subject(node: ast.expr, names: set[str]) -> tuple[str, bool] | None:
    """The parameter an expression is about, and whether it is its ``len``.

    ``p``, ``len(p)``, ``p.strip()``, ``p[:2]``, ``int(p)``, ``p.attr``: all about ``p``.
    """
    if isinstance(node, ast.Name):
        return (node.id, False) if node.id in names else None
    if isinstance(node, ast.Call):
        func = ast.unparse(node.func)
        if func == "len" and len(node.args) == 1:
            inner = _subject(node.args[0], names)
            return (inner[0], True) if inner else None
        if func in ("int", "float", "str", "abs") and len(node.args) == 1:
            inner = _subject(node.args[0], names)
            return (inner[0], False) if inner and not inner[1] else None
        if isinstance(node.func, ast.Attribute):
            return _subject(node.func.value, names)
        if node.args:  # helper(p, ...): a value derived from p (checked, converted)
            inner = _subject(node.args[0], names)
            return (inner[0], False) if inner and not inner[1] else None
        return None
    if isinstance(node, (ast.Subscript, ast.Attribute)):
        inner = _subject(node.value, names)
        return (inner[0], False) if inner and not inner[1] else None
    if isinstance(node, ast.BinOp):
        inner = _subject(node.left, names)
        return inner if inner is not None and isinstance(node.right, ast.Constant) else None
    return None


def _flip(op: str) -> str:
    return {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
