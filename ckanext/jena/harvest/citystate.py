"""CKAN-side state for the city-system harvesters: the record contents stored with the
current harvest objects of a source (previous ETag, Last-Modified, checksum, counts), so
that the CKAN-free clients can make conditional requests and reuse unchanged records."""

from __future__ import annotations

import json
from typing import Any

import ckan.model as model

from ckanext.harvest.model import HarvestObject


def previous_records(source_name: str) -> dict[str, Any]:
    """guid -> record content of the source's current harvest objects."""
    pkg = model.Package.get(source_name)
    if pkg is None:
        return {}
    rows = (
        model.Session.query(HarvestObject.guid, HarvestObject.content)
        .filter(HarvestObject.harvest_source_id == pkg.id)
        .filter(HarvestObject.current.is_(True))
        .all()
    )
    out: dict[str, Any] = {}
    for guid, content in rows:
        if not content:
            continue
        try:
            out[guid] = json.loads(content)
        except ValueError:
            continue
    return out
