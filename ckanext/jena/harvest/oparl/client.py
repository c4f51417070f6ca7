"""Walk an OParl 1.0/1.1 system: System -> body list -> per body the object lists
(meetings, papers, organizations, persons, files), following ``links.next``.

Counts come from ``pagination.totalElements`` where the server gives it (one request),
else from walking the list. Meeting and paper dates (temporal coverage) need the whole
list on the first run; later runs read only what changed (``modified_since``) and extend
the previous period. No CKAN imports.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from ckanext.jena.harvest.cityutil import SourceError, follow_pages, get_json, iso_date, now_utc
from ckanext.jena.harvest.fetch import FetchError
from ckanext.jena.harvest.records import GatherResult, Record

#: list kind -> (Body property, date property of its objects or None)
KINDS = {
    "meeting": ("meeting", "start"),
    "paper": ("paper", "date"),
    "organization": ("organization", None),
    "person": ("person", None),
    "file": ("file", None),
}


def _next(page: Any, url: str) -> str | None:
    links = page.get("links") if isinstance(page, dict) else None
    nxt = links.get("next") if isinstance(links, dict) else None
    return urljoin(url, nxt) if nxt else None


def walk(fetcher: Any, url: str, params: dict[str, str] | None = None, max_pages: int = 10000):
    """Yield the objects of an OParl list, page by page."""
    for page_url, page in follow_pages(fetcher, url, _next, max_pages=max_pages, params=params):
        if not isinstance(page, dict) or not isinstance(page.get("data"), list):
            raise SourceError(f"{page_url}: not an OParl list (no 'data' array)")
        yield from (obj for obj in page["data"] if isinstance(obj, dict))


def _total(fetcher: Any, url: str) -> int | None:
    page = get_json(fetcher, url)
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        raise SourceError(f"{url}: not an OParl list (no 'data' array)")
    total = (page.get("pagination") or {}).get("totalElements")
    if isinstance(total, int) and total >= 0:
        return total
    if not _next(page, url):
        return sum(1 for o in page["data"] if isinstance(o, dict) and not o.get("deleted"))
    return None


def _extend(period: dict[str, str | None], value: Any) -> None:
    day = iso_date(value)
    if not day:
        return
    if not period.get("start") or day < period["start"]:
        period["start"] = day
    if not period.get("end") or day > period["end"]:
        period["end"] = day


def list_summary(
    fetcher: Any,
    url: str,
    date_field: str | None,
    previous: dict[str, Any] | None,
    now: datetime,
    options: dict[str, Any],
) -> dict[str, Any]:
    max_pages = int(options.get("max_pages", 10000))
    total = _total(fetcher, url)
    period: dict[str, str | None] = {"start": None, "end": None}
    incremental = bool(previous and previous.get("walked_at") and options.get("incremental", True))
    walked = 0
    if date_field and incremental:
        period = dict(previous.get("period") or period)
        since = datetime.fromisoformat(previous["walked_at"]) - timedelta(hours=1)
        for obj in walk(
            fetcher, url, {"modified_since": since.strftime("%Y-%m-%dT%H:%M:%S+00:00")}, max_pages
        ):
            walked += 1
            if not obj.get("deleted"):
                _extend(period, obj.get(date_field))
        if total is None:
            # without totals the count needs the whole list anyway
            total = sum(1 for o in walk(fetcher, url, None, max_pages) if not o.get("deleted"))
    elif date_field or total is None:
        count = 0
        for obj in walk(fetcher, url, None, max_pages):
            walked += 1
            if obj.get("deleted"):
                continue
            count += 1
            if date_field:
                _extend(period, obj.get(date_field))
        total = count if total is None else total
    return {
        "count": total,
        "period": period if date_field else None,
        "walked_at": now.isoformat() if date_field else None,
        "incremental": incremental and bool(date_field),
        "objects_read": walked,
    }


def gather(
    fetcher: Any,
    system_url: str,
    options: dict[str, Any] | None = None,
    previous: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> GatherResult:
    """One record per body and list kind (``options["kinds"]`` limits the kinds,
    ``options["bodies"]`` the bodies by id or shortName)."""
    options = dict(options or {})
    previous = previous or {}
    now = now or now_utc()
    system = get_json(fetcher, system_url)
    if not isinstance(system, dict) or "/System" not in str(system.get("type", "")):
        raise SourceError(
            f"{system_url}: not an OParl System object (type {system.get('type') if isinstance(system, dict) else None!r})"
        )
    body_list = system.get("body")
    if not isinstance(body_list, str):
        raise SourceError(f"{system_url}: the System has no body list URL")
    wanted_bodies = {str(b) for b in options.get("bodies") or []}
    kinds = [k for k in (options.get("kinds") or list(KINDS)) if k in KINDS]
    sys_info = {
        "id": system.get("id") or system_url,
        "name": system.get("name") or "",
        "oparl_version": system.get("oparlVersion") or "",
        "license": system.get("license") or "",
        "contact_email": system.get("contactEmail") or "",
        "contact_name": system.get("contactName") or "",
        "website": system.get("website") or "",
        "product": system.get("product") or "",
        "vendor": system.get("vendor") or "",
    }
    records: list[Record] = []
    failed: dict[str, str] = {}
    for body in walk(fetcher, urljoin(system_url, body_list)):
        if body.get("deleted"):
            continue
        if wanted_bodies and not (
            {str(body.get("id")), str(body.get("shortName"))} & wanted_bodies
        ):
            continue
        body_info = {
            "id": body.get("id") or "",
            "name": body.get("name") or "",
            "short_name": body.get("shortName") or "",
            "website": body.get("website") or "",
            "license": body.get("license") or "",
            "ags": body.get("ags") or "",
            "contact_email": body.get("contactEmail") or "",
            "contact_name": body.get("contactName") or "",
            "legislative_terms": [
                {
                    "name": t.get("name"),
                    "start": iso_date(t.get("startDate")),
                    "end": iso_date(t.get("endDate")),
                }
                for t in body.get("legislativeTerm") or []
                if isinstance(t, dict)
            ],
        }
        for kind in kinds:
            prop, date_field = KINDS[kind]
            list_url = body.get(prop)
            if not isinstance(list_url, str) or not list_url:
                continue  # e.g. no file list in OParl 1.0
            guid = f"{body_info['id']}#{kind}"
            try:
                summary = list_summary(
                    fetcher, list_url, date_field, previous.get(guid), now, options
                )
            except (SourceError, FetchError) as e:
                # this list stays as it was; the other lists are updated
                failed[guid] = str(e)
                continue
            content = {
                "guid": guid,
                "kind": kind,
                "list_url": list_url,
                "system": sys_info,
                "body": body_info,
                **summary,
            }
            records.append(Record(guid=guid, content=content, title=f"{body_info['name']}: {kind}"))
    return GatherResult(records=records, complete=True, failed=failed)
