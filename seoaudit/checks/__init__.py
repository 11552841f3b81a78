"""Every check seoaudit runs, family by family, in the order reports show them."""

from __future__ import annotations

from . import basics, claims, conversion, keyword, links, local, localbusiness, readability, site_links, trust

#: Explicit list: adding a check means adding it to its module's CHECKS tuple.
FAMILIES = (keyword, local, readability, links, basics, claims, trust, localbusiness, conversion, site_links)
ALL_CHECKS = tuple(func.spec for fam in FAMILIES for func in fam.CHECKS)
