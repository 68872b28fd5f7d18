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
    marked = bool(d.get("marked"))
    v = classify(*values(ex[int(d["window"])].data, marked))
    label = str(d["label"])
    for c in d.get("confirmations") or []:  # the re-listens, in the order the live probe made them
        at = c.get("window")
        w = classify(*values(ex[int(at)].data, marked)) if at is not None else None
        if c["kind"] == "parity":
            label = apply_parity_confirmation(v, w, int(d["rate_here"]))
        elif label.endswith("8N1"):
            apply_seven_bit_confirmation(v, w)
    return pf.passive_finding(v, str(d["where"]), label, float(d["heard"]), d.get("asked"), d.get("found"), d.get("rate"),
                              named=bool(d.get("named")))
