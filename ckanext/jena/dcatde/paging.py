"""Keyset paging of the DCAT catalogue endpoints: a walk sees every dataset exactly once.

ckanext-dcat pages by offset (``?page=N``) over datasets sorted by modification date,
newest first. While a harvest runs, every changed dataset jumps to the front: a client
walking the pages meanwhile sees some datasets twice and misses others. Here the hydra
links carry a cursor instead: the creation date and id of the last dataset of the page,
which never change. Pages are sorted by ``metadata_created, id`` and a page holds the
datasets after the cursor, so a dataset that exists during the whole walk is on exactly
one page, edited or not; datasets created during the walk come at the end. A client
that asks for ``?page=N`` itself still gets ckanext-dcat's offset page.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from typing import Any
from urllib.parse import urlencode

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.utils import catalog_uri

#: the dataset types the DCAT catalogue leaves out (ckanext-dcat's filter)
CATALOG_FQ = ("-dataset_type:harvest", "-dataset_type:showcase")

SORT = "metadata_created asc, id asc"
#: request parameters kept in the hydra links (as ckanext-dcat keeps them)
KEPT = ("modified_since", "profiles", "q", "fq")
_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")


def solr_date(value: Any) -> str:
    """The Solr date literal of ``value`` (a datetime, or an ISO string as Solr or the
    database gives it), at Solr's millisecond precision (truncated, as Solr stores it)."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.fromisoformat(str(value).removesuffix("Z"))
    return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def encode_cursor(created: Any, dataset_id: str) -> str:
    raw = f"{solr_date(created)}|{dataset_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[str, str]:
    """(creation date, id) of a cursor; ValidationError for anything else."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        created, dataset_id = raw.split("|", 1)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        created = dataset_id = ""
    if not _DATE.match(created) or not _ID.match(dataset_id):
        raise tk.ValidationError(
            {"cursor": [f"invalid cursor {token[:60]!r}: follow the hydra:next link of a page"]}
        )
    return created, dataset_id


def after(created: str, dataset_id: str) -> str:
    """Solr filter: the datasets after (created, id) in :data:`SORT` order."""
    return (
        f'metadata_created:{{"{created}" TO *] OR '
        f'(metadata_created:"{created}" AND id:{{"{dataset_id}" TO *])'
    )


def wanted(data_dict: DataDict) -> bool:
    """Keyset paging unless the client asked for an offset page."""
    return not data_dict.get("page")


def cursor_of(data_dict: DataDict) -> str | None:
    token = data_dict.get("cursor")
    if token is None:
        try:
            token = tk.request.args.get("cursor")  # ckanext-dcat's view passes fixed keys
        except RuntimeError:  # outside a request
            token = None
    return token or None


def _url(cursor: str | None) -> str:
    params = [(k, v) for k, v in tk.request.args.items() if k in KEPT]
    if cursor:
        params.append(("cursor", cursor))
    base = catalog_uri() + tk.request.path
    return f"{base}?{urlencode(params)}" if params else base


def search(context: Context, data_dict: DataDict) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page after the request's cursor (the first page without one) and its hydra
    paging info (no last/previous page: a cursor walk goes forward)."""
    token = cursor_of(data_dict)
    position = decode_cursor(token) if token else None
    rows = int(tk.config.get("ckanext.dcat.datasets_per_page", dcat_logic.DATASETS_PER_PAGE))
    search_action = tk.get_action("package_search")
    total = search_action({**context}, _page_query(data_dict, 0, None))["count"]  # whole walk
    query = search_action({**context}, _page_query(data_dict, rows, position))
    info: dict[str, Any] = {}
    if total:
        info = {"count": total, "items_per_page": rows, "current": _url(token), "first": _url(None)}
        results = query["results"]
        if results and query["count"] > len(results):
            last = results[-1]
            info["next"] = _url(encode_cursor(last["metadata_created"], last["id"]))
    return query, info


def _page_query(data_dict: DataDict, rows: int, position: tuple[str, str] | None) -> dict[str, Any]:
    """ckanext-dcat's filters (dataset types, ``modified_since``, ``q``, ``fq``), the
    cursor and the stable sort."""
    fq_list = list(CATALOG_FQ)
    modified_since = data_dict.get("modified_since")
    if modified_since:
        from dateutil.parser import parse as parse_date

        try:
            since = parse_date(modified_since).isoformat() + "Z"
        except (ValueError, OverflowError) as e:
            raise tk.ValidationError("Wrong modified date format. Use ISO-8601 format") from e
        fq_list.append(f"metadata_modified:[{since} TO NOW]")
    if position:
        fq_list.append(after(*position))
    return {
        "q": data_dict.get("q") or "*:*",
        "fq": data_dict.get("fq"),
        "fq_list": fq_list,
        "rows": rows,
        "start": 0,
        "sort": SORT,
    }
