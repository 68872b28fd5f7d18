"""@record behaves like the dataclass subset the project uses (it replaces it for start-up speed)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handshake_doctor.record import FrozenInstanceError, asdict, field, fields, is_record, record, replace


@record(frozen=True)
class Row:
    pattern: str
    meaning: str
    code: str = ""
    tags: tuple[str, ...] = ()
    source: str = "test"


@dataclasses.dataclass(frozen=True)
class RowDC:
    pattern: str
    meaning: str
    code: str = ""
    tags: tuple[str, ...] = ()
    source: str = "test"


@record
class Mutable:
    name: str
    items: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("empty")


@given(st.text(), st.text(), st.text(), st.lists(st.text(), max_size=3).map(tuple))
def test_same_as_dataclass(p: str, m: str, c: str, tags: tuple[str, ...]) -> None:
    a, b = Row(p, m, c, tags), RowDC(p, m, c, tags)
    assert asdict(a) == dataclasses.asdict(b)
    assert Row(p, m, code=c, tags=tags) == a and hash(Row(p, m, c, tags)) == hash(a)
    assert repr(a).replace("Row(", "") == repr(b).replace("RowDC(", "")


def test_frozen_defaults_factory_post_init_replace() -> None:
    r = Row("a", "b")
    with pytest.raises(FrozenInstanceError):
        r.code = "x"  # type: ignore[misc]
    assert r.source == "test" and Row.code == ""
    m1, m2 = Mutable("x"), Mutable("y")
    m1.items.append(1)
    assert m2.items == [] and m1.items == [1]
    with pytest.raises(ValueError):
        Mutable("")
    assert replace(r, code="z").code == "z" and r.code == ""
    assert [f.name for f in fields(Row)] == ["pattern", "meaning", "code", "tags", "source"]
    assert is_record(r) and not is_record(1)
    with pytest.raises(TypeError):
        Row()  # type: ignore[call-arg]


def test_non_default_after_default_is_rejected() -> None:
    with pytest.raises(TypeError):

        @record
        class Bad:
            a: int = 1
            b: int
