"""Time to the right rate (and framing): our serial probe against baudrate.py's published rule.

baudrate.py (devttys0/baudrate, and the v3.0 Python-3 fork) is what a user reaches for when a
UART says nothing readable. Its rule (facts/serial.md §2.7), implemented here as the baseline and
nowhere in the product:

* rates 1200 1800 2400 4800 9600 38400 19200 57600 115200, walked from the end (115200 first);
* at each rate, 8N1, read one byte at a time; a printable byte (' '..'~', TAB, CR, LF) counts,
  any other byte resets every counter;
* the rate is declared when 25 bytes have counted and at least one whitespace, one punctuation
  mark (.,:;?!) and one vowel were among them; a 5 s read timeout or 5 s without success moves
  to the next rate. It only listens, and only at 8N1.

(The v3.0 code compares pyserial's ``bytes`` with a list of ``str``, so as published it never
detects anything; the baseline here is the rule as intended, with that bug fixed, which is the
fairest comparison.)

Both sides face the same in-process simulators (``hsdsim://``, with the UART line model: a host
at the wrong rate reads what real hardware would give it), one device per case, a fresh simulator
per run. Ours is ``handshake_doctor.probe("serial://hsdsim://...")`` with no rate given and the
default --timeout 5; it is right when its top finding's ``data.baud`` / ``data.framing`` are the
device's (for an autobauding ROM any rate it answered at counts).

    .venv/bin/python bench/serial_baud.py [--per-rate 5] [--only chatter] [--out bench/results/serial_baud.json]

The baseline needs up to 9 x 5 s = 45 s per device that prints nothing; a full run takes about
six minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import serial  # noqa: E402

import handshake_doctor  # noqa: E402
from handshake_doctor.simulate.url import register  # noqa: E402

# ------------------------------------------------------------------------- the baseline's rule
BAUDRATE_PY_RATES = (1200, 1800, 2400, 4800, 9600, 38400, 19200, 57600, 115200)  # v3.0 list, walked from the end
READ_TIMEOUT_S = 5.0
MIN_COUNT = 25
_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0D, 0x0A}
_WHITESPACE = frozenset(b" \t\r\n")
_PUNCTUATION = frozenset(b".,:;?!")
_VOWELS = frozenset(b"aeiouAEIOU")


def baudrate_py(url: str, per_rate: float = READ_TIMEOUT_S) -> tuple[int | None, float, int]:
    """(declared rate or None, seconds, rates tried) by baudrate.py's rule."""
    t0 = time.monotonic()
    port = serial.serial_for_url(url, baudrate=BAUDRATE_PY_RATES[-1], timeout=per_rate)
    tried = 0
    try:
        for rate in reversed(BAUDRATE_PY_RATES):
            tried += 1
            port.baudrate = rate
            port.reset_input_buffer()
            count, ws, punct, vowel = 0, False, False, False
            start = time.monotonic()
            while time.monotonic() - start < per_rate:
                b = port.read(1)
                if not b:
                    break  # a read timeout: next rate
                c = b[0]
                if c not in _PRINTABLE:
                    count, ws, punct, vowel = 0, False, False, False
                    continue
                count += 1
                ws |= c in _WHITESPACE
                punct |= c in _PUNCTUATION
                vowel |= c in _VOWELS
                if count >= MIN_COUNT and ws and punct and vowel:
                    return rate, time.monotonic() - t0, tried
    finally:
        port.close()
    return None, time.monotonic() - t0, tried


# ------------------------------------------------------------------------------------ the cases
@dataclass(frozen=True)
class Case:
    name: str
    url: str  # hsdsim:// device and its settings
    baud: int | None  # the device's rate; None: it autobauds, any rate it answers at is right
    framing: str
    talks: bool  # prints on its own (a passive method can see it at all)


#: A log line as firmware prints it, once a second: punctuation and vowels, so baudrate.py's rule
#: can accept it. (A bare "hello" has no punctuation mark, and the rule never accepts it: one case
#: below shows that.) The U-Boot banner is dropped, so both sides see only the periodic line.
LOG = "banner=&text=%5B%20%20%201.234%5D%20sensor%20ready,%20temp%3D21.5%20C.%5Cr%5Cn"

