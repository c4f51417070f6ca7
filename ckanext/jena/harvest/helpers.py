"""Template helpers of ``jena_harvest``."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.jena.harvest.base import SOURCE_FIELD, SOURCE_URI_FIELD


def jena_harvest_origin(pkg_dict: dict[str, Any] | None) -> dict[str, Any] | None:
    """Where a harvested dataset comes from: source name/title/URL and the record's URL
    at the source; None for datasets maintained in the portal."""
    if not pkg_dict:
        return None
    name = pkg_dict.get(SOURCE_FIELD)
    if not name:
        extras = {e.get("key"): e.get("value") for e in pkg_dict.get("extras") or []}
        name = extras.get(SOURCE_FIELD)
        record_url = extras.get(SOURCE_URI_FIELD)
    else:
        record_url = pkg_dict.get(SOURCE_URI_FIELD)
    if not name:
        return None
    cache = _request_cache()
    if (name, record_url) not in cache:
        cache[(name, record_url)] = _origin(name, record_url)
    return cache[(name, record_url)]


def _request_cache() -> dict[Any, Any]:
    """Per request (the dataset page asks twice: notice and origin box); a fresh dict
    outside a request."""
    try:
        return tk.g.setdefault("jena_harvest_origin_cache", {})
    except (RuntimeError, AttributeError):
        return {}


def _origin(name: str, record_url: str | None) -> dict[str, Any]:
    source = model.Package.get(name)
    title = source.title if source is not None else name
    url = None
    if source is not None:
        from ckanext.harvest.model import HarvestSource

        hs = HarvestSource.get(source.id)
        url = hs.url if hs else None
    return {"name": name, "title": title, "url": url, "record_url": record_url}


def jena_harvest_dashboard_visible() -> bool:
    """True for sysadmins and editors of organizations that own harvest sources."""
    from ckanext.jena.harvest.dashboard import visible_sources

    if not tk.current_user.is_authenticated:
        return False
    user = model.User.get(tk.current_user.name)
    return bool(user and (user.sysadmin or visible_sources(user)))


def get_helpers() -> dict[str, Any]:
    return {
        "jena_harvest_origin": jena_harvest_origin,
        "jena_harvest_dashboard_visible": jena_harvest_dashboard_visible,
    }
