"""CLI commands of site intelligence: ``seoaudit intel`` and ``seoaudit compare``.

Heavy modules (selectolax, scikit-learn, jinja2) are imported inside the commands so
``seoaudit --help`` stays fast. Output follows ``seoaudit audit``: the first
single-file format goes to stdout, the rest to the output directory; reporters come
from a registry, so no command branches on a format.

Exit codes: 0 done; 2 usage or config error; 3 some targets could not be read (the
others are still analysed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

EXIT_OK, EXIT_USAGE, EXIT_TARGETS = 0, 2, 3
INTEL_FORMATS = ("text", "json", "csv", "html")
COMPARE_FORMATS = ("text", "json", "html")


def _fail_usage(message: str) -> None:
    click.echo(f"seoaudit: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _settings(config: str | None, read_timeout: float | None, targets):
    """Settings discovered from the targets' folders as `audit` finds them (one site's
    config; targets under different configs are an error, exit 2, one line)."""
    from .cli import _load_settings

    return _load_settings(config, list(targets), read_timeout=read_timeout)


def write_outputs(model, registry, chosen, out_dir: Path, color: bool) -> None:
    from .reports import RenderContext
    from .reports import write_outputs as deliver

    written = deliver(model, registry, chosen, out_dir, RenderContext(color=color))
    if written:
        from .text import plural

        click.echo(f"seoaudit: wrote {plural(len(written), 'file')} to {out_dir}/ (open {written[0]})", err=True)


def _color(flag: bool | None) -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ if flag is None else flag


@click.command("intel")
@click.argument("targets", nargs=-1, required=True)
@click.option("-c", "--city", "cities", multiple=True, help="Cities the site targets (their names count as place names in city-swap detection).")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file read after the discovered ones (seoaudit.toml, pyproject.toml, setup.cfg).")
@click.option("--duplicate-threshold", type=click.FloatRange(0, 1), default=None, help="TF-IDF cosine at which two pages are near-duplicates (default 0.9).")
@click.option("--topic-threshold", type=click.FloatRange(0, 1), default=None, help="TF-IDF cosine at which two pages target the same topic (default 0.65).")
@click.option("--infer-keyphrases/--no-infer-keyphrases", default=None, help="Use the top suggestion as the keyphrase of pages that declare none.")
@click.option("--suggestions", type=click.IntRange(0, 20), default=None, help="Keyphrase suggestions per page without a keyphrase (default 5).")
@click.option("--max-pairs-per-page", type=click.IntRange(min=1), default=None, help="Most similar pages each page is compared with word by word for duplicates and city swaps (default 10); the rest are counted.")
@click.option("--score/--no-score", default=True, help="Audit each page too, so a cluster's strongest page is the best-scoring one.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(INTEL_FORMATS), help="Output format (repeat). Default: text + html.")
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Directory for files (default: seoaudit-report).")
@click.option("--timeout", "read_timeout", type=click.FloatRange(min=0.1), help="HTTP read timeout in seconds.")
@click.option("--color/--no-color", default=None)
def intel(targets, cities, config, duplicate_threshold, topic_threshold, infer_keyphrases, suggestions, max_pairs_per_page, score, formats, output, read_timeout, color):
    """Near-duplicates, city swaps, cannibalisation and keyphrase suggestions across TARGETS.

    TARGETS are what `seoaudit audit` takes: URLs, files, directories, globs. For a
    sitemap, use `seoaudit scan SITEMAP`: it runs the same analysis on the pages it lists.

    \b
    Examples:
      seoaudit intel blog/ -c Edmonton -c Calgary
      seoaudit intel blog/ -f json > intel.json
    """
    settings = _settings(config, read_timeout, targets)
    from .sitemaps import looks_like_sitemap

    for target in targets:
        if "://" in target and looks_like_sitemap(target):
            _fail_usage(f"{target} is a sitemap: use `seoaudit scan {target}` (it reads the pages the sitemap lists and runs "
                        "site intelligence on them)")
    from .api import Auditor, intel_options, read_targets, targeting_for
    from .sources import error_line
    from .document import build_document
    from .intel import analyse_site, page_text_from_document
    from .reports.intel import INTEL_REPORTERS

    try:
        opts = intel_options(
            settings,
            tuple(cities),
            duplicate_threshold=duplicate_threshold,
            topic_threshold=topic_threshold,
            infer_keyphrases=infer_keyphrases,
            suggestions=suggestions,
            max_pairs_per_page=max_pairs_per_page,
        )
    except ValueError as exc:
        _fail_usage(str(exc))
    # Audited with the same Auditor as `seoaudit audit`, so the scores that pick each
    # cluster's strongest page are the scores users see in the scorecards.
    auditor = Auditor(settings, (), tuple(cities))
    pages, failed = [], 0
    for raw in read_targets(targets, settings):
        if score:
            audited = auditor.audit_page(raw)
            error = audited.report.error if audited.document is None else None
        else:
            audited, error = None, raw.error
            if raw.ok:
                try:
                    doc = build_document(raw, settings.site_url)
                except Exception as exc:  # noqa: BLE001 - one unparsable page must not stop the site
                    error = f"could not parse page: {type(exc).__name__}: {exc}"
        if error:
            if "content type" in error and "xml" in error:  # a sitemap without .xml in its URL
                error += f" (a sitemap? use `seoaudit scan {raw.source}`: it runs site intelligence on the pages it lists)"
            click.echo(error_line(raw.source, error), err=True)
            failed += 1
            continue
        from .page_type import page_type

        if page_type(audited.document if audited is not None else doc) != "post":
            continue  # a listing's teasers would read as near-copies of the posts it lists
        if audited is not None:
            pages.append(audited.page_text())
        else:
            targeting = targeting_for(raw, settings, (), tuple(cities))
            pages.append(page_text_from_document(doc, targeting.keyphrases, targeting.cities))
    if not pages:
        _fail_usage("no readable pages among the targets") if not failed else sys.exit(EXIT_TARGETS)
    result = analyse_site(pages, opts)
    write_outputs(result, INTEL_REPORTERS, formats or ("text", "html"), Path(output or settings.output or "seoaudit-report"), _color(color))
    sys.exit(EXIT_TARGETS if failed else EXIT_OK)


@click.command("compare")
@click.argument("post")
@click.argument("competitors", nargs=-1, required=True)
@click.option("--min-share", type=click.FloatRange(0.01, 1), default=0.5, show_default=True, help="Share of competitors that must use a term for it to count.")
@click.option("-c", "--city", "cities", multiple=True, help="Cities whose names are never reported as gaps (other place names are dropped too).")
@click.option("--config", "config", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(COMPARE_FORMATS), help="Output format (repeat). Default: text.")
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Directory for files (default: seoaudit-report).")
@click.option("--timeout", "read_timeout", type=click.FloatRange(min=0.1))
@click.option("--color/--no-color", default=None)
def compare(post, competitors, min_share, cities, config, formats, output, read_timeout, color):
    """Topic gaps: what COMPETITOR pages share that POST does not cover.

    POST and COMPETITORs are URLs or files (.html .md .txt), e.g. the pages that rank
    for the post's keyphrase. Prints a coverage score (0-100) and each shared term:
    which competitors use it, how often, and whether the post does.

    \b
    Example:
      seoaudit compare blog/dry-needling-shoulder.md https://a.example/x https://b.example/y
    """
    settings = _settings(config, read_timeout, [post])  # the post's site: competitors are other sites
    from .api import read_targets
    from .sources import error_line
    from .document import build_document
    from .intel import compare_topics, page_text_from_document
    from .reports.intel import COMPARE_REPORTERS

    read = []
    errors = []
    for raw in read_targets([post, *competitors], settings):
        if not raw.ok:
            errors.append(f"{raw.source}: {raw.error}")
            click.echo(error_line(raw.source, raw.error), err=True)
            continue
        read.append((raw.source, page_text_from_document(build_document(raw, settings.site_url), cities=tuple(cities) or settings.cities)))
    if not read or read[0][0] != post:
        _fail_usage(f"{post}: the post could not be read")
    rivals = [p for _, p in read[1:]]
    if not rivals:
        click.echo("seoaudit: error: no competitor page could be read", err=True)
        sys.exit(EXIT_TARGETS)
    gaps = compare_topics(read[0][1], rivals, min_share, tuple(errors))
    write_outputs(gaps, COMPARE_REPORTERS, formats or ("text",), Path(output or settings.output or "seoaudit-report"), _color(color))
    sys.exit(EXIT_TARGETS if errors else EXIT_OK)
