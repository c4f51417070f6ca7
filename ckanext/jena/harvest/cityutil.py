"""Helpers shared by the harvesters of the city's own systems (OGC API Features, WFS,
SensorThings, GTFS, OParl, file manifests).

No CKAN imports: everything here works on plain dicts so that the protocol modules can
be tested and reused without CKAN.
"""

from __future__ import annotations

import copy
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from ckanext.jena.harvest.records import GatherError

# --- vocabularies (full IRIs as the dataset dict contract stores them) -------------------

FREQ = "http://publications.europa.eu/resource/authority/frequency/"
LANG_DEU = "http://publications.europa.eu/resource/authority/language/DEU"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
ACCESS_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
JENA_AGS_URI = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
LEVEL_MUNICIPALITY = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"

#: Jena's extent (WGS84), used when a source declares none.
JENA_BBOX = (11.4988, 50.8523, 11.6907, 50.9906)

#: file-type code -> IANA media type
MEDIA_TYPES = {
    "CSV": "text/csv",
    "GEOJSON": "application/geo+json",
    "JSON": "application/json",
    "JSON_LD": "application/ld+json",
    "XML": "application/xml",
    "GML": "application/gml+xml",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PDF": "application/pdf",
    "ZIP": "application/zip",
    "GTFS": "application/zip",
    "HTML": "text/html",
    "KML": "application/vnd.google-earth.kml+xml",
    "SHP": "application/x-shapefile",
    "GPKG": "application/geopackage+sqlite3",
}

#: lower-cased media type / output format keyword -> file-type code
_FORMAT_HINTS = [
    ("geo+json", "GEOJSON"),
    ("geojson", "GEOJSON"),
    ("ld+json", "JSON_LD"),
    ("json", "JSON"),
    ("gml", "GML"),
    ("kml", "KML"),
    ("csv", "CSV"),
    ("spreadsheetml", "XLSX"),
    ("xlsx", "XLSX"),
    ("shape-zip", "SHP"),
    ("shapefile", "SHP"),
    ("geopackage", "GPKG"),
    ("pdf", "PDF"),
    ("html", "HTML"),
    ("zip", "ZIP"),
    ("xml", "XML"),
]


def format_from_media_type(value: str | None) -> str | None:
    """EU file-type code for a media type or an OGC output-format keyword."""
    if not value:
        return None
    low = value.lower()
    for hint, code in _FORMAT_HINTS:
        if hint in low:
            return code
    return None


# --- licences ----------------------------------------------------------------------------

_LICENCE_PATTERNS: list[tuple[str, str]] = [
    (r"dcat-ap\.de/def/licenses/([a-z0-9./-]+?)/?$", r"\1"),
    (r"govdata\.de/dl-de/by-2-0", "dl-by-de/2.0"),
    (r"govdata\.de/dl-de/zero-2-0", "dl-zero-de/2.0"),
    (r"govdata\.de/dl-de/by-nc-1-0", "dl-by-nc-de/1.0"),
    (r"govdata\.de/dl-de/by-1-0", "dl-by-de/1.0"),
    (r"creativecommons\.org/licenses/by/4\.0", "cc-by/4.0"),
    (r"creativecommons\.org/licenses/by-sa/4\.0", "cc-by-sa/4.0"),
    (r"creativecommons\.org/licenses/by-nd/4\.0", "cc-by-nd/4.0"),
    (r"creativecommons\.org/licenses/by-nc/4\.0", "cc-by-nc/4.0"),
    (r"creativecommons\.org/publicdomain/zero/1\.0", "cc-zero"),
    (r"opendatacommons\.org/licenses/odbl", "odbl"),
]

