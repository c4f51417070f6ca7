"""Safe HTTP client for harvesters (CKAN-free).

Contract (used by every protocol harvester)::

    from ckanext.jena.harvest.fetch import Fetcher, FetchError

    fetcher = Fetcher(allowed_hosts=["geoportal.thueringen.de"], allow_private=False)
    resp = fetcher.get("https://geoportal.thueringen.de/csw", params={...})
    resp.content      # bytes (at most ``max_bytes``)
    resp.text()       # str, strictly decoded (UndecodableText on bad bytes)
    resp.json()       # parsed JSON (InvalidContent on bad JSON)
    fetcher.get_json(url, params=...)  # shortcut

Rules enforced on the first request and on every redirect hop:

- only ``http``/``https``; only the declared ``allowed_hosts`` (exact host names, or
  ``*.example.org`` for sub-domains; an empty list means: the host of the source URL,
  which :class:`Fetcher` callers pass explicitly);
- every address the host name resolves to must be public: private and loopback
  addresses only with ``allow_private=True`` (demo and test sources on 127.0.0.1);
  link-local addresses (the cloud metadata address ``169.254.169.254``), multicast,
  reserved and unspecified addresses never;
- at most ``max_redirects`` redirects; connect/read timeouts and an overall deadline;
- the body is streamed and refused once it exceeds ``max_bytes``;
- conditional requests: pass ``etag`` / ``last_modified``; a 304 gives
  ``resp.not_modified == True`` and an empty body;
- HTTP status >= 400 raises :class:`HTTPStatusError`.

All errors derive from :class:`FetchError`; their messages name the URL and the reason.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

import requests

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 60.0
DEFAULT_TOTAL_TIMEOUT = 300.0
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "ckanext-jena-harvester/0.1 (+https://opendata.jena.de)"

Resolver = Callable[[str, int], Iterable[str]]


class FetchError(Exception):
    """Base class of all fetch errors. ``url`` is the URL concerned."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class InvalidURL(FetchError):
    pass


class HostNotAllowed(FetchError):
    pass


