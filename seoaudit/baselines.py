"""The baseline file: what ``seoaudit baseline write`` records, and what ``check --baseline`` reads.

**Page keys** (``PageKeys``). A baseline is committed and read back in other clones, from
other working directories (a CI job with ``working-directory: site``), so a page is named
as the repository names it: a local file by its path from the root of the git work tree
the run is in (as the GitHub and SARIF outputs name it); a file outside a work tree (or
outside that one) by its path from the baseline file's folder, which moves with the file;
a URL by the URL.

**Renames.** ``baseline write`` records the commit it ran on; ``check`` asks git for the
files renamed since (``load_for_check``), and a renamed post is compared with its old path's
entry (``Baseline.renamed``).

**The file** holds, per page, only what the gate compares (``gate.apply_baseline``): the
page and category scores, and for every check that was applicable its status, score and
value, with the evidence items that are findings (``CheckSpec.findings``: broken targets,
weak links, claim wordings) in the fields the findings are made of. Pages are sorted by
key, checks in the registry's order, one check a line: the same results give the same
bytes in any clone. No absolute path, no message, no sentence that is not a finding::

    {"seoaudit_baseline": 1, "tool": {...}, "commit": "3f9c...",
     "pages": {"content/blog/x.md": {"score": 61.3, "categories": {"basics": 75.0, ...}, "checks": [
        {"code": "BA002", "status": "bad", "score": 15.0, "value": 0},
        {"code": "ST001", "status": "bad", "score": 15.0, "value": {...}, "evidence": [{"text": "/blog/gone/", "status": "bad"}]}]}}}

A JSON result (``seoaudit audit -f json``, ``check -f json``: the full report, pages named
by the path the run was given) is still read as a baseline (``_legacy_pages``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import unquote, urlsplit

from .gate import findings_of, local_path, match_findings, repo_relative
from .models import AuditReport, CheckResult, Evidence, PageReport
from .registry import ConfigError

#: the version of the file ``baseline write`` writes, under the key ``seoaudit_baseline``
FORMAT = 1
#: the evidence fields a check's ``findings`` reads (checks/links.py, claims.py, site_links.py)
FINDING_FIELDS = ("text", "verdict", "status", "detail", "highlights")


@dataclass(frozen=True)
class PageKeys:
    """How a baseline names a page (see the module doc).

    ``cwd`` is where the run's relative paths start; ``repo_root`` the git work tree the
    run is in (None outside git); ``folder`` the baseline file's folder."""

    cwd: Path
    repo_root: Path | None
    folder: Path

    @classmethod
    def for_file(cls, baseline_path: str | Path, repo_root: Path | None) -> "PageKeys":
        return cls(cwd=Path.cwd().resolve(), repo_root=repo_root, folder=Path(baseline_path).resolve().parent)

    def of_path(self, path: str) -> str:
        """The key of a local file (``path`` relative to ``cwd``, or absolute)."""
        if self.repo_root is not None:
            rel = repo_relative(path, str(self.cwd), str(self.repo_root))
            if rel is not None:
                return rel
        full = os.path.normpath(os.path.join(self.cwd, path))
        return Path(os.path.relpath(full, self.folder)).as_posix()

    def of(self, page: PageReport) -> str:
        path = local_path(page, self.cwd)
        return self.of_path(path) if path is not None else page.source  # not a file: a URL, or stdin


@dataclass(frozen=True)
class Baseline:
    """The pages of an earlier run by key (``PageKeys``).

    Built from a file here; issue #3's history store can build one from its last run of
    the same targets and nothing else in the gate changes.
    """

    origin: str
    pages: Mapping[str, PageReport]
    keys: PageKeys
    # whether the file lists every check's findings (seoaudit's files always do): then a
    # check that failed with no findings had none, and every finding it has now is new
    evidence_listed: bool = True
    commit: str | None = None  # the commit ``baseline write`` ran on (None: not recorded)
    # new key -> old key of the posts git reports renamed since ``commit``
    renamed: Mapping[str, str] = field(default_factory=dict)

    def page_for(self, page: PageReport) -> PageReport | None:
        key = self.keys.of(page)
        found = self.pages.get(key)
        if found is None and page.url.startswith(("http://", "https://")):
            found = self.pages.get(page.url)  # a URL named otherwise (before its redirects)
        if found is None and key in self.renamed:
            found = self.pages.get(self.renamed[key])
        return found


