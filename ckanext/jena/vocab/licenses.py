"""CKAN licence register (``licenses.json``) built from the dcat-ap.de licence list.

CKAN reads the file named by ``licenses_group_url`` (``file://...``): a list of
``{id, title, url, od_conformance, osd_conformance, ...}``. Here ``id`` is the dcat-ap.de
licence code (what ``license_id`` stores), ``title`` its German name, ``url`` the
licence's web page (``foaf:homepage``; the dcat-ap.de IRI when there is none),
``od_conformance`` ``approved`` for the licences GovData counts as open. The extra keys
``uri``, ``title_en``, ``attribution_required`` and ``open`` are ignored by CKAN and
kept for templates.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ckanext.jena import vocab

FILENAME = "licenses.json"
PATH = os.path.join(vocab.DATA_DIR, FILENAME)

SOFTWARE = {"apache", "bsd", "gpl/3.0", "mozilla", "other-opensource"}


def register_entries() -> list[dict[str, Any]]:
    entries = []
    for c in vocab.get("license"):
        is_open = bool(c.extras.get("open"))
        software = c.code in SOFTWARE
        entries.append(
            {
                "id": c.code,
                "title": c.label_de,
                "title_en": c.label_en,
                "url": c.extras.get("homepage") or c.uri,
                "uri": c.uri,
                "od_conformance": "approved" if is_open and not software else "not reviewed",
                "osd_conformance": "approved" if is_open and software else "not reviewed",
                "status": "active",
                "maintainer": "",
                "domain_content": not software,
                "domain_data": not software,
                "domain_software": software,
                "family": "",
                "attribution_required": bool(c.extras.get("attribution_required")),
                "open": is_open,
            }
        )
    return entries


def write_license_register(out_dir: str = vocab.DATA_DIR) -> str:
    path = os.path.join(out_dir, FILENAME)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(register_entries(), f, ensure_ascii=False, indent=1)
        f.write("\n")
    return path
