"""Types exchanged between protocol harvesters and the framework (CKAN-free).

Protocol contract (see :mod:`ckanext.jena.harvest.base` for the CKAN side):

``gather_records(source: SourceConfig, fetcher: Fetcher) -> GatherResult``
    Read the whole source (all pages) and return one :class:`Record` per remote dataset.
    ``GatherResult.complete`` is True only when every page was read and understood; set
    it False (with ``incomplete_reason``) when paging broke off, a page was missing or
    records whose identifier is unknown had to be skipped. Only complete gathers withdraw
    datasets. Records that were seen but could not be used go to ``failed`` (guid ->
    message): they are reported and never withdrawn. Raise :class:`FetchError` (or any
    :class:`GatherError`) when the source cannot be read at all: nothing is changed.

``map_record(record: Record, source: SourceConfig) -> dict``
    Turn one record into a Jena dataset dict (doc/dataset-fields.rst), without
    ``owner_org``, ``id``, ``name`` or ``jena_harvest_*`` (the framework sets them).
    Raise :class:`RecordError` with a clear message for a record that cannot be mapped;
    the framework reports it and continues with the others.

Both must not import CKAN.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ckanext.jena.harvest.fetch import Fetcher

DEFAULT_MAX_WITHDRAW_SHARE = 0.2


class GatherError(Exception):
    """The source could not be read completely enough to continue (nothing changes)."""


class RecordError(Exception):
    """One record cannot be mapped; reported as a harvest object error."""


@dataclass
class Record:
    #: stable identifier of the record within its source (remote id, URI, fileIdentifier)
    guid: str
    #: JSON-serialisable content (stored as the harvest object's content)
    content: Any
    #: human-readable title, used in messages
    title: str = ""
    #: the source's modification date of the record (ISO 8601), when known
    modified: str | None = None


@dataclass
class GatherResult:
    records: list[Record]
    complete: bool
    incomplete_reason: str = ""
    #: guid -> message: records seen but unusable (reported, never withdrawn)
    failed: dict[str, str] = field(default_factory=dict)
    #: number of HTTP requests/pages read, for the report
    pages: int = 0


@dataclass
class SourceConfig:
    """One source of the registry, as stored in the ckanext-harvest source's config."""

    name: str
    url: str
    protocol: str
    organization: str = ""
    title: str = ""
    publisher: str = ""
    schedule: str = ""
    enabled: bool = True
    defaults: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    allowed_hosts: list[str] = field(default_factory=list)
    allow_private: bool = False
    max_withdraw_share: float = DEFAULT_MAX_WITHDRAW_SHARE
    #: option name -> name of the environment variable holding the secret
    secrets: dict[str, str] = field(default_factory=dict)
    #: Fetcher settings: connect_timeout, read_timeout, total_timeout, max_bytes, max_redirects
    fetch: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        "name", "url", "protocol", "organization", "title", "publisher", "schedule",
        "enabled", "defaults", "overrides", "options", "allowed_hosts", "allow_private",
        "max_withdraw_share", "secrets", "fetch",
    )  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceConfig:
        kwargs = {k: data[k] for k in cls.FIELDS if k in data and data[k] is not None}
        deletion = data.get("deletion") or {}
        if "max_withdraw_share" in deletion:
            kwargs["max_withdraw_share"] = float(deletion["max_withdraw_share"])
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.FIELDS}

    def secret(self, key: str) -> str | None:
        """The secret ``key`` from the environment variable named in the registry."""
        env = self.secrets.get(key)
        return os.environ.get(env) if env else None

    def hosts(self) -> list[str]:
        if self.allowed_hosts:
            return list(self.allowed_hosts)
        from urllib.parse import urlsplit

        host = urlsplit(self.url).hostname
        return [host] if host else []

    def fetcher(self, **overrides: Any) -> Fetcher:
        settings = {**self.fetch, **overrides}
        return Fetcher(self.hosts(), allow_private=self.allow_private, **settings)
