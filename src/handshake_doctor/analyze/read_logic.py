"""Logic-analyser recordings (sigrok .sr, VCD, Saleae CSV/binary) as rows of the reader table.

Why an adapter: the logic readers and UART measurement (handshake_doctor.logic, the other half
of issue 14) take a path and give (exchange, Diagnosis) pairs; this turns them into Items, so
the output code never learns which reader ran. Standard input is copied to a temporary file
first (the sigrok reader needs to seek in its zip).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import BinaryIO, Iterator

from ..errors import UsageError
from .items import AnalyzeOptions, FileReport, Item


def detect(head: bytes) -> float:
    try:
        from ..logic.readers import detect as logic_detect
    except ImportError:  # numpy missing: the logic part is not installed
        return 0.0
    return 1.0 if logic_detect(head) else 0.0


def read(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    from ..logic.analyze_logic import analyze_logic
    from ..logic.readers import detect as logic_detect

    path, tmp = name, None
    if name == "-" or not os.path.isfile(name):
        fd, tmp = tempfile.mkstemp(prefix="hsd-logic-")
        with os.fdopen(fd, "wb") as fh:
            shutil.copyfileobj(stream, fh, 1 << 20)
        path = tmp
    try:
        with open(path, "rb") as fh:
            report.reader = logic_detect(fh.read(4096)) or "logic"
        try:
            results = analyze_logic(path)
        except UsageError as exc:
            report.notes.append(str(exc).replace(path, name))
            return
        for i, (exchange, diag) in enumerate(results, 1):
            yield Item({"file": name, "index": i, "reader": report.reader, **exchange}, diag)
    finally:
        if tmp:
            os.unlink(tmp)
