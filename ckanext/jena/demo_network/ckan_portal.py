"""The previous opendata.jena.de: a CKAN 2.9 action API over recorded datasets.

``package_search`` (q, fq on organization/groups/tags, rows, start, sort), ``package_show``,
``package_list``, ``organization_list``, ``group_list``, ``status_show``; dataset pages and
resource downloads under ``/dataset/...``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ckanext.jena.demo_network.base import (
    Content,
    Request,
    Response,
    content_type_for,
    html_page,
    json_response,
    ok,
)

MAX_ROWS = 1000
HELP = {
    "package_search": "Datensätze suchen: q, fq, rows (höchstens 1000), start, sort.",
    "package_show": "Einen Datensatz anzeigen: id (Name oder ID).",
    "package_list": "Namen aller Datensätze.",
    "organization_list": "Namen aller Organisationen.",
    "group_list": "Namen aller Kategorien.",
    "status_show": "Version und Erweiterungen des Portals.",
}
_FQ = re.compile(r"(organization|groups|tags|res_format|name):\(?([^()]+?)\)?(?:\s+AND\s+|$)")


class CkanPortal:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.packages = [self._complete(p) for p in content.json("ckan/packages.json")]
        self.by_key = {p["id"]: p for p in self.packages} | {p["name"]: p for p in self.packages}

    def _complete(self, pkg: dict[str, Any]) -> dict[str, Any]:
        pkg = dict(pkg)
        pkg.setdefault("type", "dataset")
        pkg.setdefault("state", "active")
        pkg.setdefault("private", False)
        pkg.setdefault("version", None)
        pkg["tags"] = [
            {"name": t, "display_name": t, "state": "active"} for t in pkg.get("tags", [])
        ]
        resources = []
        for pos, res in enumerate(pkg.get("resources", [])):
            res = dict(res)
            res["package_id"] = pkg["id"]
            res["position"] = pos
            res.setdefault("state", "active")
            res.setdefault("url_type", "upload")
            res.setdefault("description", "")
            res.setdefault("hash", "")
            res["url"] = (
                f"{self.content.base}/ckan/dataset/{pkg['id']}/resource/{res['id']}"
                f"/download/{res['file']}"
            )
            if self.content.exists("data/" + res["file"]):
                res["size"] = len(self.content.bytes("data/" + res["file"]))
            resources.append(res)
        pkg["resources"] = resources
        pkg["num_resources"] = len(resources)
        pkg["num_tags"] = len(pkg["tags"])
        return pkg

    # -- routing ----------------------------------------------------------------------
    def handle(self, req: Request, sub: str) -> Response | None:
        if sub == "/":
            return self.home()
        m = re.fullmatch(r"/api/(?:3/)?action/(\w+)", sub)
        if m:
            return self.action(m.group(1), req)
        m = re.fullmatch(r"/dataset/([^/]+)/resource/([^/]+)/download/([^/]+)", sub)
        if m:
            pkg = self.by_key.get(m.group(1))
            res = next((r for r in (pkg or {}).get("resources", []) if r["id"] == m.group(2)), None)
            if (
                res is None
                or res["file"] != m.group(3)
                or not self.content.exists("data/" + res["file"])
            ):
                return None
            return ok(self.content.bytes("data/" + res["file"]), content_type_for(res["file"]))
        m = re.fullmatch(r"/dataset/([^/]+)", sub)
        if m and m.group(1) in self.by_key:
            return self.dataset_page(self.by_key[m.group(1)])
        return None

    def _api(self, result: Any, action: str) -> Response:
        return json_response(
            {
                "help": f"{self.content.base}/ckan/api/3/action/help_show?name={action}",
                "success": True,
                "result": result,
            }
        )

    def _api_error(self, status: int, action: str, kind: str, message: str) -> Response:
        resp = json_response(
            {
                "help": f"{self.content.base}/ckan/api/3/action/help_show?name={action}",
                "success": False,
                "error": {"__type": kind, "message": message},
            }
        )
        resp.status = status
        return resp

    def action(self, name: str, req: Request) -> Response:
        if name == "package_search":
            return self.package_search(req)
        if name == "package_show":
            pkg = self.by_key.get(req.arg("id") or "")
            if pkg is None:
                return self._api_error(404, name, "Not Found Error", "Datensatz nicht gefunden")
            return self._api(pkg, name)
        if name == "package_list":
            return self._api(sorted(p["name"] for p in self.packages), name)
        if name == "organization_list":
            return self._api(sorted({p["organization"]["name"] for p in self.packages}), name)
        if name == "group_list":
            return self._api(sorted({g["name"] for p in self.packages for g in p["groups"]}), name)
        if name == "help_show":
            return self._api(HELP.get(req.arg("name") or "", "Keine Hilfe verfügbar."), name)
        if name == "status_show":
            return self._api(
                {
                    "site_title": "Open Data Jena",
                    "site_url": f"{self.content.base}/ckan",
                    "ckan_version": "2.9.11",
                    "site_description": "Offene Daten der Stadt Jena",
                    "locale_default": "de",
                    "extensions": ["dcat", "scheming_datasets", "ogdch"],
                },
                name,
            )
        return self._api_error(400, name, "Bad Request", f"Unbekannte Aktion: {name}")

    def package_search(self, req: Request) -> Response:
        action = "package_search"
        try:
            rows = int(req.arg("rows", "10") or 10)
            start = int(req.arg("start", "0") or 0)
        except ValueError:
            return self._api_error(
                409, action, "Validation Error", "rows/start: ganze Zahl erwartet"
            )
        if rows < 0 or start < 0:
            return self._api_error(409, action, "Validation Error", "rows/start: nicht negativ")
        rows = min(rows, MAX_ROWS)
        found = [p for p in self.packages if self._matches(p, req.arg("q"), req.arg("fq"))]
        sort = (req.arg("sort") or "score desc, metadata_modified desc").split(",")[0].split()
        key, desc = (sort[0], len(sort) > 1 and sort[1] == "desc") if sort else ("name", False)
        if key not in ("id", "name", "title", "metadata_modified", "metadata_created"):
            key, desc = "metadata_modified", True
        found.sort(key=lambda p: str(p.get(key) or ""), reverse=desc)
        return self._api(
            {
                "count": len(found),
                "sort": " ".join(sort),
                "facets": {},
                "search_facets": {},
                "results": found[start : start + rows],
            },
            action,
        )

    @staticmethod
    def _matches(pkg: dict[str, Any], q: str | None, fq: str | None) -> bool:
        if q and q.strip() not in ("", "*:*"):
            text = " ".join(
                [pkg["title"], pkg.get("notes") or ""] + [t["name"] for t in pkg["tags"]]
            ).lower()
            if not all(word in text for word in q.lower().split()):
                return False
        for field, values in _FQ.findall(fq or ""):
            wanted = {v.strip().strip('"') for v in values.split(" OR ")}
            have: set[str]
            if field == "organization":
                have = {pkg["organization"]["name"]}
            elif field == "groups":
                have = {g["name"] for g in pkg["groups"]}
            elif field == "tags":
                have = {t["name"] for t in pkg["tags"]}
            elif field == "res_format":
                have = {r.get("format", "") for r in pkg["resources"]}
            else:
                have = {pkg["name"]}
            if not wanted & have:
                return False
        return True

    def home(self) -> Response:
        items = "\n".join(
            f'<li><a href="{self.content.base}/ckan/dataset/{p["name"]}">'
            f"{html.escape(p['title'])}</a></li>"
            for p in sorted(self.packages, key=lambda p: p["title"])
        )
        body = (
            "<p>Das bisherige Open-Data-Portal der Stadt Jena (CKAN). API: "
            f'<a href="{self.content.base}/ckan/api/3/action/package_search">package_search</a>'
            f"</p>\n<ul>{items}</ul>"
        )
        return ok(html_page("Open Data Jena", body), "text/html; charset=utf-8")

    def dataset_page(self, pkg: dict[str, Any]) -> Response:
        res = "\n".join(
            f'<li><a href="{r["url"]}">{html.escape(r["name"])}</a> ({r.get("format", "")})</li>'
            for r in pkg["resources"]
        )
        body = f"<p>{html.escape(pkg.get('notes') or '')}</p>\n<ul>{res}</ul>"
        return ok(html_page(html.escape(pkg["title"]), body), "text/html; charset=utf-8")
