"""``--json``: the Diagnosis as a stable document (schema in docs/JSON.md)."""

from __future__ import annotations

import json

from ..model import Diagnosis


def render_json(diag: Diagnosis) -> str:
    return json.dumps(diag.to_dict(), indent=2, ensure_ascii=False)
