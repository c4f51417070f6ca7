"""Value mappings shared by the existing-protocol harvesters (CKAN-free): licences from
legacy ids, names and URLs to dcat-ap.de codes, file formats to EU file-type codes,
legacy OGD categories to EU data themes, dates."""

from __future__ import annotations

import re
from datetime import date, datetime

from ckanext.jena import vocab

THEME = "http://publications.europa.eu/resource/authority/data-theme/"

#: legacy licence ids (OGD Deutschland / CKAN) and common names -> dcat-ap.de codes
LEGACY_LICENSES = {
    "dl-de-by-2.0": "dl-by-de/2.0",
    "dl-by-de/2.0": "dl-by-de/2.0",
    "dl-de-by-1.0": "dl-by-de/1.0",
    "dl-de-zero-2.0": "dl-zero-de/2.0",
    "dl-de-by-nc-1.0": "dl-by-nc-de/1.0",
    "cc-by": "cc-by/4.0",
    "cc-by-4.0": "cc-by/4.0",
    "cc-by-3.0": "cc-by",
    "cc-by-de-3.0": "cc-by-de/3.0",
    "cc-by-sa": "cc-by-sa/4.0",
    "cc-by-sa-4.0": "cc-by-sa/4.0",
    "cc-by-nd-4.0": "cc-by-nd/4.0",
    "cc-by-nc-4.0": "cc-by-nc/4.0",
    "cc-zero": "cc-zero",
    "cc0-1.0": "cc-zero",
    "cc0": "cc-zero",
    "odc-odbl": "odbl",
    "odbl": "odbl",
    "odc-by": "odby",
    "odc-pddl": "odcpddl",
    "other-open": "other-open",
    "other-closed": "other-closed",
    "notspecified": None,
    "amtliches-werk": "officialWork",
    "official-work": "officialWork",
}

_LICENSE_TEXTS = [
    (r"datenlizenz deutschland.{0,20}zero", "dl-zero-de/2.0"),
    (r"datenlizenz deutschland.{0,30}namensnennung.{0,30}nicht.?kommerziell", "dl-by-nc-de/1.0"),
    (r"datenlizenz deutschland.{0,30}namensnennung.{0,20}1\.0", "dl-by-de/1.0"),
    (r"datenlizenz deutschland.{0,30}namensnennung", "dl-by-de/2.0"),
    (r"dl-de/by-2-0|dl-de-by-2\.0|govdata\.de/dl-de/by-2-0", "dl-by-de/2.0"),
    (r"dl-de/zero-2-0|govdata\.de/dl-de/zero", "dl-zero-de/2.0"),
    (r"creativecommons\.org/licenses/by/4\.0|cc[ -]by[ -]4\.0", "cc-by/4.0"),
    (r"creativecommons\.org/licenses/by-sa/4\.0|cc[ -]by[ -]sa[ -]4\.0", "cc-by-sa/4.0"),
    (r"creativecommons\.org/publicdomain/zero|\bcc0\b|cc[ -]zero", "cc-zero"),
    (r"open database license|odbl", "odbl"),
    (r"amtliches werk|§ ?5 abs\. ?1 urhg", "officialWork"),
]


def license_code(value: str | None) -> str | None:
    """dcat-ap.de licence code for a legacy id, licence IRI/URL or licence text."""
    if not value:
        return None
    value = value.strip()
    code = vocab.license_code(value)
    if code:
        return code
    key = value.lower()
    if key in LEGACY_LICENSES:
        return LEGACY_LICENSES[key]
    for pattern, code in _LICENSE_TEXTS:
        if re.search(pattern, key):
            return code
    return None


