"""Streaming download to a file with the framework fetcher's safety rules (CKAN-free).

:class:`~ckanext.jena.harvest.fetch.Fetcher` keeps bodies in memory; large files (the
Germany-wide GTFS feed has hundreds of MB) are streamed to disk here instead, with the
same checks: allowed hosts and public addresses on every redirect hop (``check_url``),
the redirect limit, connect/read timeouts, the overall deadline and the size cap
(``max_bytes``). The SHA-256 of the body is computed while streaming.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urljoin

import requests

from ckanext.jena.harvest.fetch import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    TooManyRedirects,
)


@dataclass
class Download:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    size: int = 0
    sha256: str = ""
    not_modified: bool = False

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def download(
    fetcher: Any,
    url: str,
    dest: IO[bytes],
    etag: str | None = None,
    last_modified: str | None = None,
    headers: dict[str, str] | None = None,
) -> Download:
    """Stream ``url`` into ``dest`` (conditional when ``etag``/``last_modified`` given)."""
    req_headers = {**fetcher.headers, **(headers or {})}
    if etag:
        req_headers["If-None-Match"] = etag
    if last_modified:
        req_headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + fetcher.total_timeout
    current = url
    hops = 0
    while True:
        fetcher.check_url(current)
        fetcher.requests_made += 1
        try:
            resp = fetcher.session.get(
                current,
                headers=req_headers,
                timeout=(fetcher.connect_timeout, fetcher.read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.Timeout as e:
            raise FetchTimeout(f"timeout for {current}: {e}", current) from e
        except requests.exceptions.ConnectionError as e:
            raise ConnectionFailed(
                f"connection to {current} failed: {str(e)[:200]}", current
            ) from e
        except requests.exceptions.RequestException as e:
            raise FetchError(f"request to {current} failed: {e}", current) from e
        if resp.is_redirect:
            location = resp.headers.get("location", "")
            resp.close()
            hops += 1
            if hops > fetcher.max_redirects:
                raise TooManyRedirects(
                    f"more than {fetcher.max_redirects} redirects starting at {url}", url
                )
            current = urljoin(current, location)
            continue
        break
    hdrs = {k.lower(): v for k, v in resp.headers.items()}
    if resp.status_code == 304:
        resp.close()
        return Download(current, 304, hdrs, not_modified=True)
    if resp.status_code >= 400:
        resp.close()
        raise HTTPStatusError(f"HTTP {resp.status_code} from {current}", current, resp.status_code)
    declared = hdrs.get("content-length", "")
    if declared.isdigit() and int(declared) > fetcher.max_bytes:
        resp.close()
        raise ResponseTooLarge(
            f"response from {current} declares {declared} bytes, more than the limit of {fetcher.max_bytes} bytes",
            current,
        )
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in resp.iter_content(256 * 1024):
            size += len(chunk)
            if size > fetcher.max_bytes:
                raise ResponseTooLarge(
                    f"response from {current} exceeds the limit of {fetcher.max_bytes} bytes",
                    current,
                )
            if time.monotonic() > deadline:
                raise FetchTimeout(
                    f"download from {current} took longer than {fetcher.total_timeout:g} s", current
                )
            digest.update(chunk)
            dest.write(chunk)
    except requests.exceptions.RequestException as e:
        raise ConnectionFailed(f"download from {current} broke off: {str(e)[:200]}", current) from e
    finally:
        resp.close()
    dest.flush()
    return Download(current, resp.status_code, hdrs, size, digest.hexdigest())
