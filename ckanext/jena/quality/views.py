"""``/organization/<id>/qualitaet``: the organization's quality overview for its editors."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

quality = Blueprint("jena_quality", __name__)


def organization(id: str) -> str:
    context = {"user": tk.current_user.name}
    try:
        tk.check_access("jena_quality_organization", context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only editors of the organization may see its quality overview"))
    data = tk.get_action("jena_quality_organization")(context, {"id": id, "lang": tk.h.lang()})
    return tk.render("jena_quality/organization.html", {"quality": data})


quality.add_url_rule("/organization/<id>/qualitaet", view_func=organization)


def get_blueprints() -> list[Blueprint]:
    return [quality]