# ---- writing ------------------------------------------------------------------------------------


def _finding_entry(e: Evidence) -> dict:
    entry: dict[str, Any] = {}
    for name in FINDING_FIELDS:
        value = getattr(e, name)
        if value:
            entry[name] = list(value) if isinstance(value, tuple) else value
    return entry


def _stored(score: float | None) -> float | None:
    """A score as the file keeps it: six decimals, the same bytes in every clone, and never
    above or below what the gate compares it with (one decimal made 86.58 a "regression"
    against its own 86.6)."""
    return None if score is None else round(score, 6)


def _check_entry(c: CheckResult) -> dict:
    entry: dict[str, Any] = {"code": c.code, "status": c.status, "score": _stored(c.score)}
    if c.value is not None:
        entry["value"] = c.value
    findings = findings_of(c.code)
    if findings is not None:
        items = [_finding_entry(e) for e in c.evidence if findings(e) is not None]
        if items:
            entry["evidence"] = items
    return entry


def _page_entry(page: PageReport) -> dict:
    return {
        "score": _stored(page.score),
        "categories": {k: _stored(v) for k, v in page.categories.items()},
        # a check that was not applicable passes every assertion: nothing to compare
        "checks": [_check_entry(c) for c in page.checks if c.status != "na"],
    }


def baseline_dict(report: AuditReport, keys: PageKeys, commit: str | None) -> dict:
    """The baseline of ``report``: pages that could not be audited have nothing to compare."""
    pages: dict[str, dict] = {}
    for page in report.pages:
        if page.status == "ok":
            pages.setdefault(keys.of(page), _page_entry(page))
    return {
        "seoaudit_baseline": FORMAT,
        "tool": {"name": "seoaudit", "version": report.tool_version},
        "commit": commit,
        "pages": dict(sorted(pages.items())),
    }


def render_baseline(report: AuditReport, keys: PageKeys, commit: str | None,
                    kept: Mapping[str, PageReport] | None = None) -> bytes:
    """The file's bytes; ``kept``: pages (by key) the run did not audit, carried over as
    they were (``pruned``)."""
    from .reports.jsonfmt import dumps_readable

    data = baseline_dict(report, keys, commit)
    if kept:
        data["pages"] = dict(sorted({**{k: _page_entry(p) for k, p in kept.items()}, **data["pages"]}.items()))
    # one line per check (depth 4: file > pages > page > checks > check): reviewable diffs
    return (dumps_readable(data, inline_depth=4) + "\n").encode("utf-8")


# ---- ratcheting: ``baseline write --prune`` ------------------------------------------------------


@dataclass(frozen=True)
class Pruned:
    """What ``baseline write --prune`` writes: the run's pages as the baseline should now
    know them, the baseline's pages the run did not audit, and what changed."""

    report: AuditReport
    kept: Mapping[str, PageReport]  # by key: pages of the file this run did not audit, still there
    not_added: int  # failures new since the baseline, left out so that they still fail the gate
    dropped_pages: int  # pages of the file whose local file is gone


def _still_present(findings: Callable, before: CheckResult, now: CheckResult | None) -> CheckResult:
    """``before`` with only the findings ``now`` still has (by the finding's key, repeats
    counted): a fixed broken link leaves the baseline, a new one is not added."""
    kept, _ = match_findings(findings, now.evidence if now is not None else (), before.evidence)
    return replace(before, evidence=tuple(e for _, e in kept))


