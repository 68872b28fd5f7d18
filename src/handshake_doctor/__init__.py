"""handshake-doctor: find out why a handshake failed.

The Python API mirrors the CLI and returns the same objects the CLI renders::

    import handshake_doctor as hd
    diag = hd.explain("avrdude: stk500_recv(): not in sync: resp=0x68")
    diag = hd.explain_file("flash.log")            # or hd.explain_stream(sys.stdin)
    diag.findings[0].code        # 'bootloader.avr.sketch_running'
    diag.to_dict()               # the --json document

Imports are lazy so that ``hsdoctor explain`` starts fast.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from .model import Diagnosis


def explain(text: str) -> "Diagnosis":
    """Decode an error line, hex bytes, a status word or a whole log (offline, pure).

    A long text (many lines, or more than 60 000 characters) is read as a log: the decisive
    lines are kept wherever they are and the notes say what was skipped."""
    from .engine import explain as _explain

    return _explain(text)


def explain_file(path: str) -> "Diagnosis":
    """Explain a log file, read line by line in bounded memory (``hsdoctor explain --file LOG``)."""
    from .api import explain_file as _explain_file

    return _explain_file(path)


def explain_stream(stream: Any) -> "Diagnosis":
    """Explain a binary or text stream (an open file, ``sys.stdin``, a pipe), read to its end in
    bounded memory (``hsdoctor explain -``). The caller opens and closes the stream."""
    from .api import explain_stream as _explain_stream

    return _explain_stream(stream)


def probe(target: str, **options: Any) -> "Diagnosis":
    """Probe a target (``https://…``, ``tls://…``, ``tcp://…``, ``serial://…``, ``pcsc://…``, ``usb://…``).

    Keyword options are the CLI's long options with dashes as underscores (``timeout=2``,
    ``sni="example.test"``, ``ca_file=...``).
    """
    from .api import probe as _probe

    return _probe(target, **options)


__all__ = ["explain", "explain_file", "explain_stream", "probe", "__version__"]
