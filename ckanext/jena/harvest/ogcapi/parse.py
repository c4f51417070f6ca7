"""Turn an OGC API – Features collection description into a plain harvest record.

No CKAN imports. Extents declared in another CRS than CRS84 (``extent.spatial.crs``,
e.g. ``http://www.opengis.net/def/crs/EPSG/0/25832``) are converted to WGS84
longitude/latitude with pyproj.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from ckanext.jena.harvest.cityutil import (
    SourceError,
    format_from_media_type,
    iso_datetime,
    valid_wgs84_bbox,
)
from ckanext.jena.harvest.ogcapi.client import find_link

CRS84 = "OGC:CRS84"


def crs_code(uri: str | None) -> str:
    """``EPSG:25832`` / ``OGC:CRS84`` for an OGC CRS URI (or such a code itself)."""
    if not uri:
        return CRS84
    text = str(uri).strip()
    m = re.search(r"/def/crs/(EPSG|OGC)/[^/]+/([A-Za-z0-9]+)/?$", text)
    if m:
        return f"{m.group(1)}:{m.group(2)}"
    m = re.fullmatch(r"(?:urn:ogc:def:crs:)?(EPSG|OGC):(?:[0-9.]*:)?([A-Za-z0-9]+)", text, re.I)
    if m:
        return f"{m.group(1).upper()}:{m.group(2)}"
    return text


def to_wgs84(bbox: list[float], crs: str | None) -> tuple[float, float, float, float]:
    """Convert a bbox ``[min1, min2, max1, max2]`` in the CRS's own axis order to
    CRS84 (lon/lat), densifying the edges so that the result encloses the box."""
    code = crs_code(crs)
    minx, miny, maxx, maxy = (
        (float(v) for v in bbox[:4])
        if len(bbox) == 4
        else (
            float(bbox[0]),
            float(bbox[1]),
            float(bbox[3]),
            float(bbox[4]),
        )
    )
    if code in (CRS84, "OGC:CRS84h"):
        return (minx, miny, maxx, maxy)
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        src = CRS.from_user_input(code)
    except CRSError as exc:
        raise SourceError(f"unknown CRS {crs!r}") from exc
    tr = Transformer.from_crs(src, CRS.from_user_input(CRS84))
    lon0, lat0, lon1, lat1 = tr.transform_bounds(minx, miny, maxx, maxy, densify_pts=21)
    return (lon0, lat0, lon1, lat1)


def _keywords(coll: dict[str, Any]) -> list[str]:
    out = []
    for kw in coll.get("keywords") or []:
        if isinstance(kw, str):
            out.append(kw)
        elif isinstance(kw, dict) and isinstance(kw.get("keyword"), str):
            out.append(kw["keyword"])
    return out


def collection_guid(coll: dict[str, Any], page_url: str) -> str | None:
    """The stable identifier of a collection: its ``self`` link (or the URL built from
    the collections URL and its id); None without an id."""
    cid = str(coll.get("id") or "").strip()
    if not cid:
        return None
    return find_link(coll.get("links"), "self", base=page_url) or urljoin(
        page_url.split("?")[0].rstrip("/") + "/", cid
    )


def collection_record(
    coll: dict[str, Any], page_url: str, landing: dict[str, Any], landing_url: str
) -> dict[str, Any]:
    """A JSON-serialisable record of one collection (what the import stage maps)."""
    cid = str(coll.get("id") or "").strip()
    if not cid:
        raise SourceError(f"{page_url}: a collection has no id")
    links = coll.get("links") or []
    self_url = collection_guid(coll, page_url) or ""
    items = []
    for link in links:
        if isinstance(link, dict) and link.get("rel") == "items" and link.get("href"):
            mtype = (link.get("type") or "application/geo+json").split(";")[0].strip()
            if mtype == "text/html":
                continue
            items.append(
                {
                    "href": urljoin(page_url, link["href"]),
                    "type": mtype,
                    "title": link.get("title") or "",
                }
            )
    if not items:
        items.append(
            {"href": self_url.rstrip("/") + "/items", "type": "application/geo+json", "title": ""}
        )
    licences = [
        {"href": urljoin(page_url, link.get("href") or ""), "title": link.get("title") or ""}
        for link in links + list(landing.get("links") or [])
        if isinstance(link, dict) and link.get("rel") == "license"
    ]
    extent = coll.get("extent") or {}
    bbox = None
    crs = None
    spatial = extent.get("spatial") or {}
    raw_bbox = spatial.get("bbox")
    if raw_bbox and isinstance(raw_bbox, list):
        first = raw_bbox[0] if isinstance(raw_bbox[0], list) else raw_bbox
        crs = spatial.get("crs")
        bbox = list(to_wgs84(first, crs))
        if not valid_wgs84_bbox(bbox):
            raise SourceError(f"{self_url}: extent {first} in {crs_code(crs)} is outside WGS84")
    temporal = []
    for interval in (extent.get("temporal") or {}).get("interval") or []:
        if isinstance(interval, list) and len(interval) == 2:
            temporal.append({"start": iso_datetime(interval[0]), "end": iso_datetime(interval[1])})
    return {
        "guid": self_url,
        "id": cid,
        "title": coll.get("title") or cid,
        "description": coll.get("description") or "",
        "keywords": _keywords(coll),
        "bbox": [round(v, 6) for v in bbox] if bbox else None,
        "declared_crs": crs_code(crs) if raw_bbox else None,
        "storage_crs": coll.get("storageCrs"),
        "crs": [str(c) for c in coll.get("crs") or []],
        "temporal": temporal,
        "licences": licences,
        "items": items,
        "formats": sorted({format_from_media_type(i["type"]) or "" for i in items} - {""}),
        "collection_url": self_url,
        "describedby": find_link(links, "describedby", base=page_url),
        "api_title": landing.get("title") or "",
        "api_description": landing.get("description") or "",
        "landing_url": landing_url,
        "service_desc": find_link(
            landing.get("links"),
            "service-desc",
            types=("application/vnd.oai.openapi+json",),
            base=landing_url,
        ),
        "service_doc": find_link(
            landing.get("links"), "service-doc", types=("text/html",), base=landing_url
        ),
        "updated": coll.get("updated") or coll.get("modified"),
    }
