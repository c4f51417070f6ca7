"""Fetch the files of a manifest (conditional, streamed, checksummed) and inspect them.
No CKAN imports."""

from __future__ import annotations

import tempfile
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from ckanext.jena.harvest.cityutil import SourceError
from ckanext.jena.harvest.fetch import FetchError
from ckanext.jena.harvest.files.detect import StructureError, inspect_file
from ckanext.jena.harvest.records import GatherResult, Record


def manifest(options: dict[str, Any], base_url: str = "") -> list[dict[str, Any]]:
    """The listed files; an entry's ``path`` is resolved against the source URL (so a
    registry profile can move a whole manifest to another host), ``url`` is absolute."""
    entries = options.get("files")
    if not isinstance(entries, list) or not entries:
        raise SourceError("the source lists no files (options.files is empty)")
    out = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("title"):
            raise SourceError(f"options.files[{i}] needs a 'title'")
        entry = dict(entry)
        if not entry.get("url"):
            if not entry.get("path") or not base_url:
                raise SourceError(f"options.files[{i}] needs a 'url' or a 'path'")
            entry["url"] = urljoin(
                base_url if base_url.endswith("/") else base_url + "/", entry["path"]
            )
        out.append(entry)
    return out


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).strftime("%Y-%m-%dT%H:%M:%S")
    except (TypeError, ValueError):
        return None


def fetch_entry(fetcher: Any, entry: dict[str, Any], prev: dict[str, Any] | None) -> dict[str, Any]:
    url = entry["url"]
    guid = entry.get("identifier") or url
    with tempfile.TemporaryFile(prefix="jena-file-") as tmp:
        dl = fetcher.download(
            url,
            tmp,
            etag=prev.get("etag") if prev else None,
            last_modified=prev.get("last_modified") if prev else None,
        )
        if (
            prev
            and (dl.not_modified or prev.get("sha256") == dl.sha256)
            and prev.get("entry") == entry
        ):
            content = dict(prev)
            if not dl.not_modified:
                content.update(etag=dl.etag, last_modified=dl.last_modified)
            return content
        if dl.not_modified:
            # metadata changed in the registry, file unchanged: fetch it again in full
            tmp.seek(0)
            tmp.truncate()
            dl = fetcher.download(url, tmp)
        info = inspect_file(tmp, dl.url, dl.content_type, entry.get("format"))
    return {
        "guid": guid,
        "url": url,
        "entry": entry,
        "size": dl.size,
        "sha256": dl.sha256,
        "etag": dl.etag,
        "last_modified": dl.last_modified,
        "modified": _http_date(dl.last_modified),
        **info,
    }


def gather(
    fetcher: Any,
    options: dict[str, Any],
    previous: dict[str, Any] | None = None,
    base_url: str = "",
) -> GatherResult:
    """One record per listed file. A broken link (HTTP error, refused, timeout) or a file
    that fails its structure check is reported in ``failed``: its dataset is kept as it
    was, never withdrawn."""
    previous = previous or {}
    records: list[Record] = []
    failed: dict[str, str] = {}
    for entry in manifest(options, base_url):
        guid = entry.get("identifier") or entry["url"]
        try:
            content = fetch_entry(fetcher, entry, previous.get(guid))
        except FetchError as e:
            failed[guid] = f"broken link: {e}"
            continue
        except StructureError as e:
            failed[guid] = f"structure check failed: {e}"
            continue
        records.append(
            Record(
                guid=guid, content=content, title=entry["title"], modified=content.get("modified")
            )
        )
    return GatherResult(records=records, complete=True, failed=failed, pages=len(records))
