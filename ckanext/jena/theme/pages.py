"""Configurable Markdown pages (accessibility statement, legal notice, privacy).

``ckanext.jena.pages.<name>`` names a Markdown file; ``{lang}`` in the path is replaced
by the page language (``de``/``en``; German is used when the English file is missing).
Relative paths are resolved against the directory of the CKAN configuration file.
Default: ``config/pages/<name>.{lang}.md`` of the source checkout.
"""

from __future__ import annotations

import os

import ckan.plugins.toolkit as tk

PAGES = ("accessibility", "imprint", "privacy")
_REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def _template(name: str) -> str:
    configured = tk.config.get(f"ckanext.jena.pages.{name}") or ""
    if not configured:
        return os.path.join(_REPO, "config", "pages", f"{name}.{{lang}}.md")
    if os.path.isabs(configured):
        return configured
    ini = tk.config.get("__file__") or ""
    base = os.path.dirname(os.path.abspath(ini)) if ini else os.getcwd()
    return os.path.join(base, configured)


def page_path(name: str, lang: str) -> str | None:
    """The existing file for page ``name`` in ``lang`` (or German), else None."""
    template = _template(name)
    for candidate_lang in dict.fromkeys((lang, "de")):
        path = template.replace("{lang}", candidate_lang)
        if os.path.isfile(path):
            return path
    return None


def page_markdown(name: str, lang: str) -> str | None:
    path = page_path(name, lang)
    if path is None:
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()
