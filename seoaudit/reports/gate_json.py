"""JSON: the gate summary, the assertion results and the audit report they judged.

The ``report`` member is ``AuditReport.to_dict()`` unchanged, so this file is also
a baseline for a later ``seoaudit check --baseline``.
"""

from __future__ import annotations

import json

from ..gate import GateResult
from .base import RenderContext


def render_gate_json(result: GateResult) -> bytes:
    return (json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class GateJsonReporter:
    name = "json"
    default_filename = "seoaudit-check.json"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_gate_json(result)
