"""``jena_gtfs_harvester``: harvests static GTFS feeds (source type ``jena_gtfs``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.citystate import previous_records
from ckanext.jena.harvest.cityutil import add_secret_headers
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.gtfs import client, mapping
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig


class JenaGtfsHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "gtfs"
    TITLE = "GTFS-Fahrplandaten (Jena)"
    DESCRIPTION = "Ein statischer GTFS-Feed (ZIP) wird ein Datensatz."

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        add_secret_headers(fetcher, source)
        return client.gather(fetcher, source.url, source.options, previous_records(source.name))

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_feed(record.content, source.defaults, source.options)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return record.content.get("url")
