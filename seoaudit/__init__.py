"""seoaudit: SEO and local-keyword auditor for clinic blog posts."""

__version__ = "0.1.0"
