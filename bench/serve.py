"""Serve CKAN with an ini on 127.0.0.1:<port> (threaded werkzeug, no reloader, no
debugger): the serving process of the export and search benchmarks.

    .venv/bin/python bench/serve.py bench/bench.ini 5601
"""

from __future__ import annotations

import logging
import sys

from werkzeug.serving import run_simple


def main() -> None:
    ini, port = sys.argv[1], int(sys.argv[2])
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
    main()