class PrivateAddressRefused(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class ResponseTooLarge(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class ConnectionFailed(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, message: str, url: str = "", status: int = 0) -> None:
        super().__init__(message, url)
        self.status = status


class InvalidContent(FetchError):
    """The body could not be decoded or parsed (bad JSON, XML, RDF, encoding)."""


class UndecodableText(InvalidContent):
    pass


def default_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as e:
        raise ConnectionFailed(f"cannot resolve host {host!r}: {e}") from e
    return sorted({info[4][0] for info in infos})


def address_kind(ip: str) -> str:
    """'public', 'private', 'loopback' or 'forbidden' (link-local incl. the cloud metadata
    address 169.254.169.254, multicast, reserved, unspecified)."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if (
        str(addr) in METADATA_ADDRESSES
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_unspecified
    ):
        return "forbidden"
    if addr.is_loopback:
        return "loopback"
    if isinstance(addr, ipaddress.IPv4Address) and addr in _SHARED_NET:
        return "private"
    if addr.is_private:
        return "private"
    if addr.is_reserved or not addr.is_global:
        return "forbidden"
    return "public"


def is_public_address(ip: str) -> bool:
    return address_kind(ip) == "public"


_SHARED_NET = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
#: cloud instance-metadata endpoints outside the link-local ranges (AWS IPv6, Alibaba)
METADATA_ADDRESSES = {"fd00:ec2::254", "100.100.100.200"}


def host_allowed(host: str, allowed_hosts: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    for pattern in allowed_hosts:
        pattern = pattern.lower().rstrip(".")
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) or host == pattern[2:]:
                return True
        elif host == pattern:
            return True
    return False


class _Headers:
    """Validators and content type from the (lower-cased) response headers."""

    headers: dict[str, str]

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class FetchResponse(_Headers):
    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None

    def text(self, encoding: str | None = None) -> str:
        """Strictly decoded body (declared charset, else UTF-8)."""
        return decode_text(self.content, encoding or self.charset or "utf-8", self.url)

    def json(self) -> Any:
        text = self.text()
        try:
            return json.loads(text)
        except ValueError as e:
            raise InvalidContent(f"invalid JSON from {self.url}: {e}", self.url) from e


def decode_text(data: bytes, encoding: str = "utf-8", url: str = "") -> str:
    """Decode ``data`` strictly; bytes that are not ``encoding`` raise UndecodableText
    naming the byte offset (no silent replacement characters)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except LookupError as e:
        raise UndecodableText(f"unknown character encoding {encoding!r} at {url}", url) from e
    except UnicodeDecodeError as e:
        snippet = data[max(0, e.start - 20) : e.end + 20]
        raise UndecodableText(
            f"text at {url or 'the response'} is not valid {encoding}: "
            f"byte {data[e.start : e.end]!r} at offset {e.start} (near {snippet!r})",
            url,
        ) from e


class Fetcher:
    """HTTP client with the safety rules above. Not thread-safe (one per harvest)."""

    def __init__(
        self,
        allowed_hosts: Iterable[str],
        allow_private: bool = False,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        headers: dict[str, str] | None = None,
        resolver: Resolver | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.allowed_hosts = [h for h in allowed_hosts if h]
        self.allow_private = allow_private
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self.resolver = resolver or default_resolver
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxies from the environment
        self.requests_made = 0

    # -- checks -----------------------------------------------------------------
    def check_url(self, url: str) -> None:
        """Raise unless ``url`` may be fetched (scheme, host, addresses)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as e:
            raise InvalidURL(f"invalid URL {url!r}: {e}", url) from e
        if parts.scheme not in ("http", "https"):
            raise InvalidURL(f"URL scheme {parts.scheme!r} not allowed: {url}", url)
        host = parts.hostname
        if not host:
            raise InvalidURL(f"URL without host: {url!r}", url)
        if parts.username or parts.password:
            raise InvalidURL(f"URL with credentials not allowed: {url}", url)
        if not host_allowed(host, self.allowed_hosts):
            raise HostNotAllowed(
                f"host {host!r} is not among the source's allowed hosts "
                f"({', '.join(self.allowed_hosts) or 'none'}): {url}",
                url,
            )
        port = port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            addresses = list(self.resolver(host, port))
        if not addresses:
            raise ConnectionFailed(f"host {host!r} resolves to no address: {url}", url)
        for ip in addresses:
            kind = address_kind(ip)
            if kind == "public" or (self.allow_private and kind in ("private", "loopback")):
                continue
            if kind == "forbidden":
                reason = "link-local, metadata, multicast or reserved: never fetched"
            else:
                reason = f"{kind}; only sources with allow_private may use it"
            raise PrivateAddressRefused(
                f"refusing {url}: host {host!r} resolves to non-public address {ip} ({reason})",
                url,
            )

    # -- requests ---------------------------------------------------------------
    def get(
        self,
        url: str,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResponse:
        return self.request(
            "GET", url, params=params, headers=headers, etag=etag, last_modified=last_modified
        )

    def post(
        self, url: str, data: bytes | str, headers: dict[str, str] | None = None
    ) -> FetchResponse:
        return self.request("POST", url, data=data, headers=headers)

    def get_json(self, url: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.get(url, params=params, **kw).json()

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None = None,
        data: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResponse:
        """The whole body in memory (within ``max_bytes``)."""
        opened = self._open(method, url, params, data, headers, etag, last_modified)
        if opened.not_modified:
            return FetchResponse(opened.url, 304, opened.headers, b"", True, opened.redirects)
        chunks: list[bytes] = []
        self._stream(opened, chunks.append, 64 * 1024)
        return FetchResponse(
            opened.url, opened.status, opened.headers, b"".join(chunks), False, opened.redirects
        )

    def download(
        self,
        url: str,
        dest: IO[bytes],
        etag: str | None = None,
        last_modified: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Download:
        """Stream ``url`` into the file ``dest`` (large files: feeds of hundreds of MB),
        with the same checks as :meth:`request` and the SHA-256 of the body computed on
        the way; conditional when ``etag``/``last_modified`` are given."""
        opened = self._open("GET", url, None, None, headers, etag, last_modified)
        if opened.not_modified:
            return Download(opened.url, 304, opened.headers, not_modified=True)
        digest = hashlib.sha256()
        size = 0

        def sink(chunk: bytes) -> None:
            nonlocal size
            size += len(chunk)
            digest.update(chunk)
            dest.write(chunk)

        self._stream(opened, sink, 256 * 1024)
        dest.flush()
        return Download(opened.url, opened.status, opened.headers, size, digest.hexdigest())

    def _open(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None,
        data: bytes | str | None,
        headers: dict[str, str] | None,
        etag: str | None,
        last_modified: str | None,
    ) -> _Opened:
        """Follow redirects (each hop checked), refuse error statuses and bodies that
        declare more than ``max_bytes``; the body is not read yet."""
        req_headers = {**self.headers, **(headers or {})}
        if etag:
            req_headers["If-None-Match"] = etag
        if last_modified:
            req_headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.total_timeout
        redirects: list[str] = []
        current = url
        while True:
            self.check_url(current)
            self.requests_made += 1
            try:
                resp = self.session.request(
                    method,
                    current,
                    params=params,
                    data=data,
                    headers=req_headers,
                    timeout=(self.connect_timeout, self.read_timeout),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.exceptions.ConnectTimeout as e:
                raise FetchTimeout(
                    f"connect timeout ({self.connect_timeout:g} s) for {current}", current
                ) from e
            except requests.exceptions.ReadTimeout as e:
                raise FetchTimeout(
                    f"read timeout ({self.read_timeout:g} s) for {current}", current
                ) from e
            except requests.exceptions.ConnectionError as e:
                raise ConnectionFailed(
                    f"connection to {current} failed: {_reason(e)}", current
                ) from e
            except requests.exceptions.RequestException as e:
                raise FetchError(f"request to {current} failed: {e}", current) from e
            if resp.is_redirect:
                location = resp.headers.get("location", "")
                resp.close()
                if len(redirects) >= self.max_redirects:
                    raise TooManyRedirects(
                        f"more than {self.max_redirects} redirects starting at {url}", url
                    )
                redirects.append(current)
                current = urljoin(resp.url, location)
                params = None  # the Location carries the query
                if resp.status_code in (301, 302, 303) and method == "POST":
                    method, data = "GET", None
                continue
            break
        final_url = resp.url
        resp_headers = {k.lower(): v for k, v in resp.headers.items()}
        if resp.status_code == 304:
            resp.close()
            return _Opened(resp, final_url, 304, resp_headers, redirects, deadline, True)
        if resp.status_code >= 400:
            resp.close()
            raise HTTPStatusError(
                f"HTTP {resp.status_code} {resp.reason or ''} from {final_url}".replace("  ", " "),
                final_url,
                resp.status_code,
            )
        declared = resp_headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            resp.close()
            raise ResponseTooLarge(
                f"response from {final_url} declares {declared} bytes, more than the limit of "
                f"{self.max_bytes} bytes",
                final_url,
            )
        return _Opened(resp, final_url, resp.status_code, resp_headers, redirects, deadline)

    def _stream(self, opened: _Opened, sink: Callable[[bytes], Any], chunk_size: int) -> None:
        """Read the body into ``sink`` within the size cap and the overall deadline."""
        final_url, size = opened.url, 0
        try:
            for chunk in opened.response.iter_content(chunk_size):
                size += len(chunk)
                if size > self.max_bytes:
                    raise ResponseTooLarge(
                        f"response from {final_url} exceeds the limit of {self.max_bytes} bytes",
                        final_url,
                    )
                if time.monotonic() > opened.deadline:
                    raise FetchTimeout(
                        f"download from {final_url} took longer than {self.total_timeout:g} s",
                        final_url,
                    )
                sink(chunk)
        except requests.exceptions.ConnectionError as e:
            if "timed out" in str(e).lower():
                raise FetchTimeout(
                    f"read timeout ({self.read_timeout:g} s) for {final_url}", final_url
                ) from e
            raise ConnectionFailed(
                f"connection to {final_url} broke: {_reason(e)}", final_url
            ) from e
        except requests.exceptions.RequestException as e:
            raise FetchError(f"reading {final_url} failed: {e}", final_url) from e
        finally:
            opened.response.close()


@dataclass
class _Opened:
    response: Any
    url: str
    status: int
    headers: dict[str, str]
    redirects: list[str]
    deadline: float
    not_modified: bool = False


@dataclass
class Download(_Headers):
    """A body streamed to a file by :meth:`Fetcher.download`."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    size: int = 0
    sha256: str = ""
    not_modified: bool = False


def _reason(e: Exception) -> str:
    text = str(e)
    for marker in (
        "Connection refused",
        "Name or service not known",
        "No route to host",
        "Connection reset",
        "timed out",
    ):
        if marker in text:
            return marker.lower()
    return text[:200]
