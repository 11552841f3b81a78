"""``seoaudit check`` (the CI gate) and ``seoaudit baseline write``.

The command parses flags, builds the gate from settings, audits, evaluates and
hands the ``GateResult`` to the gate reporters; it never formats output itself.

Exit codes (documented in the README):
  0  the gate passed (warnings allowed)
  1  at least one error-level assertion failed (and is not in the baseline)
  2  usage or config error: unknown check, bad threshold, bad file, unknown git ref
  3  some targets could not be audited (wins over 1: the results are incomplete)

Outputs: ``-f NAME`` sends a format to stdout (at most one), ``-f NAME:PATH`` to a
file, ``--output-dir DIR`` puts every format without a path in DIR under its
default name. When no format claims stdout, stdout gets the human summary (or
GitHub annotations when ``GITHUB_ACTIONS=true``).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

import click

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_TARGETS = 0, 1, 2, 3
FORMAT_NAMES = ("text", "json", "junit", "sarif", "github", "markdown")  # = reports.gate_formats.GATE_FORMATS
DEFAULT_BASELINE = ".seoaudit-baseline.json"


class UsageError(Exception):
    """A bad flag value; the message is one line naming it (exit code 2)."""


@dataclass(frozen=True)
class Output:
    format: str
    path: Path | None  # None: stdout


def default_stdout_format(env: Mapping[str, str]) -> str:
    """GitHub annotations inside GitHub Actions, the human summary elsewhere."""
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def plan_outputs(specs: tuple[str, ...], output_dir: str | None, env: Mapping[str, str]) -> list[Output]:
    """``-f`` values -> where each format goes. At most one format may use stdout."""
    if output_dir and not specs:
        # it wrote nothing and created no folder, silently
        raise UsageError("--output-dir: say which formats to write there with -f (e.g. -f junit -f sarif)")
    outputs: list[Output] = []
    for spec in specs:
        name, sep, path = spec.partition(":")
        name = name.strip().lower()
        if name not in FORMAT_NAMES:
            raise UsageError(f"--format {spec}: unknown format '{name}' (formats: {', '.join(FORMAT_NAMES)})")
        if sep and not path:
            raise UsageError(f"--format {spec}: give a file after the colon, e.g. {name}:seoaudit.{name}")
        if sep and path != "-":
            outputs.append(Output(name, writable(Path(path), f"--format {spec}")))
        elif output_dir and not sep:
            from .reports.gate_formats import get_gate_reporter

            outputs.append(Output(name, writable(Path(output_dir) / get_gate_reporter(name).default_filename, f"--output-dir {output_dir}")))
        else:
            outputs.append(Output(name, None))
    to_stdout = [o.format for o in outputs if o.path is None]
    if len(to_stdout) > 1:
        raise UsageError(f"--format: only one format can go to stdout ({', '.join(to_stdout)}); "
                         "give the others a file (-f sarif:seoaudit.sarif) or use --output-dir")
    paths = [o.path for o in outputs if o.path is not None]
    if len(set(paths)) != len(paths):
        raise UsageError("--format: two formats write the same file")
    if not to_stdout:
        outputs.insert(0, Output(default_stdout_format(env), None))
    return outputs


def writable(path: Path, option: str) -> Path:
    """``path``, once sure a file can be made there: missing folders on the way are created when
    it is written, but an existing file on the way (or a folder at ``path``) is a UsageError now,
    before the run, not after its report (``File exists``, with no path)."""
    from .urls import shown_path

    if path.is_dir():
        raise UsageError(f"{option}: {shown_path(path)} is a folder, not a file")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"{option}: {shown_path(parent)} is a file, not a folder")
            break
    return path


def is_draft(front_matter: Mapping[str, Any]) -> bool:
    """``files.is_draft``, imported when first needed: files.py loads the Markdown and YAML
    readers, which ``seoaudit --help`` must not pay for."""
    from .files import is_draft as draft

    return draft(front_matter)


def _fail(message: str) -> None:
    click.echo(f"seoaudit: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _note(message: str) -> None:
    click.echo(f"seoaudit: {message}", err=True)


def run_gate(targets, *, keyphrases=(), cities=(), config=None, select=(), ignore=(), read_timeout=None, max_bytes=None,
             preset=None, fail_under=None, baseline=None, include_passed=False, include_drafts=False,
             changed_since=None, staged=False, quiet=False, show_baselined=False):
    """Audit and gate; returns the GateResult. Raises ConfigError for usage/config errors.

    Targets under different config files (a monorepo's sites, each with its own
    .seoaudit.toml) are gated each with its own settings, into one result (``merged``)."""
    from .baselines import load_for_check
    from .config import config_groups, config_names
    from .gate import merged
    from .gitchanges import targets_work_tree, work_tree_root

    if changed_since and staged:
        raise UsageError("--staged and --changed-since exclude each other (--staged is --changed-since for one commit)")
    by_git = bool(changed_since or staged)
    option = _git_option(staged)
    with _git_errors(changed_since, staged):
        # once per run: the baseline's page names and renames, git's changed files, SARIF's and GitHub's
        # paths; with git, the work tree the targets are in (the job may run from elsewhere)
        root = targets_work_tree(targets, option) if by_git else work_tree_root()
    # git's changed files, not the targets' folders, say whose posts a change holds (below)
    groups = config_groups(targets, split_folders=not by_git)
    changed: list[list[str] | None] = [None] * len(groups)  # each group's changed posts, asked of git once
    if by_git:
        from .gitchanges import changed_targets

        with _git_errors(changed_since, staged):
            changed = [changed_targets(changed_since or None, named, root=root) for _, named in groups]
            groups = [(_changed_posts_config(posts, option) or start, named) for (start, named), posts in zip(groups, changed)]
    # every group's config is checked before a page is read
    gates = [_GroupGate.of(start, config, keyphrases, cities, select, ignore, read_timeout, max_bytes, preset, fail_under)
             for start, _ in groups]
    if not quiet and (len(groups) > 1 or config_names(groups[0][0]) != config_names(Path.cwd())):
        # the settings no longer follow the working directory: say whose apply
        for start, named in groups:
            _note(f"{_group_name(named)}: settings of {config_names(start)}")
    base = load_for_check(baseline, root, staged, warn=None if quiet else _note) if baseline else None
    results = [_gate_group(named, gate, posts, root=root, base=base, include_passed=include_passed, include_drafts=include_drafts,
                           changed_since=changed_since, staged=staged, quiet=quiet, show_baselined=show_baselined)
               for (_, named), gate, posts in zip(groups, gates, changed)]
    return results[0] if len(results) == 1 else merged(results)


def _git_option(staged: bool) -> str:
    """The option a git error names: ``--staged`` or ``--changed-since``."""
    return "--staged" if staged else "--changed-since"


def _git_errors(changed_since, staged):
    """With ``--changed-since``/``--staged``, a block in which a git failure is a UsageError
    naming the option (``gitchanges.needs_git``); nothing to catch without them. A new one
    for each block."""
    from .gitchanges import needs_git

    return needs_git(_git_option(staged)) if changed_since or staged else contextlib.nullcontext()


def _group_name(targets: list[str]) -> str:
    """A config group as a note names it: its target, or how many and the folder they share."""
    from .text import plural

    if len(targets) <= 1:
        return targets[0] if targets else "the changed posts"
    try:
        common = os.path.commonpath(targets)
    except ValueError:  # URLs beside files, or absolute beside relative paths
        common = ""
    return plural(len(targets), "target") + (f" in {common.replace(os.sep, '/')}/" if common else "")


def _changed_posts_config(changed, option):
    """``--changed-since``/``--staged``: where config discovery starts for the posts ``changed``
    inside a group's targets (a commit to one site of a monorepo, checked from the repository
    root, gets that site's settings); None when none changed. A UsageError when they fall under
    several configs: one site's settings must not judge another's posts."""
    from .config import one_config_start

    if not changed:
        return None
    return one_config_start(changed, split_folders=False, what="the changed posts",
                            advice=f"name each site's folder as a target (seoaudit check {option} site-a site-b) "
                                   "so that each is gated with its own")


@dataclass(frozen=True)
class _GroupGate:
    """What one config group is gated with: its settings, the auditor and the rule book."""

    settings: Any
    auditor: Any
    config: Any  # gate.GateConfig
    book: Any  # gate.RuleBook

    @classmethod
    def of(cls, start, config, keyphrases, cities, select, ignore, read_timeout, max_bytes, preset, fail_under) -> "_GroupGate":
        from .api import Auditor, checked_settings
        from .config import load_settings, with_flags
        from .gate import RuleBook, check_value_keys, config_from_settings, has_value_thresholds, probe_values

        configured = load_settings(config, cwd=start)  # read once: the run's settings, and what --select/--ignore narrow
        settings = checked_settings(with_flags(configured, select=tuple(select), ignore=tuple(ignore), read_timeout=read_timeout,
                                               max_bytes=max_bytes))
        auditor = Auditor(settings, tuple(keyphrases), tuple(cities))
        narrowed = frozenset()
        if select or ignore:
            from .api import selected_checks
            from .gate import narrowed_scores

            narrowed = narrowed_scores(auditor.specs, selected_checks(configured))
        gate_config = config_from_settings(settings, preset=preset, fail_under=fail_under)
        book = RuleBook(gate_config, auditor.specs, selected_by_flags=bool(select or ignore), narrowed=narrowed)
        if has_value_thresholds(gate_config):
            check_value_keys(gate_config, probe_values(settings), book.all_specs)
        return cls(settings, auditor, gate_config, book)


def _gate_group(targets, gate: _GroupGate, changed, *, root, base, include_passed, include_drafts, changed_since, staged, quiet,
                show_baselined):
    """Audit and gate the targets of one config group (``run_gate``); ``changed``: git's
    changed posts among them with --changed-since/--staged."""
    from . import __version__
    from .api import read_targets
    from .sources import error_line
    from .gate import LINK_TARGET_CHECKS, evaluate
    from .models import AuditReport
    from .scoring import site_score_of
    from .text import agree, plural

    settings, auditor, gate_config, book = gate.settings, gate.auditor, gate.config, gate.book
    by_git = bool(changed_since or staged)
    scopes = list(targets)
    ref = changed_since or None  # None: the index against HEAD (--staged)
    from .local_site import LocalPosts
    from .sourcelines import SourceLinesCache

    posts = LocalPosts(is_draft, auditor)
    read = lambda named: read_targets(named, settings)  # noqa: E731 - the posts a run reads: the files, or the index
    lines_for = SourceLinesCache()
    with _git_errors(changed_since, staged):
        if staged:
            from .gitchanges import StagedFiles

            # what the commit holds: each staged post, and the posts indexed beside it, as staged
            index = StagedFiles(root=root)
            read, lines_for = index.read, SourceLinesCache(index.content)
            gated = index.pages(changed)
        elif changed_since:
            from .sources import links_leaving

            found, refused = links_leaving(changed, root)
            gated = itertools.chain(refused, read(found) if found else ())
        else:
            gated = read(targets)
        if by_git:
            from .gitchanges import previous_versions

            # posts deleted, renamed or moved to another URL: links to them break in posts this
            # change did not touch, which are gated for those links (LocalPosts.with_site_results)
            posts.previous = previous_versions(ref, scopes, root=root) if posts.enabled else []
            if posts.enabled:
                from .gitchanges import added_paths

                # a post new in the change has no link in yet: ST006 does not judge it (LocalPosts)
                posts.added = added_paths(ref, root)
                posts.added_when = f"since {changed_since}" if changed_since else "in the staged changes"
        elif posts.enabled and root is not None:
            from .gitchanges import uncommitted_additions

            # the file-name pre-commit hook, or a check before committing: a post HEAD lacks is
            # as new as one --staged finds, and has no link in yet either
            posts.added = uncommitted_additions(root)
            posts.added_when = "since the last commit"
    pages, skipped = [], []
    for raw in gated:
        if raw.ok and not include_drafts and is_draft(raw.front_matter):
            skipped.append(raw.source)
            posts.index(raw)  # not gated, but a link to it is a link to a draft
            continue
        audited = auditor.audit_page(raw)
        page = audited.report
        if page.status == "error" and not quiet:
            click.echo(error_line(page.source, page.error), err=True)
        posts.audited(len(pages), raw, audited.document)
        pages.append(page)

    def audit_links(source):
        """An unchanged post whose links a deletion or rename broke: audited, gated on its links
        (``gate.LINK_TARGET_CHECKS``).

        Read and parsed again: the index keeps only each post's facts, not its Document
        (holding every indexed post's Document would cost memory for the few gated so)."""
        raw = next(iter(read([source])), None)
        return auditor.audit_page(raw).report if raw is not None and raw.ok else None

    link_check = any(s.code in LINK_TARGET_CHECKS for s in auditor.specs)
    # links from the gated posts reach others: with --changed-since every post in the
    # targets named is indexed, besides the folders of the gated posts
    pages = posts.with_site_results(pages, read, in_scope=scopes if by_git else (), covered=scopes if by_git else targets,
                                    audit_links=audit_links if link_check else None)
    if not quiet:
        for note in posts.notes:
            click.echo(note, err=True)
    if by_git and not quiet:
        since = f"since {changed_since}" if changed_since else "in the staged changes"
        n = len(posts.linked)
        if n:
            click.echo(f"seoaudit: {plural(n, 'unchanged post')} {agree(n, 'links', 'link')} to posts deleted, renamed or "
                       f"moved {since}: {agree(n, 'its', 'their')} links are checked too ({' and '.join(LINK_TARGET_CHECKS)} only)", err=True)
        elif not pages and not skipped:
            click.echo(f"seoaudit: no changed posts since {changed_since}" if changed_since else "seoaudit: no staged posts", err=True)
    if not by_git and not quiet:
        # a typo'd glob ("content/post/**") silently held no page to its stricter rules; on a
        # branch's few changed posts an entry that matches none of them is normal
        ok_pages = [p for p in pages if p.status == "ok"]
        for o in gate_config.overrides:
            if ok_pages and not any(o.matches(p.source, p.url) for p in ok_pages):
                _note(f"note: {o.where}: the overrides entry match = {o.match!r} matches none of the "
                      f"{plural(len(ok_pages), 'page')} audited")
    # the posts gated only for their links to a removed post are not what the run scores
    link_only = {source for source, _ in posts.linked}
    scored = [p for p in pages if p.source not in link_only]
    report = AuditReport(pages=tuple(pages), tool_version=__version__, score=site_score_of(scored))
    result = evaluate(report, book, baseline=base, include_passed=include_passed, skipped=tuple(skipped), show_baselined=show_baselined,
                      quiet=quiet,
                      linked=tuple((source, tuple(links)) for source, links in posts.linked), repo_root=root,
                      lines_for=lines_for)
    if staged:  # said even with --quiet: it explains an error
        for source in unstaged_edits(result, index):
            _note(f"{source}: checked the staged version; your working copy differs: git add {source} to check what you see")
    return result


def unstaged_edits(result, index) -> list[str]:
    """The pages failing the gate (errors) whose working copy is not what ``check --staged`` read
    from the index: an author who fixed the file but did not stage the fix sees why it still fails."""
    out: list[str] = []
    for source in dict.fromkeys(a.page for a in result.errors):
        staged = index.content(source)
        try:
            working = Path(source).read_bytes()
        except OSError:
            continue  # deleted from the working tree: nothing to add
        if staged is not None and working != staged:
            out.append(source)
    return out


def exit_code(result) -> int:
    if result.unreadable:
        return EXIT_TARGETS
    return EXIT_OK if result.passed else EXIT_GATE


def write_outputs(result, outputs: list[Output], color: bool, junit_warnings: str = "pass") -> None:
    from .reports.base import RenderContext
    from .reports.gate_formats import get_gate_reporter

    for out in outputs:
        ctx = RenderContext(color=color and out.path is None, junit_warnings=junit_warnings)
        data = get_gate_reporter(out.format).render(result, ctx)
        if out.path is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            continue
        try:
            out.path.parent.mkdir(parents=True, exist_ok=True)
            out.path.write_bytes(data)
        except OSError as exc:
            raise UsageError(f"{out.path}: cannot write {out.format} output ({exc.strerror or exc})") from None


def write_baseline(result, output: Path, kept=None) -> None:
    """The compact baseline of the run's report (baselines.py), pages named from the run's
    git work tree, with the commit it was written on; ``kept``: pages of a pruned file the
    run did not audit."""
    from .baselines import PageKeys, render_baseline
    from .gitchanges import head_commit

    root = Path(result.repo_root) if result.repo_root else None
    keys = PageKeys.for_file(output, root)
    data = render_baseline(result.report, keys, head_commit(root), kept)  # the targets' repository, not the cwd's
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the baseline ({exc.strerror or exc})") from None


def _common_options(func):
    options = [
        click.option("-k", "--keyphrase", "keyphrases", multiple=True, help="Focus keyphrase (repeat for several). Wins over front matter and config."),
        click.option("-c", "--city", "cities", multiple=True, help="Target city (repeat for several)."),
        click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (.toml or .cfg) read after the ones discovered from the targets' folders (.seoaudit.toml, seoaudit.toml, pyproject.toml, setup.cfg)."),
        click.option("--select", "select", multiple=True, help="Only run these checks (code, prefix, name or category)."),
        click.option("--ignore", "ignore", multiple=True, help="Skip these checks."),
        click.option("--preset", "preset", help="Gate preset: recommended (default), strict or none."),
        click.option("--fail-under", "fail_under", type=click.FloatRange(0, 100), help="Fail when a page scores below SCORE (an error-level 'score' assertion)."),
        click.option("--include-drafts", is_flag=True, help="Also check posts with draft: true (or published: false)."),
        click.option("--changed-since", "changed_since", metavar="REF", help="Only files changed since git REF (REF...HEAD, plus uncommitted and new files), and the posts whose links deleted or renamed ones broke; TARGETS then limit the scope."),
        click.option("--staged", is_flag=True, help="Only files staged for commit (git diff --cached), and the posts whose links staged deletions or renames break: for pre-commit; TARGETS then limit the scope."),
        click.option("--timeout", "read_timeout", type=click.FloatRange(min=0.1), help="HTTP read timeout in seconds."),
        click.option("--max-bytes", "max_bytes", type=click.IntRange(min=1), help="Largest response or file to read (default 10 MB)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command("check")
@click.argument("targets", nargs=-1)
@_common_options
@click.option("-f", "--format", "formats", multiple=True, metavar="NAME[:PATH]",
              help="text, json, junit, sarif, github or markdown; NAME:PATH writes a file (repeat for several).")
@click.option("--output-dir", "output_dir", type=click.Path(file_okay=False), help="Write every format given without a PATH here, under its default name.")
@click.option("--include-passed", is_flag=True, help="List passing assertions too.")
@click.option("-q", "--quiet", is_flag=True, help="List errors only (text, markdown, github; warnings are counted in the summary) "
              "and leave out the notes on stderr: for pre-commit hooks.")
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False), help="A file of `seoaudit baseline write` (or a JSON result): fail only on regressions against it.")
@click.option("--show-baselined", is_flag=True, help="List failures already in --baseline too (text, markdown, github); by default they are only counted.")
@click.option("--junit-warnings", "junit_warnings", type=click.Choice(["pass", "skip", "fail"]), default="pass", show_default=True,
              help="What a warning is in the junit format: a passing test with the warning as its output, a skipped test, or a failed test.")
@click.option("--color/--no-color", default=None, help="Colour the terminal summary (default: on a TTY unless NO_COLOR is set).")
def check(targets, keyphrases, cities, config, select, ignore, preset, fail_under, include_drafts, changed_since, staged,
          read_timeout, max_bytes, formats, output_dir, include_passed, quiet, baseline, show_baselined, junit_warnings, color):
    """Audit TARGETS and apply the gate: exit 1 if an error-level assertion fails.

    TARGETS are files (.md .html .txt), directories, globs or URLs (preview deploys).
    Links between the local posts are judged offline: a Related link to a slug no
    post has, or to a draft, is a broken target (ST001).
    Exit codes: 0 passed, 1 gate failed, 2 usage/config error, 3 targets not audited.

    \b
    Examples:
      seoaudit check content/posts/
      seoaudit check content/ --changed-since origin/main -f sarif:seoaudit.sarif
      seoaudit check content/ --staged          (pre-commit: the staged posts)
      seoaudit check _posts/ --fail-under 60 --baseline .seoaudit-baseline.json
    """
    from .registry import ConfigError

    if not targets and not changed_since and not staged:
        _fail("give TARGETS (files, directories, globs or URLs), --changed-since REF or --staged")
    try:
        outputs = plan_outputs(tuple(formats), output_dir, os.environ)
        result = run_gate(targets, keyphrases=keyphrases, cities=cities, config=config, select=select, ignore=ignore,
                          read_timeout=read_timeout, max_bytes=max_bytes, preset=preset, fail_under=fail_under,
                          baseline=baseline, include_passed=include_passed, include_drafts=include_drafts,
                          changed_since=changed_since, staged=staged, show_baselined=show_baselined, quiet=quiet)
        if color is None:
            color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        write_outputs(result, outputs, color, junit_warnings)
    except (ConfigError, UsageError) as exc:
        _fail(str(exc))
    sys.exit(exit_code(result))


@click.group("baseline")
def baseline() -> None:
    """Record the current state so `seoaudit check --baseline` fails only on regressions."""


@baseline.command("write")
@click.argument("targets", nargs=-1)
@_common_options
@click.option("-o", "--output", "output", default=DEFAULT_BASELINE, show_default=True, type=click.Path(dir_okay=False), help="Where to write the baseline JSON.")
@click.option("--prune", is_flag=True, help="Ratchet the existing baseline at -o: drop the failures fixed since, add no new ones (they keep failing the gate).")
def baseline_write(targets, keyphrases, cities, config, select, ignore, preset, fail_under, include_drafts, changed_since, staged,
                   read_timeout, max_bytes, output, prune):
    """Audit TARGETS and write what the gate compares as a baseline: each page's check
    results, named from the repository root, and the commit (see the README).

    With --prune, the baseline at -o is ratcheted instead: what was fixed since it
    leaves it, and nothing new is added (a failure new since it still fails the gate).

    Exits 0 even when the gate fails (recording failures is the point), 3 when a
    target could not be audited, 2 on usage or config errors.
    """
    from .registry import ConfigError
    from .text import agree, plural

    if not targets and not changed_since and not staged:
        _fail("give TARGETS (files, directories, globs or URLs), --changed-since REF or --staged")
    if prune and not Path(output).is_file():
        _fail(f"{output}: no baseline to prune (write one first: seoaudit baseline write TARGET... -o {output})")
    try:
        writable(Path(output), "-o")  # before the run: a file on -o's path failed after every page was audited
        result = run_gate(targets, keyphrases=keyphrases, cities=cities, config=config, select=select, ignore=ignore,
                          read_timeout=read_timeout, max_bytes=max_bytes, preset=preset, fail_under=fail_under,
                          include_passed=True, include_drafts=include_drafts, changed_since=changed_since, staged=staged,
                          baseline=output if prune else None)
        if prune:
            from .baselines import pruned

            ratchet = pruned(result, result.compared_with)  # the baseline the gate compared with, as it read it
            write_baseline(replace(result, report=ratchet.report), Path(output), ratchet.kept)
        else:
            write_baseline(result, Path(output))
    except (ConfigError, UsageError) as exc:
        _fail(str(exc))
    if prune:
        gone = f", {plural(ratchet.dropped_pages, 'deleted post')} dropped" if ratchet.dropped_pages else ""
        new = (f"; {plural(ratchet.not_added, 'failure')} new since it not added (the gate still fails on "
               f"{agree(ratchet.not_added, 'it', 'them')})" if ratchet.not_added else "")
        click.echo(f"seoaudit: pruned baseline {output}: {plural(result.fixed, 'failure')} fixed since it removed{gone}{new}", err=True)
    else:
        click.echo(f"seoaudit: wrote baseline of {plural(len(result.report.pages), 'page')}, {plural(len(result.failures), 'known failure')} to {output}", err=True)
    sys.exit(EXIT_TARGETS if result.unreadable else EXIT_OK)

