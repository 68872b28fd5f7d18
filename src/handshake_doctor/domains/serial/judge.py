"""The serial probe's judgement of a transcript, whole: passive windows and active handshakes.

``judge(transcript)`` is what a replay (a ``--record`` file now, ``analyze`` later) runs: the
passive judge (:mod:`.passive_judge`), then the active judge (:mod:`.active_judge`) with every
device of the registry's device table, ranked by the one rule (assemble). The live probe runs
the same two judges on the transcript it records, so both give the same findings. Port checks
(exists, permission, holders) read the system, not the line: they are not in a transcript.
"""

from __future__ import annotations

from ... import registry
from ...assemble import assemble
from ...model import Finding
from .active_judge import judge_active
from .passive_judge import judge_passive

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...transcript import Transcript


def judge_unranked(transcript: Transcript) -> list[Finding]:
    """The findings in checklist order (passive, then active), before the ranking rule."""
    devices = registry.serial_devices()
    return judge_passive(transcript) + judge_active(transcript, devices).findings  # type: ignore[arg-type]


def judge(transcript: Transcript) -> list[Finding]:
    return assemble(judge_unranked(transcript))
