"""Blueprint ``jena_theme``: the "Daten nutzen" page, the legal pages and the resource
preview endpoints."""

from __future__ import annotations

import logging
import os
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, jsonify

from ckanext.jena.theme import helpers, pages, preview

log = logging.getLogger(__name__)

jena_theme = Blueprint("jena_theme", __name__)


def use_data() -> str:
    return tk.render("jena/use_data.html", extra_vars={"example": _example_dataset()})


def _example_dataset() -> dict[str, Any] | None:
    try:
        result = tk.get_action("package_search")({}, {"rows": 1, "sort": "metadata_modified desc"})
    except Exception:  # noqa: BLE001 - the page explains the API even without data
        return None
    return result["results"][0] if result.get("results") else None


def _page(name: str, title: str) -> str:
    text = pages.page_markdown(name, helpers.jena_lang())
    if text is None:
        log.error("page %s: no Markdown file found (ckanext.jena.pages.%s)", name, name)
    return tk.render(
        "jena/markdown_page.html",
        extra_vars={"page_name": name, "page_title": title, "page_text": text},
    )


def accessibility() -> str:
    return _page("accessibility", tk._("Accessibility statement"))


def imprint() -> str:
    return _page("imprint", tk._("Legal notice"))


def privacy() -> str:
    return _page("privacy", tk._("Privacy policy"))


# ------------------------------------------------------------------ previews
def N_(message: str) -> str:  # noqa: N802 - gettext marker: extracted, translated later
    return message


PREVIEW_ERRORS = {
    "host_not_allowed": N_("The preview is not available for files on this server."),
    "unreachable": N_("The file could not be loaded for the preview."),
    "http_status": N_("The file could not be loaded for the preview."),
    "too_large": N_("The file is too large for a preview. Please download it."),
    "empty": N_("The file is empty."),
    "not_csv": N_("The file could not be read as CSV."),
    "not_geojson": N_("The file could not be read as GeoJSON."),
    "no_preview": N_("There is no preview for this format."),
}


def _resource(id: str, resource_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    context = {"user": tk.current_user.name, "auth_user_obj": tk.current_user}
    try:
        pkg = tk.get_action("package_show")(context, {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset not found"))
    for res in pkg.get("resources", []):
        if res["id"] == resource_id:
            return pkg, res
    return tk.abort(404, tk._("Resource not found"))


def _allowed_hosts() -> list[str]:
    return tk.aslist(tk.config.get("ckanext.jena.preview.allowed_hosts"))


def _load(res: dict[str, Any]) -> bytes:
    max_bytes = tk.asint(tk.config.get("ckanext.jena.preview.max_bytes"))
    if res.get("url_type") == "upload":
        from ckan.lib import uploader  # noqa: PLC0415

        path = uploader.get_resource_uploader(res).get_path(res["id"])
        if not os.path.isfile(path):
            raise preview.PreviewError("unreachable", "upload missing")
        if os.path.getsize(path) > max_bytes:
            raise preview.PreviewError("too_large", str(max_bytes))
        with open(path, "rb") as f:
            return f.read()
    timeout = float(tk.config.get("ckanext.jena.preview.timeout"))
    return preview.fetch(res.get("url") or "", _allowed_hosts(), max_bytes, timeout)


def table_preview(res: dict[str, Any]) -> dict[str, Any]:
    """``{table, error}`` for a CSV resource (used by the resource page)."""
    try:
        data = _load(res)
        max_rows = tk.asint(tk.config.get("ckanext.jena.preview.max_rows"))
        return {"table": preview.parse_csv(data, max_rows), "error": None}
    except preview.PreviewError as exc:
        log.info("no table preview for %s: %s", res.get("id"), exc)
        return {"table": None, "error": tk._(PREVIEW_ERRORS[exc.code])}


def geojson(id: str, resource_id: str) -> Response:
    """The resource's GeoJSON for the preview map (same origin, bounded size)."""
    _pkg, res = _resource(id, resource_id)
    if helpers.jena_preview_kind(res) != "map":
        code = "no_preview"
        resp = jsonify({"error": tk._(PREVIEW_ERRORS[code]), "code": code})
        resp.status_code = 400
        return resp
    try:
        obj = preview.parse_geojson(_load(res))
    except preview.PreviewError as exc:
        resp = jsonify({"error": tk._(PREVIEW_ERRORS[exc.code]), "code": exc.code})
        resp.status_code = 502 if exc.code in ("unreachable", "http_status") else 422
        return resp
    resp = jsonify(obj)
    resp.headers["Content-Type"] = "application/geo+json"
    return resp


jena_theme.add_url_rule("/daten-nutzen", view_func=use_data, endpoint="use_data")
jena_theme.add_url_rule("/barrierefreiheit", view_func=accessibility, endpoint="accessibility")
jena_theme.add_url_rule("/impressum", view_func=imprint, endpoint="imprint")
jena_theme.add_url_rule("/datenschutz", view_func=privacy, endpoint="privacy")
jena_theme.add_url_rule(
    "/dataset/<id>/resource/<resource_id>/vorschau.geojson",
    view_func=geojson,
    endpoint="preview_geojson",
)


def get_blueprints() -> list[Blueprint]:
    return [jena_theme]
