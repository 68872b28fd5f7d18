"""``@record``: the subset of ``@dataclass`` this project uses, at a twentieth of the import cost.

Why not dataclasses: ``hsdoctor explain`` imports every domain's knowledge tables on each run,
and the start-up budget is 2.5x a bare interpreter (bench/cold_start.py). Measured on this
project's machine, ``@dataclass(frozen=True)`` costs ~0.7 ms per class (six generated methods,
each compiled with ``exec``) plus ~9 ms to import ``dataclasses`` (it pulls in ``inspect``);
with ~50 row and result classes that alone was three times the budget. ``@record`` generates one
method (``__init__``) with one ``exec``; ``__repr__``, ``__eq__``, ``__hash__`` and immutability
are shared functions. Semantics kept: positional/keyword construction in field order, defaults,
``field(default_factory=...)``, ``__post_init__``, ``frozen``, value equality, ``asdict``,
``replace``, ``fields``. Not supported (not used here): ordering, InitVar, kw_only, slots.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time
    from typing import Any, Callable

from . import startcache

__all__ = ["record", "field", "asdict", "replace", "fields", "is_record", "FrozenInstanceError"]


class FrozenInstanceError(AttributeError):
    """Raised when assigning to a field of a frozen record (as dataclasses does)."""


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    __slots__ = ("name", "default", "default_factory")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default: Any = MISSING, default_factory: Any = MISSING) -> Any:
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory)


def _is_classvar(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _repr(self: Any) -> str:
    body = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__record_fields__)
    return f"{type(self).__qualname__}({body})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return all(getattr(self, f.name) == getattr(other, f.name) for f in self.__record_fields__)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, f.name) for f in self.__record_fields__))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    if name in self.__record_names__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    if name in self.__record_names__:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _process(cls: type, frozen: bool, eq: bool) -> type:
    inherited: list[Field] = []
    for base in reversed(cls.__mro__[1:]):
        for f in getattr(base, "__record_fields__", ()):
            inherited = [g for g in inherited if g.name != f.name] + [f]
    own: list[Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        f = value if isinstance(value, Field) else Field(default=value)
        f.name = name
        if isinstance(value, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        own.append(f)
    all_fields = [f for f in inherited if f.name not in {g.name for g in own}] + own
    seen_default = False
    params: list[str] = []
    lines: list[str] = []
    env: dict[str, Any] = {"MISSING": MISSING, "__setattr": object.__setattr__}
    for i, f in enumerate(all_fields):
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        seen_default = seen_default or has_default
        if f.default_factory is not MISSING:
            env[f"_f{i}"] = f.default_factory
            params.append(f"{f.name}=MISSING")
            value = f"_f{i}() if {f.name} is MISSING else {f.name}"
        elif f.default is not MISSING:
            env[f"_d{i}"] = f.default
            params.append(f"{f.name}=_d{i}")
            value = f.name
        else:
            params.append(f.name)
            value = f.name
        lines.append(f"  __setattr(self, {f.name!r}, {value})" if frozen else f"  self.{f.name} = {value}")
    if "__post_init__" in cls.__dict__ or any(hasattr(b, "__post_init__") for b in cls.__mro__[1:]):
        lines.append("  self.__post_init__()")
    src = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(lines) or "  pass") + "\n"
    key = ("record-init", src)
    code = startcache.get(key)
    if code is None:  # compiling is most of a class's cost: keep the code object between runs
        code = compile(src, f"<record {cls.__qualname__}>", "exec")
        startcache.put(key, code)
    exec(code, env)  # one small exec per class, of cached byte-code
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    cls.__record_fields__ = tuple(all_fields)  # type: ignore[attr-defined]
    cls.__record_names__ = frozenset(f.name for f in all_fields)  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(f.name for f in all_fields)  # type: ignore[attr-defined]
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if eq and "__eq__" not in cls.__dict__:
        cls.__eq__ = _eq  # type: ignore[assignment]
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
    if frozen:
        cls.__setattr__ = _frozen_setattr  # type: ignore[assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[assignment]
    return cls


def record(cls: type | None = None, /, *, frozen: bool = False, eq: bool = True, repr: bool = True) -> Any:
    """Decorate a class like ``@dataclass`` / ``@dataclass(frozen=True)``."""

    def wrap(c: type) -> type:
        return _process(c, frozen, eq)

    return wrap if cls is None else wrap(cls)


def is_record(obj: Any) -> bool:
    return hasattr(type(obj) if not isinstance(obj, type) else obj, "__record_fields__")


def fields(obj: Any) -> tuple[Field, ...]:
    return (type(obj) if not isinstance(obj, type) else obj).__record_fields__  # type: ignore[no-any-return]


_PLAIN = frozenset((str, int, float, bool, type(None), bytes))


_NAMES: dict[type, Any] = {}  # record class -> its field names (None: not a record class)


def asdict(obj: Any) -> Any:
    """Recursive conversion to plain dicts/lists (records, lists, tuples, dicts), like dataclasses.asdict.

    Why the field names are cached per class and the leaves tested inline: analyze converts one
    Diagnosis per connection of a capture (tens of thousands), and most values are plain leaves."""
    cls = obj.__class__
    if cls in _PLAIN:  # the leaves, most of the calls: nothing to convert
        return obj
    try:
        names = _NAMES[cls]
    except KeyError:
        names = _NAMES[cls] = tuple(f.name for f in cls.__record_fields__) if hasattr(cls, "__record_fields__") else None
    plain = _PLAIN
    if names is not None:
        d = {}
        for n in names:
            v = getattr(obj, n)
            d[n] = v if v.__class__ in plain else asdict(v)
        return d
    if isinstance(obj, list):
        return [x if x.__class__ in plain else asdict(x) for x in obj]
    if isinstance(obj, tuple):
        items = [asdict(x) for x in obj]
        return type(obj)(*items) if hasattr(obj, "_fields") else tuple(items)
    if isinstance(obj, dict):
        return {(k if k.__class__ in plain else asdict(k)): (v if v.__class__ in plain else asdict(v)) for k, v in obj.items()}
    return obj


def replace(obj: Any, **changes: Any) -> Any:
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    values.update(changes)
    return type(obj)(**values)
