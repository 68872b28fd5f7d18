"""handshake-doctor: find out why a handshake failed.

The Python API mirrors the CLI and returns the same objects the CLI renders::

    import handshake_doctor as hd
    diag = hd.explain("avrdude: stk500_recv(): not in sync: resp=0x68")
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
    """Decode an error line, hex bytes or a status word (offline, pure)."""
    from .engine import explain as _explain

    return _explain(text)


def probe(target: str, **options: Any) -> "Diagnosis":
    """Probe a target (``https://…``, ``tls://…``, ``tcp://…``, ``serial://…``, ``pcsc://…``, ``usb://…``).

    Keyword options are the CLI's long options with dashes as underscores (``timeout=2``,
    ``sni="example.test"``, ``ca_file=...``).
    """
    from .api import probe as _probe

    return _probe(target, **options)


__all__ = ["explain", "probe", "__version__"]
