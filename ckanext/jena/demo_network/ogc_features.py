"""The Urban Data Platform's OGC API – Features (Part 1): landing page, conformance,
API definition, ``/collections`` (paged with ``limit``/``offset`` and ``next`` links),
``/collections/{id}`` and ``/collections/{id}/items`` (GeoJSON, paged, ``bbox``)."""

from __future__ import annotations

import copy
import html
import re
from typing import Any

from ckanext.jena.demo_network.base import (
    Content,
    Request,
    Response,
    error,
    html_page,
    json_response,
    ok,
)

GEOJSON = "application/geo+json"
COLLECTIONS_PAGE = 3
ITEMS_PAGE = 10
MAX_LIMIT = 1000
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]


def _int(value: str | None, default: int, lo: int, hi: int) -> int | None:
    if value in (None, ""):
        return default
    if not value.isdigit():
        return None
    return max(lo, min(hi, int(value)))


class OgcFeatures:
    #: path prefix of the service and its content folder
    PREFIX = "/ogc-features"
    FOLDER = "ogc"

    def __init__(self, content: Content) -> None:
        self.content = content
        self.root = content.base + self.PREFIX
        self.landing = content.json(f"{self.FOLDER}/landing.json")
        self.collections = content.json(f"{self.FOLDER}/collections.json")
        self.by_id = {c["id"]: c for c in self.collections}

    def handle(self, req: Request, sub: str) -> Response | None:
        if req.arg("f") == "html":
            return self._html(sub)
        if sub == "/":
            return json_response(self.landing)
        if sub == "/conformance":
            return json_response({"conformsTo": CONFORMANCE})
        if sub == "/api":
            return json_response(self._openapi(), "application/vnd.oai.openapi+json;version=3.0")
        if sub == "/collections":
            return self._collections(req)
        m = re.fullmatch(r"/collections/([\w-]+)(/items)?", sub)
        if m and m.group(1) in self.by_id:
            if m.group(2):
                return self._items(req, m.group(1))
            return json_response(self.by_id[m.group(1)])
        m = re.fullmatch(r"/collections/([\w-]+)/items/([\w.-]+)", sub)
        if m and m.group(1) in self.by_id:
            for feature in self._features(m.group(1)):
                if str(feature.get("id")) == m.group(2):
                    return json_response(feature, GEOJSON)
        return None

    def _collections(self, req: Request) -> Response:
        limit = _int(req.arg("limit"), COLLECTIONS_PAGE, 1, MAX_LIMIT)
        offset = _int(req.arg("offset"), 0, 0, 10**6)
        if limit is None or offset is None:
            return error(400, "limit/offset: ganze Zahl erwartet\n")
        page = self.collections[offset : offset + limit]
        links = [self._link(f"{self.root}/collections", "self", "Sammlungen", offset, limit)]
        if offset + limit < len(self.collections):
            links.append(
                self._link(
                    f"{self.root}/collections", "next", "Nächste Seite", offset + limit, limit
                )
            )
        if offset > 0:
            links.append(
                self._link(
                    f"{self.root}/collections",
                    "prev",
                    "Vorige Seite",
                    max(0, offset - limit),
                    limit,
                )
            )
        return json_response({"links": links, "collections": page})

    @staticmethod
    def _link(
        url: str, rel: str, title: str, offset: int, limit: int, mtype: str = "application/json"
    ) -> dict[str, str]:
        query = (
            "?f=json" if rel == "self" and offset == 0 else f"?f=json&offset={offset}&limit={limit}"
        )
        return {"href": url + query, "rel": rel, "type": mtype, "title": title}

    def _features(self, cid: str) -> list[dict[str, Any]]:
        return self.content.json(f"{self.FOLDER}/items/{cid}.geojson")["features"]

    def _items(self, req: Request, cid: str) -> Response:
        limit = _int(req.arg("limit"), ITEMS_PAGE, 1, MAX_LIMIT)
        offset = _int(req.arg("offset"), 0, 0, 10**6)
        if limit is None or offset is None:
            return error(400, "limit/offset: ganze Zahl erwartet\n")
        features = self._features(cid)
        bbox = req.arg("bbox")
        if bbox:
            try:
                w, s, e, n = (float(v) for v in bbox.split(","))
            except ValueError:
                return error(400, "bbox: vier Zahlen erwartet (minLon,minLat,maxLon,maxLat)\n")
            features = [
                f
                for f in features
                if f["geometry"]["type"] != "Point"
                or (
                    w <= f["geometry"]["coordinates"][0] <= e
                    and s <= f["geometry"]["coordinates"][1] <= n
                )
            ]
        page = copy.deepcopy(features[offset : offset + limit])
        url = f"{self.root}/collections/{cid}/items"
        links = [self._link(url, "self", "Diese Seite", offset, limit, GEOJSON)]
        if offset + limit < len(features):
            links.append(self._link(url, "next", "Nächste Seite", offset + limit, limit, GEOJSON))
        links.append(
            {
                "href": f"{self.root}/collections/{cid}?f=json",
                "rel": "collection",
                "type": "application/json",
                "title": self.by_id[cid]["title"],
            }
        )
        return json_response(
            {
                "type": "FeatureCollection",
                "numberMatched": len(features),
                "numberReturned": len(page),
                "timeStamp": "2026-11-20T06:00:00Z",
                "links": links,
                "features": page,
            },
            GEOJSON,
        )

    def _openapi(self) -> dict[str, Any]:
        paths: dict[str, Any] = {
            "/": {"get": {"summary": "Landing page"}},
            "/conformance": {"get": {"summary": "Conformance classes"}},
            "/collections": {"get": {"summary": "Collections"}},
        }
        for cid in self.by_id:
            paths[f"/collections/{cid}/items"] = {"get": {"summary": self.by_id[cid]["title"]}}
        return {
            "openapi": "3.0.3",
            "info": {"title": self.landing["title"], "version": "1.0.0"},
            "servers": [{"url": self.root}],
            "paths": paths,
        }

    def _html(self, sub: str) -> Response | None:
        if sub in ("/", "/api", "/collections"):
            items = "".join(
                f'<li><a href="{self.root}/collections/{c["id"]}/items?f=html">'
                f"{html.escape(c['title'])}</a></li>"
                for c in self.collections
            )
            return ok(
                html_page(html.escape(self.landing["title"]), f"<ul>{items}</ul>"),
                "text/html; charset=utf-8",
            )
        m = re.fullmatch(r"/collections/([\w-]+)(/items)?", sub)
        if m and m.group(1) in self.by_id:
            coll = self.by_id[m.group(1)]
            rows = "".join(
                f"<li>{html.escape(str(f['properties'].get('name') or f['properties'].get('standort') or f['id']))}</li>"
                for f in self._features(coll["id"])
            )
            return ok(
                html_page(
                    html.escape(coll["title"]),
                    f"<p>{html.escape(coll['description'])}</p><ul>{rows}</ul>",
                ),
                "text/html; charset=utf-8",
            )
        return None


class GeoportalFeatures(OgcFeatures):
    """The city geoportal's own OGC API – Features (Fachdienst Geodaten und Vermessung)."""

    PREFIX = "/geoportal/ogc-api"
    FOLDER = "ogc-geoportal"
