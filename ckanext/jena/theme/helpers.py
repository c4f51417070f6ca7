"""Template helpers of the theme (registered with the ``jena_`` prefix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk


def jena_portal_claim() -> str:
    """The portal's claim shown on the home page, from configuration."""
    return tk.config.get("ckanext.jena.portal_claim") or tk._(
        "Open data of the city of Jena and its municipal companies"
    )


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {"jena_portal_claim": jena_portal_claim}
