"""Download a GTFS feed (streaming, within the size cap, conditional) and summarise it.
No CKAN imports."""

from __future__ import annotations

import tempfile
from typing import Any

from ckanext.jena.harvest.cityutil import iso_datetime
from ckanext.jena.harvest.gtfs.parse import read_feed
from ckanext.jena.harvest.records import GatherResult, Record


def gather(
    fetcher: Any,
    url: str,
    options: dict[str, Any] | None = None,
    previous: dict[str, Any] | None = None,
) -> GatherResult:
    """One record for the feed at ``url``.

    ``previous`` (guid -> record content of the last run) enables change detection: the
    request is conditional on the stored ETag/Last-Modified, and a 304 or an unchanged
    SHA-256 returns the previous record as it was (nothing to rewrite).
    """
    options = dict(options or {})
    guid = url
    prev = (previous or {}).get(guid)
    etag = prev.get("etag") if prev else None
    modified = prev.get("last_modified") if prev else None
    with tempfile.TemporaryFile(prefix="jena-gtfs-") as tmp:
        dl = fetcher.download(url, tmp, etag=etag, last_modified=modified)
        if dl.not_modified and prev:
            return GatherResult([_record(guid, prev)], complete=True, pages=1)
        if prev and prev.get("sha256") == dl.sha256 and prev.get("filter") == _filter(options):
            content = dict(prev, etag=dl.etag, last_modified=dl.last_modified)
            return GatherResult([_record(guid, content)], complete=True, pages=1)
        tmp.seek(0)
        summary = read_feed(tmp, options)
    content = {
        "guid": guid,
        "url": url,
        "size": dl.size,
        "sha256": dl.sha256,
        "etag": dl.etag,
        "last_modified": dl.last_modified,
        "modified": iso_datetime(_http_date(dl.last_modified)),
        **summary,
    }
    return GatherResult([_record(guid, content)], complete=True, pages=1)


def _filter(options: dict[str, Any]) -> dict[str, Any]:
    bbox = [float(v) for v in options["bbox"]] if options.get("bbox") else None
    return {"agencies": [str(a) for a in options.get("agencies") or []], "bbox": bbox}


def _record(guid: str, content: dict[str, Any]) -> Record:
    names = ", ".join(a.get("agency_name", "") for a in content.get("agencies") or [])
    return Record(guid=guid, content=content, title=names or guid, modified=content.get("modified"))


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return None
