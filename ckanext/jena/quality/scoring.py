"""The quality score (CKAN-free): one code path for the panel, the API and the CLI.

Dimensions, indicators, weights and rating bands come from ``mqa.yaml`` (modelled on the
data.europa.eu Metadata Quality Assessment, source reference in that file).

Input: a dataset dict (``package_show`` output, fields of ``doc/dataset-fields.rst``),
the number of DCAT-AP.de violations (None: not validated) and the link-check results per
resource id (``{resource_id: {"access": {...}, "download": {...}}}``, see
:mod:`ckanext.jena.quality.linkcheck`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from ckanext.jena import vocab

HERE = os.path.dirname(os.path.abspath(__file__))
MQA_FILE = os.path.join(HERE, "mqa.yaml")

ACCESS_RIGHT_PREFIX = "http://publications.europa.eu/resource/authority/access-right/"
#: IANA media type: a registered top-level type and a subtype
MEDIA_TYPE = re.compile(
    r"^(application|audio|font|image|message|model|multipart|text|video)/[A-Za-z0-9][\w.+-]*$"
)


@functools.cache
def weights() -> dict[str, Any]:
    """The parsed ``mqa.yaml``."""
    with open(MQA_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def rating(points: float) -> str:
    for band in weights()["ratings"]:
        if points >= band["min"]:
            return band["key"]
    return "bad"


# -- indicator checks --------------------------------------------------------------------


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return any(_filled(v) for v in (value.values() if isinstance(value, dict) else value))
    return value is not None


def _link_ok(links: Mapping[str, Any], res: dict[str, Any], kind: str) -> bool:
    entry = (links.get(res.get("id") or "") or {}).get(kind) or {}
    return bool(entry.get("ok"))


def _format_code(res: dict[str, Any]) -> str:
    return (res.get("format") or "").strip().upper()


def _format_in_vocabulary(res: dict[str, Any]) -> bool:
    return vocab.get("file_type").by_code(_format_code(res)) is not None


def _licence(pkg: dict[str, Any], res: dict[str, Any]) -> str:
    return (res.get("license") or pkg.get("license_id") or "").strip()


DatasetCheck = Callable[[dict[str, Any], int | None], bool]
ResourceCheck = Callable[[dict[str, Any], dict[str, Any], Mapping[str, Any]], bool]

DATASET_CHECKS: dict[str, DatasetCheck] = {
    "keyword": lambda pkg, v: bool(pkg.get("tags")) or _filled(pkg.get("tag_string")),
    "theme": lambda pkg, v: _filled(pkg.get("theme")),
    "spatial": lambda pkg, v: _filled(pkg.get("spatial"))
    or _filled(pkg.get("political_geocoding_uri")),
    "temporal": lambda pkg, v: any(
        _filled(t.get("start")) or _filled(t.get("end"))
        for t in (pkg.get("temporal_coverage") or [])
        if isinstance(t, dict)
    ),
    "dcat_ap_compliance": lambda pkg, v: v == 0,
    "access_rights": lambda pkg, v: _filled(pkg.get("access_rights")),
    "access_rights_vocabulary": lambda pkg, v: (pkg.get("access_rights") or "")
    in vocab.get("access_right"),
    "contact_point": lambda pkg, v: any(
        _filled(c.get("email")) or _filled(c.get("url"))
        for c in (pkg.get("contact") or [])
        if isinstance(c, dict)
    ),
    "publisher": lambda pkg, v: _filled(pkg.get("owner_org")),
    "issued": lambda pkg, v: _filled(pkg.get("issued"))
    or any(_filled(r.get("issued")) for r in pkg.get("resources") or []),
    "modified": lambda pkg, v: _filled(pkg.get("modified"))
    or any(_filled(r.get("modified")) for r in pkg.get("resources") or []),
}

RESOURCE_CHECKS: dict[str, ResourceCheck] = {
    "access_url_status": lambda pkg, res, links: _link_ok(links, res, "access"),
    "download_url": lambda pkg, res, links: _filled(res.get("download_url")),
    "download_url_status": lambda pkg, res, links: _filled(res.get("download_url"))
    and _link_ok(links, res, "download"),
    "format": lambda pkg, res, links: bool(_format_code(res)),
    "media_type": lambda pkg, res, links: _filled(res.get("mimetype")),
    "format_vocabulary": lambda pkg, res, links: _format_in_vocabulary(res)
    or bool(MEDIA_TYPE.match((res.get("mimetype") or "").strip())),
    "non_proprietary": lambda pkg, res, links: _format_code(res) in weights()["non_proprietary"],
    "machine_readable": lambda pkg, res, links: _format_code(res) in weights()["machine_readable"],
    "license": lambda pkg, res, links: bool(_licence(pkg, res)),
    "license_vocabulary": lambda pkg, res, links: vocab.get("license").lookup(_licence(pkg, res))
    is not None,
    "rights": lambda pkg, res, links: _filled(res.get("rights")),
    "byte_size": lambda pkg, res, links: str(res.get("size") or "").strip().isdigit(),
}


def _round(x: float) -> float:
    return round(x + 0.0, 1)


def score(
    pkg: dict[str, Any],
    violations: int | None,
    links: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The dataset's score: ``{points, max_points, percent, rating, dimensions: [...]}``.

    Each dimension lists its indicators with ``weight``, ``points``, ``met`` (True/False;
    distribution indicators: share 0..1 in ``share``) and ``field`` (form field to fill).
    """
    links = links or {}
    resources = [r for r in pkg.get("resources") or [] if r.get("state", "active") == "active"]
    data = weights()
    dims = []
    total = 0.0
    for dim in data["dimensions"]:
        indicators = []
        dim_points = 0.0
        dim_max = 0
        for ind in dim["indicators"]:
            weight = ind["weight"]
            if ind["level"] == "dataset":
                share = 1.0 if DATASET_CHECKS[ind["key"]](pkg, violations) else 0.0
                failing: list[str] = []
            else:
                check = RESOURCE_CHECKS[ind["key"]]
                results = [(r, bool(check(pkg, r, links))) for r in resources]
                met_count = sum(1 for _, ok in results if ok)
                share = met_count / len(results) if results else 0.0
                failing = [r.get("id") or "" for r, ok in results if not ok]
            points = weight * share
            dim_points += points
            dim_max += weight
            indicators.append(
                {
                    "key": ind["key"],
                    "label": ind["label"],
                    "property": ind["property"],
                    "level": ind["level"],
                    "field": ind.get("field"),
                    "weight": weight,
                    "share": round(share, 4),
                    "met": share == 1.0,
                    "points": _round(points),
                    "failing_resources": failing,
                }
            )
        total += dim_points
        dims.append(
            {
                "key": dim["key"],
                "label": dim["label"],
                "points": _round(dim_points),
                "max_points": dim_max,
                "indicators": indicators,
            }
        )
    points = _round(total)
    return {
        "points": points,
        "max_points": data["max_points"],
        "percent": round(100 * total / data["max_points"], 1),
        "rating": rating(points),
        "violations": violations,
        "dimensions": dims,
        "source": data["source"],
    }
