"""Command line: parse flags, build settings, call the API, write outputs, pick the exit code.

Heavy modules (selectolax, requests, jinja2, scikit-learn) are imported inside the
commands so `seoaudit --help` starts fast.

Exit codes: 0 audited; 1 a gate failed (``seoaudit check``, issue #4); 2 usage or
config error; 3 some targets could not be audited (the others are still reported).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import AUDIT_FORMATS as FORMATS, __version__

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_TARGETS = 0, 1, 2, 3


def _fail_usage(message: str) -> None:
    click.echo(f"seoaudit: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load_settings(config: str | None, targets=None, **flags):
    """The settings of a run on ``targets`` (configs discovered from their folders; None: from
    the working directory), or exit 2 with the config error."""
    from .api import settings_from
    from .registry import ConfigError

    try:
        if targets is None:
            return settings_from(config, **flags)
        from .config import one_config_start

        return settings_from(config, start=one_config_start(targets), **flags)
    except ConfigError as exc:
        _fail_usage(str(exc))


def _stderr(line: str) -> None:
    click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seoaudit")
def cli() -> None:
    """seoaudit: SEO and local-keyword auditor for clinic blog posts.

    Audit a post (URL, HTML, Markdown or text file) for its keyphrase, its city,
    readability, links and page basics, and write scorecards.
    """


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("-k", "--keyphrase", "keyphrases", multiple=True, help="Focus keyphrase (repeat for several). Wins over front matter and config.")
@click.option("-c", "--city", "cities", multiple=True, help="Target city (repeat for several).")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (.toml or .cfg) read after the ones discovered from the targets' folders (.seoaudit.toml, seoaudit.toml, pyproject.toml, setup.cfg).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Output format (repeat for several). Default: text summary + html scorecards.")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), help="Directory for scorecards and other files (default: seoaudit-report).")
@click.option("--select", "select", multiple=True, help="Only run these checks (code, prefix, name or category).")
@click.option("--ignore", "ignore", multiple=True, help="Skip these checks.")
@click.option("--timeout", "read_timeout", type=click.FloatRange(min=0.1), help="HTTP read timeout in seconds.")
@click.option("--max-bytes", "max_bytes", type=click.IntRange(min=1), help="Largest response or file to read (default 10 MB).")
@click.option("--color/--no-color", default=None, help="Colour the terminal summary (default: on a TTY unless NO_COLOR is set).")
@click.option("--intel/--no-intel", default=True, show_default=True, help="With several pages: near-duplicates, city swaps and competing pages in the index and scorecards.")
@click.option("--infer-keyphrases", is_flag=True, default=None, help="Pages with no keyphrase get site intelligence's top suggestion as their keyphrase.")
@click.option("--local-site", is_flag=True, help="Local files are one site: judge links between them, duplicates and links in (ST checks), as `check` does.")
@click.option("--link-check/--no-link-check", "link_check", default=None, help="Request the internal link targets of the Related block and content of pages fetched over HTTP(S) (ST001). Default: on (config: link_check).")
@click.option("--max-link-targets", "max_link_targets", type=click.IntRange(min=1), help="Link targets checked per page at most (default 50; config: max_link_targets).")
def audit(targets, keyphrases, cities, config, formats, output, select, ignore, read_timeout, max_bytes, color, intel, infer_keyphrases, local_site,
          link_check, max_link_targets):
    """Audit TARGETS: URLs, files (.html .md .txt), directories, globs or - for stdin.

    \b
    Examples:
      seoaudit audit https://clinic.example/blog/acupuncture-back-pain/ -k "acupuncture for back pain" -c Edmonton
      seoaudit audit samples/ -f json > results.json
    """
    settings = _load_settings(
        config,
        targets,
        select=tuple(select),
        ignore=tuple(ignore),
        formats=tuple(formats),
        output=output,
        read_timeout=read_timeout,
        max_bytes=max_bytes,
        link_check=link_check,
        max_link_targets=max_link_targets,
    )
    from .api import audit as audit_targets
    from .reports import REPORTERS, RenderContext, write_outputs

    report = audit_targets(targets, settings, tuple(keyphrases), tuple(cities), intel=intel, infer_keyphrases=bool(infer_keyphrases),
                           local_site=local_site, log=_stderr)
    if color is None:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    out_dir = Path(settings.output or "seoaudit-report")
    written = write_outputs(report, REPORTERS, settings.formats or ("text", "html"), out_dir, RenderContext(color=color))
    if written:
        from .text import plural

        main = next((p for p in written if p.name == "index.html"), written[0])
        click.echo(f"seoaudit: wrote {plural(len(written), 'file')} to {out_dir}/ (open {main})", err=True)
    sys.exit(EXIT_TARGETS if report.failed else EXIT_OK)


@cli.command("checks")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_checks(fmt):
    """List every check: code, name, category and what it measures."""
    from .checks import ALL_CHECKS

    if fmt == "json":
        import json

        rows = [{"code": s.code, "name": s.name, "category": s.category, "summary": s.summary(), "why": s.why, "source": s.source} for s in ALL_CHECKS]
        click.echo(json.dumps(rows, indent=2))
        return
    from .reports.base import plain_doc  # the docstrings' reStructuredText, read on a terminal

    for s in ALL_CHECKS:
        click.echo(f"{s.code}  {s.name:<32} {s.category:<12} {plain_doc(s.summary())}")


@cli.command()
@click.argument("code")
def explain(code):
    """Print a check's documentation: what, why, source, options, examples."""
    import dataclasses

    from .checks import ALL_CHECKS
    from .registry import ConfigError, find, option_ranges

    try:
        spec = find(ALL_CHECKS, code)
    except ConfigError as exc:
        _fail_usage(str(exc))
    from .reports.base import plain_doc  # the docstring's reStructuredText, read on a terminal

    click.echo(f"{spec.code} {spec.name}  (category: {spec.category})\n")
    click.echo(plain_doc(spec.doc) + "\n")
    click.echo(f"Why it matters: {spec.why}")
    click.echo(f"Source: {spec.source}")
    click.echo(f"How to fix: {spec.fix}")
    from .document import DRAFT_KINDS
    from .registry import EXAMPLE_CITY, EXAMPLE_KEYPHRASE, EXAMPLE_TREATMENT, fix_example
    from .reports.base import in_source_syntax

    for kind, label in DRAFT_KINDS.items():  # as a draft's scorecard words it (CheckDoc.fix_for), when it differs
        draft = spec.draft_fixes.get(kind)
        shown = fix_example(draft, draft, EXAMPLE_KEYPHRASE, EXAMPLE_CITY, treatment=EXAMPLE_TREATMENT,
                            examples=spec.fix_examples) if draft else spec.fix
        if in_source_syntax(shown, kind) != spec.fix:
            click.echo(f"In a {label}: {in_source_syntax(shown, kind)}")
    if spec.posts_only:
        click.echo("Applies to: posts only (not applicable on a home page, a listing of posts or a site page)")
    if spec.caps_score is not None:
        click.echo(f"When it fails: the page score is held at {spec.caps_score:g} at most, whatever else is right")
    fields = dataclasses.fields(spec.options)
    if fields:
        ranges = option_ranges(spec.options)
        click.echo("\nOptions (defaults, and the values a number may take):")
        for f in fields:
            click.echo(f"  {f.name} = {f.default!r}" + (f"  ({ranges[f.name]})" if f.name in ranges else ""))


