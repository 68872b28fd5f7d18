"""The judge of the passive phase: the listening windows of a transcript in, findings out. Pure.

The live probe listens (at one rate, then at the rates the evidence points to) and writes down,
in the transcript's ``meta["passive"]``, which window it judged and what the user had asked (the
rate named, the framing named, the rate first listened at), with how long it listened there. The
bytes themselves are the window's RX exchange. This function turns that into findings, so the
live run and a replay of its transcript give the same findings.
"""

from __future__ import annotations

from ...model import Finding
from . import probe_findings as pf
from .parmrk import unmark
from .probe_passive import PassiveVerdict, classify

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...transcript import Transcript


def values(raw: bytes, marked: bool) -> tuple[bytes, frozenset[int] | None]:
    """The byte values of a window read with PARMRK marking (when ``marked``), and the indices in error."""
    if not marked:
        return raw, None
    u = unmark(raw)
    return u.values, u.errors


def confirms(w: PassiveVerdict | None) -> bool:
    """A confirming window at the framing the errors pointed to: readable and clean."""
    return w is not None and w.readable and w.errors <= 0


def apply_parity_confirmation(v: PassiveVerdict, w: PassiveVerdict | None, rate: int) -> str:
    """The line label after the re-listen at 8 data bits with the parity the errors showed."""
    if w is not None and w.readable and w.errors == 0:
        v.parity_confirmed = True
        return f"{rate} 8{v.device_parity}1"
    return f"{rate} 8N1"


def apply_seven_bit_confirmation(v: PassiveVerdict, w: PassiveVerdict | None) -> None:
    if confirms(w):
        assert w is not None
        v.parity_confirmed, v.text, v.nmea = True, w.text or v.text, w.nmea


def judge_passive(transcript: Transcript) -> list[Finding]:
    """The passive phase's findings, from the window the listener judged (none when it judged none)."""
    d = transcript.meta.get("passive")
    if not isinstance(d, dict):
        return []
    ex = transcript.exchanges

    def window(at: object) -> bytes | None:
        """A window's bytes, or None for an index that is not one (a hand-edited file)."""
        ok = isinstance(at, int) and not isinstance(at, bool) and 0 <= at < len(ex)
        return ex[at].data if ok else None  # type: ignore[index]

    marked = bool(d.get("marked"))
    first = window(d.get("window"))
    label = d.get("label")
    rate_here = _rate(d.get("rate_here"))
    if first is None or not isinstance(label, str) or rate_here is None:
        return []
    v = classify(*values(first, marked))
    confirmations = d.get("confirmations") or []
    for c in confirmations if isinstance(confirmations, list) else []:  # the re-listens, in the live order
        if not isinstance(c, dict):
            continue
        got = window(c.get("window"))
        w = classify(*values(got, marked)) if got is not None else None
        if c.get("kind") == "parity":
            label = apply_parity_confirmation(v, w, rate_here)
        elif label.endswith("8N1"):
            apply_seven_bit_confirmation(v, w)
    heard = d.get("heard")
    return pf.passive_finding(v, str(d.get("where", "")), label, float(heard) if isinstance(heard, (int, float)) else 0.0,
                              _rate(d.get("asked")), _rate(d.get("found")), _rate(d.get("rate")), named=bool(d.get("named")))


def _rate(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000_000 else None
