"""Map free-text resource formats onto the EU file-type list (CKAN-free, reusable by harvesters).

``normalise_format("GeoJSON")`` → ``("GEOJSON", True)``; ``normalise_format("text/csv")`` →
``("CSV", True)``; an unknown value comes back stripped with ``False``.
"""

from __future__ import annotations

import re

from ckanext.jena import vocab

FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"

# Spellings met in CKAN portals and harvested catalogues that are not simply the code in
# another case. Keys are compared upper-case with blanks and dots removed.
ALIASES: dict[str, str] = {
    "EXCEL": "XLSX",
    "MSEXCEL": "XLS",
    "MS-EXCEL": "XLS",
    "XLSX(OOXML)": "XLSX",
    "WORD": "DOCX",
    "SHAPE": "SHP",
    "SHAPEFILE": "SHP",
    "ESRISHAPEFILE": "SHP",
    "ESRISHAPE": "SHP",
    "WMS": "WMS_SRVC",
    "WFS": "WFS_SRVC",
    "WMTS": "WMTS_SRVC",
    "WCS": "WCS_SRVC",
    "GEOJSON": "GEOJSON",
    "GEO+JSON": "GEOJSON",
    "JSONLD": "JSON_LD",
    "JSON-LD": "JSON_LD",
    "TURTLE": "RDF_TURTLE",
    "TTL": "RDF_TURTLE",
    "RDF": "RDF",
    "RDFXML": "RDF_XML",
    "RDF/XML": "RDF_XML",
    "N-TRIPLES": "RDF_N_TRIPLES",
    "NTRIPLES": "RDF_N_TRIPLES",
    "TEXT": "TXT",
    "PLAIN": "TXT",
    "JPG": "JPEG",
    "TIF": "TIFF",
    "GEOTIFF": "TIFF",
    "HTM": "HTML",
    "WEBSEITE": "HTML",
    "API": "REST",
    "GTFS": "GTFS",
    "ZIP-ARCHIV": "ZIP",
    "GZIP": "GZIP",
    "GZ": "GZIP",
}

MEDIA_TYPES: dict[str, str] = {
    "text/csv": "CSV",
    "application/csv": "CSV",
    "application/json": "JSON",
    "application/geo+json": "GEOJSON",
    "application/vnd.geo+json": "GEOJSON",
    "application/xml": "XML",
    "text/xml": "XML",
    "application/pdf": "PDF",
    "application/zip": "ZIP",
    "application/x-zip-compressed": "ZIP",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/msword": "DOC",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "text/html": "HTML",
    "text/plain": "TXT",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/tiff": "TIFF",
    "application/vnd.google-earth.kml+xml": "KML",
    "application/gml+xml": "GML",
    "application/ld+json": "JSON_LD",
    "text/turtle": "RDF_TURTLE",
    "application/rdf+xml": "RDF_XML",
    "application/gzip": "GZIP",
}

_CLEAN = re.compile(r"[\s.]+")


def _codes() -> set[str]:
    return {c.code for c in vocab.get("file_type").concepts}


def normalise_format(value: str) -> tuple[str, bool]:
    """Return ``(code, True)`` for a known format, ``(value, False)`` otherwise."""
    raw = (value or "").strip()
    if not raw:
        return raw, False
    codes = _codes()
    if raw.startswith(FILE_TYPE_BASE):
        code = raw[len(FILE_TYPE_BASE) :]
        return (code, True) if code in codes else (raw, False)
    lowered = raw.lower().split(";")[0].strip()
    if lowered in MEDIA_TYPES and MEDIA_TYPES[lowered] in codes:
        return MEDIA_TYPES[lowered], True
    key = _CLEAN.sub("", raw).upper()
    for candidate in (key, key.replace("-", "_"), ALIASES.get(key, "")):
        if candidate and candidate in codes:
            return candidate, True
    file_types = vocab.get("file_type")
    for concept in file_types.concepts:
        for label in (concept.label_de, concept.label_en):
            if label and label.strip().upper() == raw.upper():
                return concept.code, True
    return raw, False
