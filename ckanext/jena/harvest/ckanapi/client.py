"""Gather all public datasets of a CKAN portal through ``package_search`` (CKAN-free).

Paging: ``rows``/``start`` sorted by ``id asc`` (ids never change, so a dataset edited
while we page cannot move between pages). The gather is complete only when the number
of distinct datasets read equals the ``count`` the portal reported on the first page
and no page failed; an empty page before that is a broken paging sequence.
"""

from __future__ import annotations

from typing import Any

from ckanext.jena.harvest.fetch import Fetcher, InvalidContent
from ckanext.jena.harvest.records import GatherError, GatherResult, Record, SourceConfig


def api_url(source: SourceConfig, action: str) -> str:
    return source.url.rstrip("/") + f"/api/3/action/{action}"


def _result(data: Any, url: str) -> dict[str, Any]:
    if not isinstance(data, dict) or "success" not in data:
        raise InvalidContent(f"{url} did not answer with a CKAN API response", url)
    if not data["success"]:
        error = data.get("error") or {}
        raise GatherError(f"CKAN API error from {url}: {error.get('message') or error}")
    result = data.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("results"), list):
        raise InvalidContent(f"{url}: package_search result without 'results'", url)
    return result


def gather(source: SourceConfig, fetcher: Fetcher) -> GatherResult:
    opts = source.options or {}
    rows = int(opts.get("rows", 100))
    max_pages = int(opts.get("max_pages", 1000))
    headers = {}
    key = source.secret("api_key")
    if key:
        headers["Authorization"] = key
    params: dict[str, Any] = {"rows": rows, "sort": "id asc", "include_private": "false"}
    fq = []
    if opts.get("organizations"):
        fq.append("organization:(" + " OR ".join(opts["organizations"]) + ")")
    if opts.get("fq"):
        fq.append(str(opts["fq"]))
    if fq:
        params["fq"] = " AND ".join(fq)
    url = api_url(source, "package_search")
    records: list[Record] = []
    seen: set[str] = set()
    failed: dict[str, str] = {}
    count = None
    pages = 0
    start = 0
    while True:
        if pages >= max_pages:
            return GatherResult(records, False, f"stopped after {max_pages} pages", failed, pages)
        data = fetcher.get_json(url, params={**params, "start": start}, headers=headers)
        pages += 1
        result = _result(data, url)
        if count is None:
            count = int(result.get("count") or 0)
        page = result["results"]
        if not page:
            break
        for pkg in page:
            pid = pkg.get("id") if isinstance(pkg, dict) else None
            if not pid:
                return GatherResult(
                    records, False, f"a dataset without id on page {pages}", failed, pages
                )
            if pid in seen:
                # the same dataset twice: reported by the framework as duplicate
                records.append(
                    Record(pid, pkg, pkg.get("title") or pid, pkg.get("metadata_modified"))
                )
                continue
            seen.add(pid)
            records.append(Record(pid, pkg, pkg.get("title") or pid, pkg.get("metadata_modified")))
        start += len(page)
        if start >= count:
            break
    if len(seen) != count:
        return GatherResult(
            records,
            False,
            f"paging broke off: the portal reported {count} datasets, {len(seen)} were read",
            failed,
            pages,
        )
    return GatherResult(records, True, "", failed, pages)
