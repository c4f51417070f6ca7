"""``jena_oparl_harvester``: harvests OParl 1.0/1.1 council information systems (source
type ``jena_oparl``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.citystate import previous_records
from ckanext.jena.harvest.cityutil import add_secret_headers
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.oparl import client, mapping
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig


class JenaOparlHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "oparl"
    TITLE = "OParl 1.0/1.1 (Jena)"
    DESCRIPTION = "Ratsinformationssystem über OParl: je Körperschaft Sitzungen, Drucksachen, Gremien, Personen und Dokumente."

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        add_secret_headers(fetcher, source)
        return client.gather(fetcher, source.url, source.options, previous_records(source.name))

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_list(record.content, source.defaults)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return record.content.get("list_url")
