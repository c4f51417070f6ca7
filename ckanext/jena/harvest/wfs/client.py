"""Fetch a WFS GetCapabilities document. No CKAN imports."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ckanext.jena.harvest.records import GatherResult, Record
from ckanext.jena.harvest.wfs.parse import parse_capabilities


def capabilities_url(url: str, version: str = "2.0.0") -> str:
    """The GetCapabilities URL for a service URL (keeps other query parameters)."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query)
        if k.upper() not in ("SERVICE", "REQUEST", "VERSION", "ACCEPTVERSIONS")
    ]
    query += [("SERVICE", "WFS"), ("REQUEST", "GetCapabilities"), ("VERSION", version)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def fetch_capabilities(fetcher: Any, url: str) -> dict[str, Any]:
    cap_url = capabilities_url(url)
    resp = fetcher.get(cap_url, headers={"Accept": "application/xml, text/xml"})
    return parse_capabilities(resp.content, cap_url)


def gather(fetcher: Any, url: str, options: dict[str, Any] | None = None) -> GatherResult:
    """One record per feature type; ``options["feature_types"]`` (list of names) limits
    the harvest to those types."""
    options = options or {}
    service = fetch_capabilities(fetcher, url)
    wanted = set(options.get("feature_types") or [])
    records = []
    failed = {}
    for rec in service["records"]:
        if wanted and rec["name"] not in wanted:
            continue
        if rec.get("error"):
            failed[rec["guid"]] = rec["error"]
            continue
        records.append(Record(guid=rec["guid"], content=rec, title=rec["title"]))
    return GatherResult(records=records, complete=True, failed=failed, pages=1)
