"""JSON: ``AuditReport.to_dict()`` as written, the stable schema every tool can read."""

from __future__ import annotations

from ..models import AuditReport
from .base import OutputFile, RenderContext
from .jsonfmt import dumps_readable

#: root > "pages" > a page > "checks" > a check: each check (with its evidence) is one line
_INLINE_DEPTH = 4


def render_json(report: AuditReport) -> bytes:
    # the key order of to_dict() is part of the documented schema: never sorted
    return (dumps_readable(report.to_dict(), _INLINE_DEPTH) + "\n").encode("utf-8")


class JsonReporter:
    name = "json"
    default_filename = "seoaudit.json"
    single_file = True

    def render(self, report: AuditReport, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, render_json(report)),)
