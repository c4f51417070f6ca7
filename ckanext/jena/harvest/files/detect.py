"""Detect a downloaded file's format and check its structure. No CKAN imports.

- format from the content itself (magic bytes, parse), falling back to the URL's
  extension and the declared Content-Type;
- CSV: dialect (``csv.Sniffer``), header columns, row count (streamed);
- GeoJSON: valid FeatureCollection/Feature/geometry, feature count, computed extent;
- XML: well-formed (safe parser), root element;
- XLSX: an Office Open XML workbook (zip with ``xl/workbook.xml``), sheet count;
- PDF: ``%PDF-`` header and version.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from typing import IO, Any

from ckanext.jena.harvest.cityutil import MEDIA_TYPES, BBox, valid_wgs84_bbox
from ckanext.jena.harvest.fetch import InvalidContent
from ckanext.jena.harvest.xmlsafe import parse_xml

EXTENSIONS = {
    ".csv": "CSV",
    ".geojson": "GEOJSON",
    ".json": "JSON",
    ".xml": "XML",
    ".xlsx": "XLSX",
    ".pdf": "PDF",
    ".zip": "ZIP",
}
GEOMETRY_TYPES = {
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
    "GeometryCollection",
}  # fmt: skip
SAMPLE = 64 * 1024


class StructureError(Exception):
    """The file is not what it claims to be (invalid GeoJSON, broken XML, ...)."""


def _ext_format(url: str) -> str | None:
    path = url.split("?", 1)[0].lower()
    return EXTENSIONS.get(os.path.splitext(path)[1])


def _decode(head: bytes) -> tuple[str, str]:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return head.decode(enc), enc
        except UnicodeDecodeError as e:
            if enc == "utf-8-sig" and e.start >= len(head) - 4:
                # a multi-byte character cut by the sample boundary
                return head[: e.start].decode("utf-8-sig"), "utf-8"
    return head.decode("latin-1"), "latin-1"


def inspect_file(
    fh: IO[bytes], url: str, content_type: str = "", declared: str | None = None
) -> dict[str, Any]:
    """``{"format", "media_type", "structure": {...}}`` of the file in ``fh``."""
    fh.seek(0)
    head = fh.read(SAMPLE)
    fh.seek(0)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    hint = (declared or _ext_format(url) or "").upper()
    if head.startswith(b"%PDF-"):
        fmt, structure = "PDF", {"pdf_version": head[5:8].decode("ascii", "replace")}
    elif head.startswith(b"PK\x03\x04"):
        fmt, structure = _zip(fh)
    elif stripped.startswith(b"<"):
        fmt, structure = "XML", _xml(fh, url)
    elif stripped[:1] in (b"{", b"["):
        fmt, structure = _json(fh, url)
    elif hint in ("CSV", "") or "csv" in content_type:
        fmt, structure = "CSV", _csv(fh, head)
    else:
        raise StructureError(f"{url}: content is not {hint} (unrecognised file content)")
    if hint and hint != fmt and not (hint == "JSON" and fmt == "GEOJSON"):
        raise StructureError(f"{url}: declared as {hint}, but the content is {fmt}")
    return {
        "format": fmt,
        "media_type": MEDIA_TYPES.get(fmt, content_type or "application/octet-stream"),
        "structure": structure,
    }


def _zip(fh: IO[bytes]) -> tuple[str, dict[str, Any]]:
    try:
        with zipfile.ZipFile(fh) as zf:
            names = zf.namelist()
    except zipfile.BadZipFile as e:
        raise StructureError(f"broken zip archive: {e}") from e
    if "xl/workbook.xml" in names:
        sheets = sum(1 for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
        return "XLSX", {"sheets": sheets}
    return "ZIP", {"members": len(names)}


def _xml(fh: IO[bytes], url: str) -> dict[str, Any]:
    data = fh.read()
    try:
        root = parse_xml(data, url)
    except InvalidContent as e:
        raise StructureError(str(e)) from e
    tag = root.tag if isinstance(root.tag, str) else ""
    local = tag.split("}", 1)[-1]
    return {
        "root": local,
        "namespace": tag[1:].split("}", 1)[0] if tag.startswith("{") else "",
        "children": len(root),
    }


def _json(fh: IO[bytes], url: str) -> tuple[str, dict[str, Any]]:
    try:
        doc = json.load(io.TextIOWrapper(fh, encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as e:
        raise StructureError(f"{url}: invalid JSON: {e}") from e
    gtype = doc.get("type") if isinstance(doc, dict) else None
    if gtype in ("FeatureCollection", "Feature") or gtype in GEOMETRY_TYPES:
        return "GEOJSON", _geojson(doc, url)
    if isinstance(doc, dict):
        return "JSON", {"keys": sorted(doc)[:20]}
    return "JSON", {"items": len(doc) if isinstance(doc, list) else 0}


def _check_geometry(geom: Any, where: str) -> None:
    if geom is None:
        return  # features without geometry are allowed
    if not isinstance(geom, dict) or geom.get("type") not in GEOMETRY_TYPES:
        raise StructureError(f"{where}: invalid geometry")
    if geom["type"] == "GeometryCollection":
        for g in geom.get("geometries") or []:
            _check_geometry(g, where)
    elif not isinstance(geom.get("coordinates"), list):
        raise StructureError(f"{where}: geometry without coordinates")


def _geojson(doc: dict[str, Any], url: str) -> dict[str, Any]:
    if doc["type"] == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise StructureError(f"{url}: FeatureCollection without a 'features' array")
        for i, feat in enumerate(features):
            if not isinstance(feat, dict) or feat.get("type") != "Feature":
                raise StructureError(f"{url}: features[{i}] is not a Feature")
            _check_geometry(feat.get("geometry"), f"{url}: features[{i}]")
        count = len(features)
    elif doc["type"] == "Feature":
        _check_geometry(doc.get("geometry"), url)
        count = 1
    else:
        _check_geometry(doc, url)
        count = 1
    box = BBox()
    box.add_geometry(doc)
    extent = [round(v, 6) for v in box.as_tuple()] if not box.empty else None
    if extent and not valid_wgs84_bbox(extent):
        raise StructureError(
            f"{url}: coordinates {extent} are not WGS84 longitude/latitude (RFC 7946)"
        )
    return {"features": count, "extent": extent}


def _csv(fh: IO[bytes], head: bytes) -> dict[str, Any]:
    text, encoding = _decode(head)
    sample = text[: SAMPLE // 2]
    if not sample.strip():
        raise StructureError("empty CSV file")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter, quotechar = dialect.delimiter, dialect.quotechar
    except csv.Error:
        delimiter, quotechar = ",", '"'
    try:
        has_header = csv.Sniffer().has_header(sample)
    except csv.Error:
        has_header = True
    fh.seek(0)
    reader = csv.reader(
        io.TextIOWrapper(
            fh,
            encoding=encoding if encoding != "utf-8" else "utf-8-sig",
            errors="replace",
            newline="",
        ),
        delimiter=delimiter,
        quotechar=quotechar,
    )
    header: list[str] = []
    rows = 0
    widths: set[int] = set()
    try:
        for i, row in enumerate(reader):
            if i == 0:
                header = [c.strip() for c in row]
                continue
            if row:
                rows += 1
                if len(widths) < 5:
                    widths.add(len(row))
    except csv.Error as e:
        raise StructureError(f"CSV cannot be read: {e}") from e
    return {
        "encoding": "UTF-8" if encoding.startswith("utf-8") else "Windows-1252",
        "delimiter": delimiter,
        "quotechar": quotechar,
        "header": has_header,
        "columns": header if has_header else [],
        "rows": rows if has_header else rows + 1,
        "consistent": widths <= {len(header)},
    }
