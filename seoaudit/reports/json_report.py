"""JSON: ``AuditReport.to_dict()`` as written, the stable schema every tool can read."""

from __future__ import annotations

import json

from ..models import AuditReport
from .base import OutputFile, RenderContext


def render_json(report: AuditReport) -> bytes:
    # sort_keys=False: the key order of to_dict() is part of the documented schema.
    return (json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


class JsonReporter:
    name = "json"
    default_filename = "seoaudit.json"
    single_file = True

    def render(self, report: AuditReport, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, render_json(report)),)
