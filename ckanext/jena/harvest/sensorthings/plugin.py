"""``jena_sensorthings_harvester``: harvests OGC SensorThings API 1.1 services (source
type ``jena_sensorthings``), one dataset per observed property."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.cityutil import add_secret_headers
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig
from ckanext.jena.harvest.sensorthings import client, mapping


class JenaSensorThingsHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "sensorthings"
    TITLE = "OGC SensorThings API 1.1 (Jena)"
    DESCRIPTION = "Datenströme einer SensorThings API, je Messgröße ein Datensatz."

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        add_secret_headers(fetcher, source)
        return client.gather(fetcher, source.url, source.options)

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_group(record.content, source.defaults, source.options)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return record.content.get("guid")
