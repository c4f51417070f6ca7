#!/usr/bin/env python3
"""Regenerate ckanext/jena/vocab/data/*.json from the DCAT-AP.de vocabulary folder.

Usage: .venv/bin/python scripts/derive_vocabularies.py [--shared ../shared/dcat-ap-de] [NAME ...]

The shared folder is read-only source data; the generated JSON files are committed so
that the portal works without it. ``ckan jena vocab check`` verifies them afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from ckanext.jena.vocab import derive  # noqa: E402
from ckanext.jena.vocab.licenses import write_license_register  # noqa: E402

DEFAULT_SHARED = os.path.join(ROOT, "..", "shared", "dcat-ap-de")
OUT = os.path.join(ROOT, "ckanext", "jena", "vocab", "data")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=DEFAULT_SHARED, help="DCAT-AP.de folder")
    parser.add_argument("names", nargs="*", help="vocabularies to derive (default: all)")
    args = parser.parse_args()
    for path in derive.write_all(args.shared, OUT, args.names or None):
        print("written", os.path.relpath(path, ROOT))
    if not args.names or "license" in args.names:
        print("written", os.path.relpath(write_license_register(OUT), ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
