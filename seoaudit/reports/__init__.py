"""Reporters: one small renderer per format, all reading the same ``AuditReport``.

The CLI never branches on a format::

    reporter = REPORTERS[fmt]
    files = reporter.render(report, RenderContext(color=use_color))
    if reporter.single_file and to_stdout:
        sys.stdout.buffer.write(files[0].data)
    else:
        for f in files:
            (out_dir / f.path).write_bytes(f.data)

``OutputFile.path`` is always a plain file name (``[a-z0-9-]`` plus an extension),
so writing it under ``out_dir`` can never escape that directory.
"""

from __future__ import annotations

from typing import Mapping

from .base import CheckDoc, OutputFile, RenderContext, Reporter, check_docs, page_filename, slugify, write_outputs
from .html import HtmlReporter
from .json_report import JsonReporter
from .text import TextReporter

REPORTERS: Mapping[str, Reporter] = {
    "html": HtmlReporter(),
    "json": JsonReporter(),
    "text": TextReporter(),
}


def get_reporter(name: str) -> Reporter:
    """The reporter for a format name; ``KeyError`` lists the known ones."""
    try:
        return REPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown report format {name!r} (known: {', '.join(REPORTERS)})") from None


__all__ = [
    "REPORTERS",
    "CheckDoc",
    "OutputFile",
    "RenderContext",
    "Reporter",
    "check_docs",
    "get_reporter",
    "page_filename",
    "slugify",
    "write_outputs",
]
