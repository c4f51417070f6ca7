"""GeoJSON geometry checks for the spatial coverage (CKAN-free).

``check_geometry(text)`` parses a GeoJSON geometry and returns its bounding box, or raises
``GeometryError`` with an English message (the caller translates it). ``far_from_thuringia``
tells whether a bounding box lies far outside the Free State of Thuringia.
"""

from __future__ import annotations

import json
import math
from typing import Any

GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)

# Bounding box of Thuringia (WGS 84), rounded outwards, and the margin in degrees (about
# 35 km) beyond which a geometry counts as "far outside".
THURINGIA_BBOX = (9.87, 50.20, 12.66, 51.65)
THURINGIA_MARGIN = 0.5

# Jena's city area (bounding box), the default spatial coverage of the form.
JENA_EXTENT = {
    "type": "Polygon",
    "coordinates": [
        [
            [11.4996, 50.8548],
            [11.6859, 50.8548],
            [11.6859, 50.9851],
            [11.4996, 50.9851],
            [11.4996, 50.8548],
        ]
    ],
}


class GeometryError(ValueError):
    """Not a valid GeoJSON geometry. ``kind``: ``json``, ``type`` or ``coordinates``."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def _position(pos: Any) -> tuple[float, float]:
    if not isinstance(pos, list) or len(pos) < 2:
        raise GeometryError("coordinates", f"a position must be [longitude, latitude], got {pos!r}")
    for number in pos:
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise GeometryError("coordinates", f"coordinates must be numbers, got {number!r}")
        if not math.isfinite(number):
            raise GeometryError("coordinates", "coordinates must be finite numbers")
    lon, lat = float(pos[0]), float(pos[1])
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        raise GeometryError("coordinates", f"position out of range (longitude, latitude): {pos!r}")
    return lon, lat


def _positions(value: Any, minimum: int, what: str) -> list[tuple[float, float]]:
    if not isinstance(value, list) or len(value) < minimum:
        raise GeometryError("coordinates", f"{what} needs at least {minimum} positions")
    return [_position(p) for p in value]


def _ring(value: Any) -> list[tuple[float, float]]:
    points = _positions(value, 4, "a polygon ring")
    if points[0] != points[-1]:
        raise GeometryError("coordinates", "a polygon ring must end where it starts")
    return points


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise GeometryError("coordinates", f"{what} must be a non-empty list")
    return value


def _points(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list) or not members:
            raise GeometryError("coordinates", "a GeometryCollection needs geometries")
        out: list[tuple[float, float]] = []
        for member in members:
            if not isinstance(member, dict) or member.get("type") not in GEOMETRY_TYPES:
                raise GeometryError(
                    "type", str(member.get("type") if isinstance(member, dict) else member)
                )
            out.extend(_points(member))
        return out
    coords = geometry.get("coordinates")
    if kind == "Point":
        return [_position(coords)]
    if kind == "MultiPoint":
        return [_position(p) for p in _list(coords, "MultiPoint coordinates")]
    if kind == "LineString":
        return _positions(coords, 2, "a LineString")
    if kind == "MultiLineString":
        return [
            p
            for line in _list(coords, "MultiLineString coordinates")
            for p in _positions(line, 2, "a LineString")
        ]
    if kind == "Polygon":
        return [p for ring in _list(coords, "Polygon coordinates") for p in _ring(ring)]
    if kind == "MultiPolygon":
        return [
            p
            for polygon in _list(coords, "MultiPolygon coordinates")
            for ring in _list(polygon, "a polygon")
            for p in _ring(ring)
        ]
    raise GeometryError("type", str(kind))


def check_geometry(value: str | dict[str, Any]) -> tuple[float, float, float, float]:
    """Validate a GeoJSON geometry; return its bounding box (minx, miny, maxx, maxy)."""
    if isinstance(value, str):
        try:
            geometry = json.loads(value)
        except ValueError as e:
            raise GeometryError("json", str(e)) from e
    else:
        geometry = value
    if not isinstance(geometry, dict):
        raise GeometryError("type", type(geometry).__name__)
    if geometry.get("type") not in GEOMETRY_TYPES:
        raise GeometryError("type", str(geometry.get("type")))
    points = _points(geometry)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def far_from_thuringia(bbox: tuple[float, float, float, float]) -> bool:
    """True when the box does not touch Thuringia's box widened by the margin."""
    minx, miny, maxx, maxy = bbox
    tminx, tminy, tmaxx, tmaxy = THURINGIA_BBOX
    m = THURINGIA_MARGIN
    return maxx < tminx - m or minx > tmaxx + m or maxy < tminy - m or miny > tmaxy + m
