"""Plugin ``jena_csw_harvester``: OGC CSW catalogues with ISO 19139 records."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.csw import client, iso
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig


class JenaCswHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "csw"
    TITLE = "OGC CSW / ISO 19139 (Jena-Schema)"
    DESCRIPTION = "Metadatenkataloge (CSW 2.0.2) mit ISO-19139-Datensätzen, z. B. GeoMIS.TH"

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        return client.gather(source, fetcher)

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return iso.map_record(record.content, source)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return iso.record_url(source, record.guid)
