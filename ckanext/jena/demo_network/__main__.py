"""``python -m ckanext.jena.demo_network [--host H] [--port P]``: run the demo network."""

from __future__ import annotations

import argparse

from ckanext.jena.demo_network.server import DEFAULT_HOST, DEFAULT_PORT, serve_forever


def main() -> None:
    parser = argparse.ArgumentParser(description="Demo city network of Jena")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--base-url", default=None)
    args = parser.parse_args()
    serve_forever(args.host, args.port, args.base_url)


if __name__ == "__main__":
    main()