@cli.command()
@click.argument("target")
@click.option("--timeout", "read_timeout", type=click.FloatRange(min=0.1))
@click.option("--config", "config", type=click.Path(dir_okay=False))
def extract(target, read_timeout, config):
    """Print the main-content text that seoaudit analyses for TARGET.

    Headings are marked with #, list items with -, so you can see exactly what was
    counted (words, density, readability come from this text only).
    """
    settings = _load_settings(config, [target], read_timeout=read_timeout)
    from .api import read_targets
    from .sources import error_line
    from .document import build_document

    from .text import printable  # page text on a terminal: no escape sequences

    status = EXIT_OK
    for raw in read_targets([target], settings):
        if not raw.ok:
            click.echo(error_line(raw.source, raw.error), err=True)
            status = EXIT_TARGETS
            continue
        doc = build_document(raw, settings.site_url)
        for block in doc.blocks:
            prefix = "#" * block.level + " " if block.is_heading else ("- " if block.kind == "li" else "")
            click.echo(prefix + printable(block.text))
        click.echo(f"\n[{doc.word_count} words counted, extraction: {doc.extraction}]", err=True)
    sys.exit(status)


# Commands of the other workflows live in their own modules; each imports its heavy
# dependencies inside the command so `seoaudit --help` stays fast.
from .commands_check import baseline as baseline_command, check as check_command  # noqa: E402

from .commands_intel import compare as compare_command, intel as intel_command  # noqa: E402
from .commands_scan import history as history_command, scan as scan_command  # noqa: E402

cli.add_command(check_command)
cli.add_command(baseline_command)
cli.add_command(intel_command)
cli.add_command(compare_command)
cli.add_command(scan_command, "scan")
cli.add_command(history_command, "history")


def main(argv=None) -> int:
    try:
        cli.main(args=argv, prog_name="seoaudit", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    return 0
