"""HTTP server of the demo city network (stdlib only, CKAN-free).

Every system lives under its own path prefix (see :data:`SYSTEMS`); responses carry
absolute URLs of the server's base URL, an ``ETag`` and ``Last-Modified``, and
conditional requests (``If-None-Match`` / ``If-Modified-Since``) are answered with 304::

    network = DemoNetwork.start("127.0.0.1", 0)   # in a background thread
    network.base_url                               # http://127.0.0.1:<port>
    network.stop()
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ckanext.jena.demo_network import (
    ckan_portal,
    csw,
    dcat_hub,
    files,
    gtfs,
    ogc_features,
    oparl,
    sensorthings,
    wfs,
)
from ckanext.jena.demo_network.base import (
    Content,
    Request,
    Response,
    conditional,
    error,
    html_page,
    not_found,
    ok,
)

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765

#: path prefix -> (system class, German description for the index page)
SYSTEMS: list[tuple[str, Any, str]] = [
    ("/ckan", ckan_portal.CkanPortal, "Bisheriges Open-Data-Portal opendata.jena.de (CKAN API)"),
    ("/dcat", dcat_hub.DcatHub, "WISSENsAllmende und JenaKultur (DCAT-AP.de, Hydra-Paging)"),
    ("/csw", csw.Csw, "Geodatenkatalog (CSW 2.0.2, ISO 19139)"),
    ("/ogc-features", ogc_features.OgcFeatures, "Urban Data Platform (OGC API – Features)"),
    ("/wfs", wfs.Wfs, "Geoportal der Stadt Jena (WFS 2.0)"),
    (
        "/geoportal/ogc-api",
        ogc_features.GeoportalFeatures,
        "Geoportal der Stadt Jena (OGC API – Features)",
    ),
    ("/udp/rest/v1.1", sensorthings.SensorThings, "Urban Data Platform (SensorThings API 1.1)"),
    ("/gtfs", gtfs.Gtfs, "Fahrplandaten Jenaer Nahverkehr (GTFS)"),
    ("/oparl/v1.1", oparl.OParl, "Ratsinformationssystem (OParl 1.1)"),
    ("/files", files.Files, "Dateiablagen der Stadtverbund-Unternehmen"),
]

#: entry point of a system (relative to its prefix) linked from the index page
ENTRY = {
    "/csw": "?service=CSW&request=GetCapabilities",
    "/wfs": "?SERVICE=WFS&REQUEST=GetCapabilities",
    "/oparl/v1.1": "/system",
}


def entry_url(base: str, prefix: str) -> str:
    return base + prefix + ENTRY.get(prefix, "/")


class DemoNetwork:
    """All systems of the network behind one base URL."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.content = Content(self.base_url)
        self.systems = [(prefix, cls(self.content), label) for prefix, cls, label in SYSTEMS]
        #: (method, path with query, status) of the latest requests, newest last
        self.requests: deque[tuple[str, str, int]] = deque(maxlen=10000)
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # -- dispatch ----------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        resp = self._dispatch(req)
        target = req.path + ("?" + req.raw_query if req.raw_query else "")
        self.requests.append((req.method, target, resp.status))
        return resp

    def _dispatch(self, req: Request) -> Response:
        if req.method not in ("GET", "HEAD"):
            resp = error(405, "Nur GET und HEAD / only GET and HEAD\n")
            resp.headers["Allow"] = "GET, HEAD"
            return resp
        if req.path in ("", "/"):
            return conditional(req, self.index())
        for prefix, system, _label in self.systems:
            if req.path == prefix or req.path.startswith(prefix + "/"):
                sub = req.path[len(prefix) :] or "/"
                try:
                    resp = system.handle(req, sub)
                except Exception as e:  # a bug in the demo: answer 500, keep serving
                    log.exception("demo network: %s failed", req.path)
                    resp = error(500, f"Interner Fehler / internal error: {type(e).__name__}\n")
                return conditional(req, resp if resp is not None else not_found(req.path))
        return not_found(req.path)

    def index(self) -> Response:
        items = "\n".join(
            f'<li><a href="{entry_url(self.base_url, prefix)}">{label}</a> – <code>{prefix}</code></li>'
            for prefix, _s, label in self.systems
        )
        body = (
            "<p>Eingebettetes Demo-Stadtnetz des Jenaer Stadtverbunds: aufgezeichnete "
            "Inhalte, wie sie die Systeme der Stadt ausliefern.</p>\n<ul>\n" + items + "\n</ul>"
        )
        return ok(html_page("Demo-Stadtnetz Jena", body), "text/html; charset=utf-8")

    # -- serving -------------------------------------------------------------------------
    def _make_server(self, host: str, port: int) -> ThreadingHTTPServer:
        network = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "JenaDemoNetwork/1.0"

            def log_message(self, fmt: str, *args: Any) -> None:
                log.info("%s %s", self.address_string(), fmt % args)

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                req = Request(
                    method=method,
                    path=parts.path,
                    query=parse_qs(parts.query, keep_blank_values=True),
                    headers=dict(self.headers.items()),
                    raw_query=parts.query,
                )
                resp = network.handle(req)
                try:
                    self.send_response(resp.status)
                    self.send_header("Content-Type", resp.content_type)
                    self.send_header("Content-Length", str(len(resp.body)))
                    for k, v in resp.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    if method != "HEAD" and resp.status != 304:
                        self.wfile.write(resp.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_HEAD(self) -> None:  # noqa: N802
                self._serve("HEAD")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

        httpd = ThreadingHTTPServer((host, port), Handler)
        httpd.daemon_threads = True
        return httpd

    @classmethod
    def start(
        cls, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, base_url: str | None = None
    ) -> DemoNetwork:
        """Listen on ``host:port`` (0: a free port) in a background thread."""
        # bind first, so that port 0 resolves to the real port of the base URL
        network = cls.__new__(cls)
        httpd = network._make_server(host, port)
        real_port = httpd.server_address[1]
        cls.__init__(network, base_url or f"http://{host}:{real_port}")
        network.httpd = httpd
        network.thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        network.thread.start()
        return network

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


def serve_forever(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, base_url: str | None = None
) -> None:
    """Run the network in the foreground until interrupted."""
    network = DemoNetwork.start(host, port, base_url)
    print(f"Demo-Stadtnetz Jena läuft auf / demo city network at {network.base_url}/", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        network.stop()