def _pruned_page(page: PageReport, before: PageReport, regressed: set[str]) -> PageReport:
    """``page`` as a ratcheted baseline records it: what is as good as the baseline or
    better as it is now; what regressed (``regressed``: the assertion targets that fail
    anew) as the baseline had it, so it still fails, minus the findings fixed since; a check
    that fails now and was not in the baseline left out, so it is still new."""
    from .gate import CATEGORY_PREFIX, PAGE_SCORE

    old = {c.code: c for c in before.checks}
    checks = []
    for c in page.checks:
        if c.code not in regressed:
            checks.append(c)
        elif c.code in old:
            findings = findings_of(c.code)
            checks.append(old[c.code] if findings is None else _still_present(findings, old[c.code], c))
    categories = {name: before.categories.get(name) if CATEGORY_PREFIX + name in regressed else score
                  for name, score in page.categories.items()}
    score = before.score if PAGE_SCORE in regressed else page.score
    return replace(page, checks=tuple(checks), categories=categories, score=score)


def pruned(result, base: Baseline) -> Pruned:
    """The ratchet of ``result`` (a gate run with ``--baseline``) against ``base``: only the
    baseline's known failures that still fail (as badly or less) stay, with the findings
    still there; failures new since the baseline and pages it did not have are not added,
    so the next ``check --baseline`` still fails on them. Pages of the file that this run
    did not audit are kept, unless they are local files that no longer exist."""
    regressed: dict[str, set[str]] = {}
    new = 0  # failures new since the baseline: left out, so they still fail
    for a in result.assertions:
        if not a.passed and not a.baselined:
            regressed.setdefault(a.page, set()).add(a.check)
            new += 1
    pages, matched = [], set()
    for page in result.report.pages:
        before = base.page_for(page) if page.status == "ok" else None
        if before is None:
            continue  # a new page, or one that could not be audited now: nothing known to keep
        matched.add(id(before))
        pages.append(_pruned_page(page, before, regressed.get(page.source, set())))
    kept, dropped = {}, 0
    for key, page in base.pages.items():
        if id(page) in matched:
            continue
        if "://" not in key and not any(folder.joinpath(key).exists() for folder in (base.keys.repo_root, base.keys.folder) if folder):
            dropped += 1  # the post was deleted (a rename was followed above)
            continue
        kept[key] = page
    return Pruned(report=replace(result.report, pages=tuple(pages)), kept=kept, not_added=new, dropped_pages=dropped)


# ---- reading ------------------------------------------------------------------------------------


def _evidence_from_dict(e: Any) -> Evidence | None:
    if not isinstance(e, Mapping):
        return None
    return Evidence(kind=str(e.get("kind", "")), text=str(e.get("text", "")), verdict=str(e.get("verdict", "")),
                    status=str(e.get("status", "")), highlights=tuple(str(h) for h in e.get("highlights") or ()),
                    detail=str(e.get("detail", "")), line=e.get("line"))


def _page_from_dict(d: Mapping[str, Any], source: str | None = None) -> PageReport:
    checks = tuple(
        CheckResult(code=c["code"], name=c.get("name", ""), category=c.get("category", ""), status=c.get("status", "na"),
                    score=c.get("score"), value=c.get("value"), message=c.get("message", ""),
                    # the findings, to tell new ones from known ones (a file without them still loads)
                    evidence=tuple(e for e in map(_evidence_from_dict, c.get("evidence") or ()) if e is not None))
        for c in d.get("checks", ())
    )
    return PageReport(source=d.get("source", "") if source is None else source, url=d.get("url", ""),
                      status=d.get("status", "ok"), error=d.get("error"), score=d.get("score"),
                      categories=dict(d.get("categories") or {}), checks=checks, title=d.get("title", ""),
                      kind=d.get("kind", "html"))


