"""Resource previews: fetch a resource (bounded, allowed hosts only) and turn CSV into
table rows or check GeoJSON for the map. No CKAN imports: usable and testable alone.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

TABLE_FORMATS = {"CSV", "TEXT/CSV", "TSV"}
MAP_FORMATS = {"GEOJSON", "APPLICATION/GEO+JSON", "APPLICATION/VND.GEO+JSON"}
GEOJSON_TYPES = {
    "FeatureCollection", "Feature", "Point", "MultiPoint", "LineString",
    "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
}  # fmt: skip


class PreviewError(Exception):
    """A preview cannot be shown; ``code`` says why (the view translates it)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def kind(fmt: str | None, url: str | None = None) -> str:
    """``table`` for CSV, ``map`` for GeoJSON, "" otherwise (by format, else by URL)."""
    f = (fmt or "").strip().upper()
    if f in TABLE_FORMATS:
        return "table"
    if f in MAP_FORMATS:
        return "map"
    if not f:
        path = urlsplit(url or "").path.lower()
        if path.endswith((".csv", ".tsv")):
            return "table"
        if path.endswith(".geojson"):
            return "map"
    return ""


# ------------------------------------------------------------------ fetching
def _is_public(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if not addr.is_global:
            return False
    return True


def host_allowed(url: str, allowed: Iterable[str]) -> bool:
    """Whether the preview may fetch ``url``.

    ``allowed`` holds ``host`` or ``host:port`` entries; ``*`` allows every host whose
    addresses are all public (never loopback, private or link-local networks).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    entries = {a.strip().lower() for a in allowed if a.strip()}
    if host in entries or f"{host}:{port}" in entries:
        return True
    return "*" in entries and _is_public(host)


def fetch(
    url: str, allowed: Iterable[str], max_bytes: int, timeout: float = 10.0, redirects: int = 3
) -> bytes:
    """The first bytes of ``url`` (at most ``max_bytes``; more raises ``too_large``)."""
    allowed = list(allowed)
    for _ in range(redirects + 1):
        if not host_allowed(url, allowed):
            raise PreviewError("host_not_allowed", url)
        try:
            resp = requests.get(url, stream=True, timeout=timeout, allow_redirects=False)
        except requests.RequestException as exc:
            raise PreviewError("unreachable", str(exc)) from exc
        with resp:
            if resp.is_redirect and resp.headers.get("Location"):
                url = urljoin(url, resp.headers["Location"])
                continue
            if resp.status_code != 200:
                raise PreviewError("http_status", str(resp.status_code))
            data = bytearray()
            for chunk in resp.iter_content(65536):
                data.extend(chunk)
                if len(data) > max_bytes:
                    raise PreviewError("too_large", str(max_bytes))
            return bytes(data)
    raise PreviewError("unreachable", "too many redirects")


# ------------------------------------------------------------------ CSV
@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    truncated: bool = False
    delimiter: str = ","


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_csv(data: bytes, max_rows: int = 50) -> Table:
    """Header and the first ``max_rows`` rows; the delimiter (``,`` ``;`` tab ``|``) is
    sniffed, the encoding is UTF-8 or Windows-1252."""
    text = _decode(data)
    if not text.strip():
        raise PreviewError("empty")
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
        rows = []
        truncated = False
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append(row)
    except csv.Error as exc:
        raise PreviewError("not_csv", str(exc)) from exc
    width = len(header)
    rows = [(r + [""] * width)[:width] if len(r) < width else r for r in rows]
    return Table(header=header, rows=rows, truncated=truncated, delimiter=delimiter)


# ------------------------------------------------------------------ GeoJSON
def parse_geojson(data: bytes) -> dict:
    """The GeoJSON object (FeatureCollection, Feature or geometry), checked."""
    try:
        obj = json.loads(_decode(data))
    except ValueError as exc:
        raise PreviewError("not_geojson", str(exc)) from exc
    if not isinstance(obj, dict) or obj.get("type") not in GEOJSON_TYPES:
        raise PreviewError("not_geojson", "no GeoJSON type")
    return obj
