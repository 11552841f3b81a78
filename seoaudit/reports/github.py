"""GitHub Actions workflow commands: ``::error file=F,line=N,title=T::message``.

GitHub shows these as annotations on the pull request's changed lines. Failures at
``error`` level become ``::error``, at ``warn`` level ``::warning``; baselined
failures and passes are not annotated. Files are named from the repository root
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
from .gate_formats import by_page, sentence, summary_line, title, worst_first


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


def render_github(result: GateResult) -> str:
    lines = []
    failures = [a for items in by_page(result.failures).values() for a in worst_first(tuple(items))]
    for a in failures:
        if a.baselined:
            continue
        kind = "error" if a.level == "error" else "warning"
        message = sentence(a) if a.source_path else f"{a.page}: {sentence(a)}"
        file = result.repo_path(a.source_path) if a.source_path else None
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