def _legacy_pages(report: Mapping[str, Any], keys: PageKeys) -> tuple[dict[str, PageReport], bool]:
    """The pages of a JSON result by key, and whether it lists every check's evidence.

    Such a file names a local file by the path the run was given (relative to where it
    ran) and by its ``file://`` URL: the URL's path is the file's in this checkout when
    the file was written here (from any folder); the source, when it is run from the
    folder it was written in, as before keys existed."""
    pages: dict[str, PageReport] = {}
    evidence_listed = True
    for d in report["pages"]:
        evidence_listed = evidence_listed and all("evidence" in c for c in d.get("checks", ()))
        page = _page_from_dict(d)
        if page.status != "ok":
            continue
        if page.url.startswith("file:"):
            pages.setdefault(keys.of_path(unquote(urlsplit(page.url).path)), page)
        pages.setdefault(keys.of(page), page)
        if page.url.startswith(("http://", "https://")):
            pages.setdefault(page.url, page)
    return pages, evidence_listed


def _compact_pages(data: Mapping[str, Any], path: str) -> dict[str, PageReport]:
    if data["seoaudit_baseline"] != FORMAT:
        raise ConfigError(f"{path}: a baseline of format {data['seoaudit_baseline']!r}; this seoaudit reads format {FORMAT} "
                          "(write it again with `seoaudit baseline write`)")
    pages = data["pages"]
    if not isinstance(pages, Mapping):
        raise TypeError("'pages' is not an object")
    return {str(key): _page_from_dict(entry, source=str(key)) for key, entry in pages.items()}


def load_baseline(path: str, keys: PageKeys | None = None) -> Baseline:
    """A baseline from ``seoaudit baseline write``, or from ``seoaudit audit -f json`` /
    ``seoaudit check -f json`` output. ``keys``: how this run names pages (default: from
    the working directory, its git work tree and the file's folder)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: not a readable JSON baseline ({str(exc).splitlines()[0]})") from None
    if keys is None:
        from .gitchanges import work_tree_root

        keys = PageKeys.for_file(path, work_tree_root())
    try:
        if isinstance(data, dict) and "seoaudit_baseline" in data:
            commit = data.get("commit")
            return Baseline(origin=str(path), pages=_compact_pages(data, path), keys=keys,
                            commit=commit if isinstance(commit, str) and commit else None)
        report = data.get("report", data) if isinstance(data, dict) else None
        if not isinstance(report, dict) or not isinstance(report.get("pages"), list):
            raise ConfigError(f"{path}: not a seoaudit baseline or JSON result (no 'pages'; write one with `seoaudit baseline write`)")
        pages, evidence_listed = _legacy_pages(report, keys)
    except ConfigError:
        raise  # already names the file and the cause (a ConfigError is a ValueError)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ConfigError(f"{path}: not a seoaudit baseline ({type(exc).__name__}: {exc})") from None
    return Baseline(origin=str(path), pages=pages, keys=keys, evidence_listed=evidence_listed)


def load_for_check(path: str, repo_root: Path | None, staged: bool = False,
                   warn: Callable[[str], None] | None = None) -> Baseline:
    """The baseline ``check --baseline`` compares with: pages named from ``repo_root`` (the
    run's git work tree, None outside git), and the posts git reports renamed since the
    commit the file was written on followed (for a file without one, such as a JSON result:
    since the last commit that changed the file), to the index with ``staged``. ``warn``
    hears when that commit is not in this clone, so renamed posts have no baseline."""
    from .gitchanges import last_commit_of, renamed_files

    base = load_baseline(path, PageKeys.for_file(path, repo_root))
    if repo_root is None:
        return base
    commit = base.commit or last_commit_of(Path(path).resolve(), repo_root)
    renamed = renamed_files(commit, repo_root, staged=staged) if commit else {}
    if renamed is None:
        if warn is not None:
            warn(f"{path}: its commit {commit[:12]} is not in this clone, so a post renamed since has no baseline "
                 "(fetch it, e.g. check out with fetch-depth: 0)")
        return base
    return replace(base, renamed=renamed)
