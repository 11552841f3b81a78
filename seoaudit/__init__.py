"""seoaudit: SEO and local-keyword auditor for clinic blog posts."""

__version__ = "0.1.0"

#: the output formats of ``seoaudit audit``: its ``-f`` choices and the config's ``format``
#: values (here, not in config.py, so that ``seoaudit --help`` does not import the config)
AUDIT_FORMATS = ("html", "json", "text")
