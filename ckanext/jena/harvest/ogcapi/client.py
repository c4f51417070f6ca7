"""Walk an OGC API – Features service: landing page, then ``/collections`` with its
``next`` links. No CKAN imports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from ckanext.jena.harvest.cityutil import SourceError, follow_pages, get_json
from ckanext.jena.harvest.records import GatherResult, Record

JSON_TYPES = ("application/json", "application/geo+json", "application/vnd.oai.openapi+json")


def find_link(
    links: Any, rel: str, types: tuple[str, ...] = JSON_TYPES, base: str = ""
) -> str | None:
    """The href of the first link with ``rel`` (JSON-typed links preferred)."""
    candidates = [link for link in links or [] if isinstance(link, dict) and link.get("rel") == rel]
    candidates.sort(key=lambda link: 0 if (link.get("type") or "").split(";")[0] in types else 1)
    for link in candidates:
        if link.get("href"):
            return urljoin(base, link["href"])
    return None


def _next(page: Any, url: str) -> str | None:
    if not isinstance(page, dict):
        return None
    return find_link(page.get("links"), "next", base=url)


def fetch_service(fetcher: Any, landing_url: str, max_pages: int = 1000) -> dict[str, Any]:
    """Read the landing page and every page of collections.

    Returns ``{"landing": {...}, "landing_url": ..., "collections_url": ...,
    "collections": [(page_url, collection), ...]}``. Any failure raises
    :class:`SourceError` before anything is returned, so a partial walk never looks
    like a complete source.
    """
    landing = get_json(fetcher, landing_url)
    if not isinstance(landing, dict):
        raise SourceError(f"{landing_url}: landing page is not a JSON object")
    collections_url = find_link(landing.get("links"), "data", base=landing_url)
    if not collections_url:
        collections_url = landing_url.rstrip("/") + "/collections"
    collections: list[tuple[str, dict[str, Any]]] = []
    for page_url, page in follow_pages(fetcher, collections_url, _next, max_pages=max_pages):
        if not isinstance(page, dict) or not isinstance(page.get("collections"), list):
            raise SourceError(f"{page_url}: no 'collections' array in the response")
        for coll in page["collections"]:
            if isinstance(coll, dict):
                collections.append((page_url, coll))
    return {
        "pages": 1 + len({u for u, _ in collections}),
        "landing": landing,
        "landing_url": landing_url,
        "collections_url": collections_url,
        "collections": collections,
    }


def iter_records(fetcher: Any, landing_url: str, **kw: Any) -> Iterator[dict[str, Any]]:
    """Every collection of the service as a harvest record (see :mod:`.parse`); a
    collection that cannot be understood raises :class:`SourceError`."""
    from ckanext.jena.harvest.ogcapi.parse import collection_record

    service = fetch_service(fetcher, landing_url, **kw)
    for page_url, coll in service["collections"]:
        yield collection_record(coll, page_url, service["landing"], landing_url)


def gather(fetcher: Any, landing_url: str, **kw: Any) -> GatherResult:
    """All collections as :class:`Record` objects. A collection with an id that cannot be
    used goes to ``failed`` (kept, never withdrawn); one without an id makes the gather
    incomplete (its dataset could not be recognised)."""
    from ckanext.jena.harvest.ogcapi.parse import collection_guid, collection_record

    service = fetch_service(fetcher, landing_url, **kw)
    records: list[Record] = []
    failed: dict[str, str] = {}
    incomplete = ""
    for page_url, coll in service["collections"]:
        guid = collection_guid(coll, page_url)
        try:
            rec = collection_record(coll, page_url, service["landing"], landing_url)
        except SourceError as e:
            if guid:
                failed[guid] = str(e)
            else:
                incomplete = str(e)
            continue
        records.append(
            Record(guid=rec["guid"], content=rec, title=rec["title"], modified=rec.get("updated"))
        )
    return GatherResult(
        records=records,
        complete=not incomplete,
        incomplete_reason=incomplete,
        failed=failed,
        pages=service["pages"],
    )