CASES: tuple[Case, ...] = (
    # 8N1
    Case("console 115200 8N1", f"chatter?baud=115200&{LOG}", 115200, "8N1", True),
    Case("console 57600 8N1", f"chatter?baud=57600&{LOG}", 57600, "8N1", True),
    Case("console 9600 8N1", f"chatter?baud=9600&{LOG}", 9600, "8N1", True),
    Case("bare 'hello' 115200 8N1", "chatter?baud=115200&banner=", 115200, "8N1", True),
    Case("GPS 9600 8N1", "gps?baud=9600", 9600, "8N1", True),
    Case("GPS 4800 8N1", "gps?baud=4800", 4800, "8N1", True),
    Case("AVR sketch 57600 8N1", "avr?mode=sketch&baud=57600&period=0.5", 57600, "8N1", True),
    Case("ESP32 boot log 115200 8N1", "esp32?mode=boot-log&period=1", 115200, "8N1", True),
    Case("Optiboot 57600 8N1", "avr?baud=57600", 57600, "8N1", False),
    Case("AT modem 19200 8N1", "modem?baud=19200", 19200, "8N1", False),
    Case("ESP32 ROM (autobaud) 8N1", "esp32", None, "8N1", False),
    # 8E1
    Case("console 9600 8E1", f"chatter?baud=9600&framing=8E1&{LOG}", 9600, "8E1", True),
    Case("console 38400 8E1", f"chatter?baud=38400&framing=8E1&{LOG}", 38400, "8E1", True),
    Case("STM32 ROM 57600 8E1 (fixed rate)", "stm32?baud=57600&no-autobaud=1", 57600, "8E1", False),
    Case("M-Bus meter 2400 8E1", "mbus", 2400, "8E1", False),
    Case("DL/T 645 meter 2400 8E1", "dlt645", 2400, "8E1", False),
    # 7-bit (7E1): text with the parity bit as bit 7 at 8N1; a modem and an optical meter port
    Case("console 9600 7E1", f"chatter?baud=9600&framing=7E1&{LOG}", 9600, "7E1", True),
    Case("AT modem 9600 7E1", "modem?baud=9600&framing=7E1", 9600, "7E1", False),
    Case("IEC 62056-21 meter 300 7E1", "iec62056", 300, "7E1", False),
)


@dataclass
class Result:
    case: str
    tool: str
    seconds: float
    rate: int | None
    framing: str | None
    rate_ok: bool
    framing_ok: bool
    said: str


def run_ours(case: Case, timeout: float) -> Result:
    t0 = time.monotonic()
    diag = handshake_doctor.probe(f"serial://hsdsim://{case.url}", timeout=timeout)
    took = time.monotonic() - t0
    top = diag.findings[0] if diag.findings else None
    data = top.data if top else {}
    rate = data.get("baud") if isinstance(data.get("baud"), int) else None
    framing = str(data["framing"]) if "framing" in data else None
    named_device = top is not None and top.code not in ("serial.silent", "serial.baud_mismatch") and rate is not None
    rate_ok = named_device and (case.baud is None or rate == case.baud)
    return Result(case.name, "hsdoctor", took, rate, framing, rate_ok, rate_ok and framing == case.framing,
                  f"{top.code}: {top.summary}" if top else "(no finding)")


def run_baseline(case: Case, per_rate: float) -> Result:
    rate, took, tried = baudrate_py(f"hsdsim://{case.url}", per_rate)
    rate_ok = rate is not None and (case.baud is None or rate == case.baud)
    said = f"declared {rate} after {tried} rate(s)" if rate else f"nothing after {tried} rates"
    return Result(case.name, "baudrate.py rule", took, rate, "8N1" if rate else None, rate_ok, rate_ok and case.framing == "8N1", said)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-rate", type=float, default=READ_TIMEOUT_S, help="baseline seconds per rate (published: 5)")
    ap.add_argument("--timeout", type=float, default=5.0, help="our probe's --timeout")
    ap.add_argument("--only", default="", help="run the cases whose name contains this text")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "serial_baud.json"))
    opts = ap.parse_args()
    register()
    results: list[Result] = []
    cases = [c for c in CASES if opts.only.lower() in c.name.lower()]
    print(f"{'case':<34} {'tool':<17} {'time s':>7}  {'rate':>6} {'framing':>7}  ok(rate/+framing)  said")
    for case in cases:
        for res in (run_ours(case, opts.timeout), run_baseline(case, opts.per_rate)):
            results.append(res)
            ok = ("yes" if res.rate_ok else "no") + "/" + ("yes" if res.framing_ok else "no")
            print(f"{res.case:<34} {res.tool:<17} {res.seconds:>7.2f}  {res.rate or '-':>6} {res.framing or '-':>7}  {ok:<17}  {res.said[:90]}", flush=True)
    summary: dict[str, object] = {}
    for tool in ("hsdoctor", "baudrate.py rule"):
        mine = [r for r in results if r.tool == tool]
        summary[tool] = {
            "cases": len(mine),
            "rate_right": sum(r.rate_ok for r in mine),
            "rate_and_framing_right": sum(r.framing_ok for r in mine),
            "median_s_when_right": statistics.median([r.seconds for r in mine if r.rate_ok]) if any(r.rate_ok for r in mine) else None,
            "total_s": sum(r.seconds for r in mine),
        }
    both = [(o, b) for o, b in zip(results[0::2], results[1::2]) if o.rate_ok and b.rate_ok]
    if both:
        summary["speedup_where_both_right_median"] = statistics.median(b.seconds / o.seconds for o, b in both)
    print(json.dumps(summary, indent=2))
    out = Path(opts.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"per_rate_s": opts.per_rate, "results": [asdict(r) for r in results], "summary": summary}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
