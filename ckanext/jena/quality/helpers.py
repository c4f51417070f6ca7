"""Template helpers of ``jena_quality``."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

RATING_LABELS = {
    "excellent": "Excellent",
    "good": "Good",
    "sufficient": "Sufficient",
    "bad": "Bad",
}


def jena_quality_for(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset's quality for the panel, or None if the user may not see it."""
    if not pkg or not pkg.get("id"):
        return None
    try:
        tk.check_access("jena_quality_score", {"user": tk.current_user.name}, {"id": pkg["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound, AttributeError):
        return None
    return tk.get_action("jena_quality_score")(
        {"user": tk.current_user.name}, {"id": pkg["id"], "lang": tk.h.lang()}
    )


def jena_quality_can_see_organization(org_id: str) -> bool:
    try:
        tk.check_access("jena_quality_organization", {"user": tk.current_user.name}, {"id": org_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, AttributeError):
        return False
    return True


def jena_quality_rating_label(key: str) -> str:
    return tk._(RATING_LABELS.get(key, key))


def get_helpers() -> dict[str, Any]:
    return {
        "jena_quality_for": jena_quality_for,
        "jena_quality_can_see_organization": jena_quality_can_see_organization,
        "jena_quality_rating_label": jena_quality_rating_label,
    }
