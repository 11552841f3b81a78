"""Every check seoaudit runs, family by family, in the order reports show them."""

from __future__ import annotations

from . import basics, keyword, links, local, readability

#: Explicit list: adding a check means adding it to its module's CHECKS tuple.
FAMILIES = (keyword, local, readability, links, basics)
ALL_CHECKS = tuple(func.spec for fam in FAMILIES for func in fam.CHECKS)
