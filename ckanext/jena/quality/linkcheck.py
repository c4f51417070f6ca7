"""Checking resource links (CKAN-free), with the harvesters' safe fetcher.

Only hosts on the allow list are contacted (:class:`ckanext.jena.harvest.fetch.Fetcher`
enforces the list, public addresses, redirects and timeouts). A link is checked with
``HEAD``; servers that refuse ``HEAD`` (405, 501, other 4xx/5xx) are asked once more with
a ranged ``GET`` (``Range: bytes=0-0``). A host not on the list is *not contacted* and
recorded as ``not_checked`` (it neither earns nor loses points).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ckanext.jena.harvest.fetch import (
    Fetcher,
    FetchError,
    HostNotAllowed,
    HTTPStatusError,
    InvalidURL,
    PrivateAddressRefused,
    ResponseTooLarge,
)

#: one byte is enough to know the file is there
RANGE_HEADERS = {"Range": "bytes=0-0"}


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def check_url(url: str, fetcher: Fetcher) -> dict[str, Any]:
    """``{url, ok, status, method, error, not_checked, checked}`` for one link."""
    result: dict[str, Any] = {
        "url": url,
        "ok": False,
        "status": None,
        "method": None,
        "error": "",
        "not_checked": False,
        "checked": _now(),
    }
    try:
        fetcher.check_url(url)
    except (HostNotAllowed, PrivateAddressRefused, InvalidURL) as e:
        result.update(not_checked=True, error=str(e))
        return result
    except FetchError as e:
        result.update(error=str(e))
        return result
    for method, headers in (("HEAD", None), ("GET", RANGE_HEADERS)):
        result["method"] = method
        try:
            resp = fetcher.request(method, url, headers=headers)
        except HTTPStatusError as e:
            result.update(status=e.status, error=str(e))
            continue  # try the ranged GET
        except ResponseTooLarge:
            result.update(ok=True, status=200, error="")  # it is there (and big)
            return result
        except FetchError as e:
            result.update(status=None, error=str(e))
            return result  # connection problems: a GET would not fare better
        result.update(ok=200 <= resp.status < 400, status=resp.status, error="")
        return result
    return result


def links_of(resource: dict[str, Any]) -> dict[str, str]:
    """``{"access": url, "download": url}`` of a resource (empty ones left out)."""
    out = {}
    access = (resource.get("access_url") or resource.get("url") or "").strip()
    if access:
        out["access"] = access
    download = (resource.get("download_url") or "").strip()
    if download:
        out["download"] = download
    return out


def check_resource(resource: dict[str, Any], fetcher: Fetcher) -> dict[str, Any]:
    """Check the access and download URL of a resource (each URL at most once)."""
    seen: dict[str, dict[str, Any]] = {}
    out: dict[str, Any] = {}
    for kind, url in links_of(resource).items():
        if url not in seen:
            seen[url] = check_url(url, fetcher)
        out[kind] = seen[url]
    return out


def dumps(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, sort_keys=True)
