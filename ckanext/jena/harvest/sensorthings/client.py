"""Read the Datastreams of a SensorThings API 1.1 service in one linear pass: each page
expands Thing/Locations, ObservedProperty, Sensor and the latest observations' times,
``@iot.nextLink`` is followed. No CKAN imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from ckanext.jena.harvest.cityutil import SourceError, follow_pages, now_utc
from ckanext.jena.harvest.records import GatherResult, Record
from ckanext.jena.harvest.sensorthings.parse import Grouper

#: latest observations expanded per datastream to estimate the cadence
CADENCE_SAMPLE = 5

EXPAND = (
    "Thing($select=@iot.id,name,description,properties;$expand=Locations($select=@iot.id,name,location,encodingType)),"
    "ObservedProperty,"
    "Sensor($select=@iot.id,name,description,encodingType,metadata),"
    "Observations($select=phenomenonTime;$orderby=phenomenonTime desc;$top={n})"
)


def datastreams_params(page_size: int = 100) -> dict[str, str]:
    return {
        "$expand": EXPAND.format(n=CADENCE_SAMPLE),
        "$top": str(page_size),
        "$count": "true",
        "$orderby": "@iot.id asc",
    }


def _next(page: Any, url: str) -> str | None:
    link = page.get("@iot.nextLink") if isinstance(page, dict) else None
    return urljoin(url, link) if link else None


def gather(
    fetcher: Any,
    root_url: str,
    options: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> GatherResult:
    """One record per observed property (see :class:`Grouper`)."""
    options = options or {}
    root = root_url.rstrip("/")
    url = root + "/Datastreams"
    grouper = Grouper(root, options, now=now or now_utc())
    declared = None
    pages = 0
    for page_url, page in follow_pages(
        fetcher,
        url,
        _next,
        max_pages=int(options.get("max_pages", 10000)),
        params=datastreams_params(int(options.get("page_size", 100))),
    ):
        pages += 1
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise SourceError(f"{page_url}: no 'value' array in the SensorThings response")
        if declared is None and isinstance(page.get("@iot.count"), int):
            declared = page["@iot.count"]
        for ds in page["value"]:
            grouper.add(ds)
    complete = True
    reason = ""
    if declared is not None and grouper.seen != declared:
        complete = False
        reason = (
            f"{url}: the service declares {declared} datastreams (@iot.count) but the "
            f"pages listed {grouper.seen}"
        )
    if grouper.skipped:
        complete = False
        reason = reason or "; ".join(grouper.skipped[:5])
    records = [
        Record(guid=rec["guid"], content=rec, title=rec["observed_property"]["name"])
        for rec in grouper.records()
    ]
    return GatherResult(records=records, complete=complete, incomplete_reason=reason, pages=pages)
