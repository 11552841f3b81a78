"""GitHub Actions workflow commands: ``::error file=F,line=N,title=T::message``.

GitHub shows these as annotations on the pull request's changed lines. Failures at
``error`` level become ``::error``, at ``warn`` level ``::warning``; baselined
failures are not annotated (``::notice`` with ``--show-baselined``), nor are passes. A check whose failure is a list of findings
(broken links, claims) gets one annotation per finding, at its line, up to
``ANNOTATIONS_PER_CHECK`` per page (the last says how many more and their lines; GitHub
shows at most 10 error and 10 warning annotations of a step); with a baseline, only
the new findings of a check that failed there too. Files are named from the repository root
(GitHub attaches an annotation to a pull request's file only by that path, whatever
directory the job ran in); outside a git work tree, from the working directory.
Pages fetched over HTTP have no file, so
their annotations carry the URL in the message. The last line is the plain summary.
Values are escaped as the runner expects (``%``, CR, LF; also ``:`` and ``,`` in
properties), so page text can never end an annotation early or inject another.
"""

from __future__ import annotations

from ..gate import GateResult
from ..text import printable
from .base import RenderContext
from ..text import plural
from .gate_formats import by_page, finding_message, sentence, summary_line, title, worst_first


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, file: str | None = None, line: int | None = None, title_text: str = "") -> str:
    props = []
    if file:
        props.append(f"file={escape_property(printable(file))}")
        if line:
            props.append(f"line={line}")
    if title_text:
        props.append(f"title={escape_property(title_text)}")
    head = f"::{kind} {','.join(props)}" if props else f"::{kind}"
    return f"{head}::{escape_data(printable(message, keep_newlines=True))}"


#: annotations of one check on one page, at most: GitHub shows 10 of each kind a step
ANNOTATIONS_PER_CHECK = 5


def _finding_annotations(a, kind: str, file: str | None) -> list[str]:
    findings = [f for f in a.findings if f.new] or list(a.findings) if a.new_items else list(a.findings)
    shown, rest = findings[:ANNOTATIONS_PER_CHECK], findings[ANNOTATIONS_PER_CHECK:]
    out = []
    for i, f in enumerate(shown):
        # the finding and its advice: the check's whole message after each one said it N times
        message = "\n".join(finding_message(a, f))
        message = message if a.source_path else f"{a.page}: {message}"
        if rest and i == len(shown) - 1:
            where = ", ".join(str(r.line) for r in rest if r.line) or "not located"
            message += f"\n... and {plural(len(rest), 'more finding')} of {a.check} on this page (lines {where}): see the job's summary"
        out.append(command(kind, message, file, f.line or a.line, f"seoaudit {title(a)}"))
    return out


def render_github(result: GateResult) -> str:
    lines = []
    # what the text lists: baselined failures with --show-baselined, errors only with --quiet
    failures = [a for items in by_page(result.listed).values() for a in worst_first(tuple(items)) if not a.passed]
    for a in failures:
        kind = "notice" if a.baselined else "error" if a.level == "error" else "warning"
        file = result.repo_path(a.source_path) if a.source_path else None
        if a.findings:
            lines += _finding_annotations(a, kind, file)
            continue
        message = sentence(a) if a.source_path else f"{a.page}: {sentence(a)}"
        lines.append(command(kind, message, file, a.line, f"seoaudit {title(a)}"))
    for page in result.unreadable:
        file = result.repo_path(page.source) if page.url.startswith("file:") else None
        lines.append(command("error", f"could not audit: {page.error or page.source}", file, None, "seoaudit"))
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


class GithubReporter:
    name = "github"
    default_filename = "seoaudit-github.txt"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_github(result).encode("utf-8")
