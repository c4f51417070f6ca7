"""A small HTTP server on 127.0.0.1 replaying the recorded fixtures of the city network
(and injecting faults). Routes map a path to a handler returning (status, headers, body)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Handler = Callable[[str, dict[str, list[str]], dict[str, str]], tuple[int, dict[str, str], bytes]]


class CityServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[str] = []
        server = self

        class _H(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                server.requests.append(self.path)
                handler = server.routes.get(parts.path)
                if handler is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = handler(
                        parts.path, parse_qs(parts.query), dict(self.headers)
                    )
                try:
                    self.send_response(status)
                    if "Content-Length" not in headers:
                        headers = {**headers, "Content-Length": str(len(body))}
                    for k, v in headers.items():
                        if v is not None:  # None: header left out (body ends at close)
                            self.send_header(k, v)
                    self.end_headers()
                    if body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._handler = _H
        self.port = 0
        self.start()

    def start(self) -> None:
        """Listen (again, on the same port after ``stop``)."""
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until ``start``."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def static(
        self,
        path: str,
        body: bytes | str,
        status: int = 200,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        delay: float = 0,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def handler(_p: str, _q: dict[str, list[str]], _h: dict[str, str]):
            if delay:
                time.sleep(delay)
            return status, {"Content-Type": content_type, **(headers or {})}, data

        self.routes[path] = handler

    def close(self) -> None:
        self.stop()


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