#: lower-cased format names / media types -> EU file-type codes
_FORMATS = {
    "csv": "CSV", "text/csv": "CSV",
    "json": "JSON", "application/json": "JSON",
    "geojson": "GEOJSON", "application/geo+json": "GEOJSON", "application/vnd.geo+json": "GEOJSON",
    "xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "pdf": "PDF", "application/pdf": "PDF",
    "xls": "XLS", "application/vnd.ms-excel": "XLS",
    "xlsx": "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "ods": "ODS", "zip": "ZIP", "application/zip": "ZIP",
    "html": "HTML", "text/html": "HTML", "txt": "TXT", "text/plain": "TXT",
    "shp": "SHP", "shape": "SHP", "esri shapefile": "SHP",
    "kml": "KML", "kmz": "KMZ", "gml": "GML", "gpx": "GPX",
    "rdf": "RDF_XML", "rdf/xml": "RDF_XML", "ttl": "RDF_TURTLE", "turtle": "RDF_TURTLE",
    "wms": "WMS_SRVC", "ogc:wms": "WMS_SRVC", "wfs": "WFS_SRVC", "ogc:wfs": "WFS_SRVC",
    "jpeg": "JPEG", "jpg": "JPEG", "png": "PNG", "tiff": "TIFF", "geotiff": "TIFF",
    "docx": "DOCX", "doc": "DOC", "odt": "ODT", "gtfs": "GTFS",
}  # fmt: skip


def file_type(fmt: str | None, url: str | None = None) -> str:
    """EU file-type code for a legacy format name/media type (or the URL's extension)."""
    key = (fmt or "").strip().lower().lstrip(".")
    if key in _FORMATS:
        return _FORMATS[key]
    if key.upper() in {c["value"] for c in vocab.get("file_type").choices()}:
        return key.upper()
    if url:
        ext = url.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
        if ext in _FORMATS and "/" not in ext:
            return _FORMATS[ext]
    return key.upper() if key else ""


#: legacy categories (OGD Deutschland ids and the old Jena portal's groups) -> EU themes
LEGACY_THEMES = [
    (r"transport|verkehr|mobilit", ["TRAN"]),
    (r"landwirtschaft|agrar", ["AGRI"]),
    (r"bevoelkerung|bevölkerung|population", ["SOCI"]),
    (r"bildung|wissenschaft|education", ["EDUC"]),
    (r"kultur|(^|[^a-z])sport|tourismus|freizeit", ["EDUC"]),
    (r"geo$|^geo\b|geodaten", ["REGI"]),
    (r"infrastruktur|bauen|wohnen", ["REGI"]),
    (r"umwelt|klima|environment", ["ENVI"]),
    (r"gesetze|justiz", ["JUST"]),
    (r"gesundheit|health|covid", ["HEAL"]),
    (r"politik|wahlen", ["GOVE"]),
    (r"verwaltung|haushalt|finanzen|dokumentation|gutachten", ["GOVE"]),
    (r"soziales", ["SOCI"]),
    (r"wirtschaft|arbeit|verbraucher", ["ECON"]),
    (r"energie|energy", ["ENER"]),
]


def legacy_themes(names: list[str], extra: dict[str, list[str]] | None = None) -> list[str]:
    out: list[str] = []
    for name in names:
        key = (name or "").lower()
        codes = (extra or {}).get(name) or next(
            (c for pattern, c in LEGACY_THEMES if re.search(pattern, key)), []
        )
        for code in codes:
            iri = code if code.startswith("http") else THEME + code
            if iri not in out:
                out.append(iri)
    return out


def iso_date(value: str | None) -> str | None:
    """ISO 8601 date/datetime from common forms (keeps time when present)."""
    if not value:
        return None
    value = str(value).strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            dt = datetime.strptime(value[:26].rstrip("Z"), fmt)
        except ValueError:
            continue
        return dt.date().isoformat() if fmt == "%Y-%m-%d" else dt.replace(microsecond=0).isoformat()
    m = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", value)
    if m:
        return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", value)
    return m[1] if m else None


def bbox_polygon(west: float, south: float, east: float, north: float) -> str:
    import json

    coords = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [coords]})
