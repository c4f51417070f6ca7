"""Harvest dashboard ``/dashboard/harvest`` (German UI) for sysadmins and the owning
organizations' editors."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.jena.harvest import dashboard

bp = Blueprint("jena_harvest", __name__)


def harvest_dashboard() -> str:
    user = model.User.get(tk.current_user.name) if tk.current_user.is_authenticated else None
    if user is None:
        return tk.abort(403, tk._("Please log in to see the harvest dashboard."))
    sources = dashboard.visible_sources(user)
    if not sources and not user.sysadmin:
        return tk.abort(
            403,
            tk._(
                "Only editors of an organization with harvest sources "
                "can see the harvest dashboard."
            ),
        )
    overviews = [dashboard.source_overview(s) for s in sources]
    return tk.render("jena_harvest/dashboard.html", {"sources": overviews})


bp.add_url_rule("/dashboard/harvest", view_func=harvest_dashboard)


def get_blueprints() -> list[Blueprint]:
    return [bp]
