"""``jena_wfs_harvester``: harvests WFS 2.0 services (source type ``jena_wfs``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.cityutil import add_secret_headers
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig
from ckanext.jena.harvest.wfs import client, mapping


class JenaWfsHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "wfs"
    TITLE = "WFS 2.0 (Jena)"
    DESCRIPTION = "Jede Objektart (FeatureType) eines WFS wird ein Datensatz."

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        add_secret_headers(fetcher, source)
        return client.gather(fetcher, source.url, source.options)

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_feature_type(record.content, source.defaults)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return record.content.get("capabilities_url")