_LICENCE_TEXTS: list[tuple[str, str]] = [
    (
        r"datenlizenz deutschland.{0,30}namensnennung.{0,20}2\.0|dl-de[-/ ]by[- ]2\.0",
        "dl-by-de/2.0",
    ),
    (r"datenlizenz deutschland.{0,30}zero.{0,20}2\.0|dl-de[-/ ]zero[- ]2\.0", "dl-zero-de/2.0"),
    (r"cc[- ]by[- ]4\.0|creative commons namensnennung 4\.0", "cc-by/4.0"),
    (r"cc0|cc[- ]zero", "cc-zero"),
]

#: licences that require an attribution text (dcatde:licenseAttributionByText)
ATTRIBUTION_LICENCES = {
    "dl-by-de/1.0",
    "dl-by-de/2.0",
    "dl-by-nc-de/1.0",
    "cc-by/4.0",
    "cc-by-sa/4.0",
    "cc-by-nd/4.0",
    "cc-by-nc/4.0",
    "cc-by-de/3.0",
}


def licence_code(value: str | None) -> str | None:
    """dcat-ap.de licence code for a licence IRI/URL or a licence statement, else None."""
    if not value:
        return None
    text = value.strip()
    for pattern, repl in _LICENCE_PATTERNS:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return m.expand(repl) if "\\" in repl else repl
    low = text.lower()
    for pattern, code in _LICENCE_TEXTS:
        if re.search(pattern, low):
            return code
    return None


# --- frequency ---------------------------------------------------------------------------

_FREQ_STEPS: list[tuple[float, str]] = [
    (90, "1MIN"),
    (7 * 60, "5MIN"),
    (12 * 60, "10MIN"),
    (22 * 60, "15MIN"),
    (45 * 60, "30MIN"),
    (90 * 60, "HOURLY"),
    (150 * 60, "BIHOURLY"),
    (6 * 3600, "TRIHOURLY"),
    (18 * 3600, "12HRS"),
    (3.5 * 86400, "DAILY"),
    (10 * 86400, "WEEKLY"),
    (21 * 86400, "BIWEEKLY"),
    (45 * 86400, "MONTHLY"),
    (120 * 86400, "QUARTERLY"),
    (270 * 86400, "ANNUAL_2"),
    (500 * 86400, "ANNUAL"),
]


def frequency_iri(seconds: float | None) -> str | None:
    """EU frequency IRI closest to an observed update interval in seconds."""
    if seconds is None or seconds <= 0 or math.isnan(seconds):
        return None
    for limit, code in _FREQ_STEPS:
        if seconds <= limit:
            return FREQ + code
    return FREQ + "IRREG"


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


# --- dates -------------------------------------------------------------------------------


def parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO 8601 date or datetime (``Z`` allowed); naive values count as UTC."""
    if value in (None, "", ".."):
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        if re.fullmatch(r"\d{8}", text):  # GTFS dates
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        text = text.replace("Z", "+00:00").replace("z", "+00:00")
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def iso_date(value: Any) -> str | None:
    dt = parse_datetime(value)
    return dt.date().isoformat() if dt else None


def iso_datetime(value: Any) -> str | None:
    dt = parse_datetime(value)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") if dt else None


# --- geometry ----------------------------------------------------------------------------


POINT_PAD = 0.0005


def bbox_polygon(minx: float, miny: float, maxx: float, maxy: float) -> str:
    """GeoJSON polygon text of a bounding box (6 decimals, counter-clockwise)."""
    vals = [round(float(v), 6) for v in (minx, miny, maxx, maxy)]
    minx, miny, maxx, maxy = vals
    # a single station or a line of points: a small box around it (about 50 m), since
    # bbox search (solr-bbox) does not find zero-area extents
    if minx == maxx:
        minx, maxx = round(minx - POINT_PAD, 6), round(maxx + POINT_PAD, 6)
    if miny == maxy:
        miny, maxy = round(miny - POINT_PAD, 6), round(maxy + POINT_PAD, 6)
    ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def valid_wgs84_bbox(bbox: Iterable[float]) -> bool:
    try:
        minx, miny, maxx, maxy = (float(v) for v in bbox)
    except (TypeError, ValueError):
        return False
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def iter_coordinates(geometry: Mapping[str, Any]) -> Iterable[tuple[float, float]]:
    """All (x, y) positions of a GeoJSON geometry, feature or feature collection."""
    gtype = geometry.get("type")
    if gtype == "FeatureCollection":
        for feat in geometry.get("features") or []:
            if isinstance(feat, Mapping):
                yield from iter_coordinates(feat)
        return
    if gtype == "Feature":
        geom = geometry.get("geometry")
        if isinstance(geom, Mapping):
            yield from iter_coordinates(geom)
        return
    if gtype == "GeometryCollection":
        for geom in geometry.get("geometries") or []:
            if isinstance(geom, Mapping):
                yield from iter_coordinates(geom)
        return
    stack = [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            if len(item) >= 2 and all(isinstance(v, int | float) for v in item[:2]):
                yield float(item[0]), float(item[1])
            else:
                stack.extend(item)


class BBox:
    """Growing bounding box."""

    def __init__(self) -> None:
        self.minx = self.miny = math.inf
        self.maxx = self.maxy = -math.inf

    def add(self, x: float, y: float) -> None:
        if x < self.minx:
            self.minx = x
        if x > self.maxx:
            self.maxx = x
        if y < self.miny:
            self.miny = y
        if y > self.maxy:
            self.maxy = y

    def add_geometry(self, geometry: Mapping[str, Any]) -> None:
        for x, y in iter_coordinates(geometry):
            self.add(x, y)

    @property
    def empty(self) -> bool:
        return self.minx == math.inf

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.minx, self.miny, self.maxx, self.maxy)

    def polygon(self) -> str | None:
        return None if self.empty else bbox_polygon(*self.as_tuple())


# --- text --------------------------------------------------------------------------------

_TAG_BAD = re.compile(r"[^\w \-.]", re.UNICODE)


def clean_tag(value: str) -> str | None:
    """A CKAN-valid tag (letters, digits, space, ``-_.``; 2..100 chars) or None."""
    text = _TAG_BAD.sub(" ", str(value or "")).strip()
    text = re.sub(r"\s+", " ", text)[:100].strip()
    return text if len(text) >= 2 else None


def tags(values: Iterable[str]) -> list[dict[str, str]]:
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for value in values:
        tag = clean_tag(value)
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            out.append({"name": tag})
    return out


def slug(*parts: str, max_length: int = 100) -> str:
    """A CKAN dataset name from parts: lower-case ASCII, digits, ``-`` and ``_``."""
    text = "-".join(p for p in parts if p)
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "ae").replace("Ö", "oe").replace("Ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")
    text = re.sub(r"-{2,}", "-", text)
    if len(text) > max_length:
        import hashlib

        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        text = text[: max_length - 9].rstrip("-_") + "-" + digest
    return text or "dataset"


def first_text(*values: Any) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


# --- defaults ----------------------------------------------------------------------------

#: fields a source's registry defaults may set on every harvested dataset
DEFAULTABLE = (
    "license_id",
    "license_attribution_by_text",
    "theme",
    "hvd_category",
    "applicable_legislation",
    "contact",
    "maintainer_agent",
    "originator",
    "spatial",
    "political_geocoding_uri",
    "political_geocoding_level_uri",
    "geocoding_description",
    "language",
    "access_rights",
    "frequency",
    "legal_basis",
    "documentation",
    "conforms_to",
    "tags",
    "owner_org",
)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def apply_defaults(
    dataset: dict[str, Any], defaults: Mapping[str, Any] | None, attribution: str = ""
) -> dict[str, Any]:
    """Fill the dataset's empty fields from the source defaults, then the portal defaults.

    Values found in the source record win; ``tags`` from the defaults are added to the
    record's own tags. The licence is copied to every distribution without one, and the
    attribution text (registry default, else ``attribution`` - the publisher named by the
    source -, else "Stadt Jena") is added when the licence requires it.
    """
    defaults = dict(defaults or {})
    out = dict(dataset)
    for key, value in defaults.items():
        if key == "tags":
            extra = value if isinstance(value, list) else [value]
            names = [t["name"] if isinstance(t, Mapping) else str(t) for t in extra]
            existing = [t["name"] for t in out.get("tags") or []]
            out["tags"] = tags(existing + names)
        elif _is_empty(out.get(key)) and not _is_empty(value):
            out[key] = copy.deepcopy(value)
    out.setdefault("language", [LANG_DEU])
    if _is_empty(out.get("language")):
        out["language"] = [LANG_DEU]
    if _is_empty(out.get("access_rights")):
        out["access_rights"] = ACCESS_PUBLIC
    if _is_empty(out.get("political_geocoding_uri")):
        out["political_geocoding_uri"] = [JENA_AGS_URI]
    if _is_empty(out.get("political_geocoding_level_uri")):
        out["political_geocoding_level_uri"] = LEVEL_MUNICIPALITY
    if _is_empty(out.get("spatial")):
        out["spatial"] = bbox_polygon(*JENA_BBOX)
    lic = out.get("license_id")
    if lic in ATTRIBUTION_LICENCES and _is_empty(out.get("license_attribution_by_text")):
        out["license_attribution_by_text"] = attribution or "Stadt Jena"
    resources = []
    for res in out.get("resources") or []:
        res = dict(res)
        if lic and _is_empty(res.get("license")):
            res["license"] = lic
        res.setdefault("access_url", res.get("url"))
        resources.append(res)
    out["resources"] = resources
    return out


def now_utc() -> datetime:
    return datetime.now(UTC)


# --- fetching ----------------------------------------------------------------------------


class SourceError(GatherError):
    """A source answered with something the harvester cannot use (wrong content, broken
    paging). The message names the URL and the reason precisely; nothing is changed."""


JSON_ACCEPT = "application/json, application/geo+json;q=0.9, */*;q=0.1"


def get_json(
    fetcher: Any,
    url: str,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """GET ``url`` through the framework's safe :class:`~ckanext.jena.harvest.fetch.Fetcher`
    and decode its JSON body (errors raise ``FetchError`` subclasses naming the URL)."""
    hdrs = {"Accept": JSON_ACCEPT, **(headers or {})}
    return fetcher.get(url, params=dict(params) if params else None, headers=hdrs).json()


def follow_pages(
    fetcher: Any,
    url: str,
    next_url: Any,
    max_pages: int = 10000,
    params: Mapping[str, Any] | None = None,
) -> Iterable[tuple[str, Any]]:
    """Yield ``(url, page)`` for ``url`` and the pages ``next_url(page, url)`` points to.

    A loop (a page URL seen before) or more than ``max_pages`` pages is a broken paging
    sequence and raises :class:`SourceError`: the caller must not treat what it has seen
    so far as the complete source. ``params`` apply to the first request only (next
    links carry their own query).
    """
    seen: set[str] = set()
    current: str | None = url
    first = True
    while current:
        key = current + ("?" + json.dumps(dict(params), sort_keys=True) if first and params else "")
        if key in seen:
            raise SourceError(f"{current}: paging loops back to a page already read")
        if len(seen) >= max_pages:
            raise SourceError(f"{url}: more than {max_pages} pages, paging stopped")
        seen.add(key)
        page = get_json(fetcher, current, params if first else None)
        first = False
        yield current, page
        current = next_url(page, current)


def add_secret_headers(fetcher: Any, source: Any) -> None:
    """Send the source's API key (registry ``secrets: {api_key: ENV_NAME}``, read from the
    environment) in the header ``options.api_key_header`` (default ``X-API-Key``)."""
    key = source.secret("api_key") if hasattr(source, "secret") else None
    if key:
        header = str((source.options or {}).get("api_key_header") or "X-API-Key")
        fetcher.headers[header] = key
