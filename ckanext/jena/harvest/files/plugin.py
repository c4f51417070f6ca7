"""``jena_files_harvester``: harvests file manifests (source type ``jena_files``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.citystate import previous_records
from ckanext.jena.harvest.cityutil import add_secret_headers
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.files import client, mapping
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig


class JenaFilesHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "files"
    TITLE = "Dateien an festen Adressen (Jena)"
    DESCRIPTION = (
        "Dateien der Fachbereiche (CSV, GeoJSON, XML, XLSX, PDF) mit Metadaten aus dem Register."
    )

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        add_secret_headers(fetcher, source)
        return client.gather(fetcher, source.options, previous_records(source.name), source.url)

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_file(record.content, source.defaults)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return record.content.get("url")
