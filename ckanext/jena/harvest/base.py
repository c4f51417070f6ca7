"""``JenaHarvester``: ckanext-harvest harvester base class with the Jena safety rules.

Protocol harvesters (``ckanext/jena/harvest/<protocol>/plugin.py``) subclass it::

    class JenaCkanHarvester(JenaHarvester):
        p.implements(IHarvester)
        PROTOCOL = "ckan"                 # registry protocol; source type "jena_ckan"
        TITLE = "CKAN API (Jena)"
        DESCRIPTION = "..."

        def gather_records(self, source, fetcher):   # CKAN-free, see records.py
            return client.gather(source, fetcher)

        def map_record(self, record, source):        # CKAN-free, see records.py
            return mapping.map_package(record.content, source)

The base class does everything else:

- gather: reads the source through a :class:`~ckanext.jena.harvest.fetch.Fetcher`
  restricted to the source's allowed hosts; refuses duplicate guids; any exception, an
  empty catalogue where datasets exist, or a withdrawal share above
  ``max_withdraw_share`` (default 20 %) records a gather error and changes nothing;
  only *complete* gathers withdraw datasets missing from the source;
- import: applies the registry defaults (only where the mapping left a field empty) and
  overrides, sanitises HTML, sets a stable dataset id (uuid5 of source name and guid),
  ``jena_harvest_source``, ``jena_harvest_hash`` (content hash) and
  ``jena_source_uri``; skips unchanged datasets (no new revision, activity or index);
  refuses an ``identifier`` that another dataset already uses; withdraws with state
  ``deleted`` (restorable, never purged) and restores withdrawn datasets that reappear.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.munge import munge_tag, munge_title_to_name
from ckan.model.package import PACKAGE_NAME_MAX_LENGTH

from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestObjectExtra, HarvestSource
from ckanext.jena.harvest.fetch import Fetcher, FetchError
from ckanext.jena.harvest.records import (
    GatherError,
    GatherResult,
    Record,
    RecordError,
    SourceConfig,
)
from ckanext.jena.harvest.xmlsafe import sanitize_markdown, sanitize_text

log = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("6c3f8f0e-5d0b-4c61-9d0e-6a656e612d68")  # ckanext-jena harvest ids
HASH_FIELD = "jena_harvest_hash"
SOURCE_FIELD = "jena_harvest_source"
SOURCE_URI_FIELD = "jena_source_uri"
STATUS_KEY = "jena_status"
RESULT_KEY = "jena_result"
_NOT_HASHED = {"id", "name", HASH_FIELD}


def dataset_id(source_name: str, guid: str) -> str:
    """Stable dataset id of a record: re-runs and interrupted runs find the same dataset."""
    return str(uuid.uuid5(NAMESPACE, f"{source_name}\n{guid}"))


def content_hash(pkg: dict[str, Any]) -> str:
    data = {k: v for k, v in pkg.items() if k not in _NOT_HASHED}
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(text: str) -> str:
    """Umlauts transliterated the German way before CKAN munges the name."""
    return text.translate(_UMLAUTS)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def apply_defaults(pkg: dict[str, Any], source: SourceConfig) -> dict[str, Any]:
    """Registry defaults fill empty fields; overrides always win."""
    for key, value in (source.defaults or {}).items():
        if _empty(pkg.get(key)):
            pkg[key] = json.loads(json.dumps(value))
    for key, value in (source.overrides or {}).items():
        pkg[key] = json.loads(json.dumps(value))
    return pkg


def _find_replacement_char(value: Any, path: str = "") -> str | None:
    if isinstance(value, str):
        return path if "\ufffd" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(i), v) for i, v in enumerate(value))
    else:
        return None
    for key, item in items:
        found = _find_replacement_char(item, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def clean_dataset(pkg: dict[str, Any]) -> dict[str, Any]:
    """Sanitise harvested text; refuse undecodable text (U+FFFD)."""
    bad = _find_replacement_char(pkg)
    if bad:
        raise RecordError(
            f"field {bad!r} contains undecodable text (U+FFFD replacement "
            "characters): the source sent bytes in a wrong encoding"
        )
    if "title" in pkg:
        pkg["title"] = sanitize_text(pkg["title"])
    if "notes" in pkg:
        pkg["notes"] = sanitize_markdown(pkg["notes"])
    if pkg.get("tags"):
        tags, seen = [], set()
        for tag in pkg["tags"]:
            name = tag["name"] if isinstance(tag, dict) else str(tag)
            name = munge_tag(sanitize_text(name))[:100] if name else ""
            name = sanitize_text(name)
            if name and name not in seen:
                seen.add(name)
                tags.append({"name": name})
        pkg["tags"] = tags
    for res in pkg.get("resources") or []:
        for key in ("name",):
            if key in res:
                res[key] = sanitize_text(res[key])
        if "description" in res:
            res["description"] = sanitize_markdown(res["description"])
    return pkg


@dataclass
class GatherPlan:
    """What a gather found and what it would do (also the dry-run report)."""

    source: SourceConfig
    result: GatherResult | None = None
    records: list[Record] = field(default_factory=list)
    #: guid -> active dataset id harvested from this source before
    existing: dict[str, str] = field(default_factory=dict)
    withdraw: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    #: True: nothing may be written (failed gather or safety stop)
    stop: bool = False


class JenaHarvester(HarvesterBase):
    """Base class; subclasses add ``p.implements(IHarvester)`` and the protocol."""

    PROTOCOL = ""
    TITLE = ""
    DESCRIPTION = ""

    # -- protocol interface (CKAN-free implementations) ------------------------
    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        raise NotImplementedError

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        raise NotImplementedError

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        """URL of the record at the source (for "change it at the source" links)."""
        return None

    # -- IHarvester -----------------------------------------------------------
    @classmethod
    def source_type(cls) -> str:
        return f"jena_{cls.PROTOCOL}"

    def info(self) -> dict[str, str]:
        return {
            "name": self.source_type(),
            "title": self.TITLE or self.PROTOCOL,
            "description": self.DESCRIPTION,
            "form_config_interface": "Text",
        }

    def validate_config(self, config: str | None) -> str | None:
        if not config:
            return config
        try:
            data = json.loads(config)
        except ValueError as e:
            raise ValueError(f"configuration is not valid JSON: {e}") from e
        if not isinstance(data, dict):
            raise ValueError("configuration must be a JSON object")
        share = data.get("max_withdraw_share", 0.2)
        if not isinstance(share, int | float) or not 0 <= share <= 1:
            raise ValueError("max_withdraw_share must be a number between 0 and 1")
        return config

    def get_original_url(self, harvest_object_id: str) -> str | None:
        obj = HarvestObject.get(harvest_object_id)
        if not obj or not obj.content:
            return None
        source = self.source_config(obj.source)
        try:
            record = Record(guid=obj.guid, content=json.loads(obj.content))
            return self.record_url(record, source)
        except Exception:
            return None

    # -- helpers --------------------------------------------------------------
    @staticmethod
    def source_config(harvest_source: HarvestSource) -> SourceConfig:
        try:
            data = json.loads(harvest_source.config or "{}")
        except ValueError:
            data = {}
        pkg = model.Package.get(harvest_source.id)
        data.setdefault("name", pkg.name if pkg else harvest_source.id)
        data["url"] = harvest_source.url
        data.setdefault("protocol", harvest_source.type.removeprefix("jena_"))
        data.setdefault("title", harvest_source.title or "")
        if pkg is not None and pkg.owner_org:
            data["organization"] = pkg.owner_org
        return SourceConfig.from_dict(data)

    @staticmethod
    def existing_datasets(harvest_source_id: str) -> dict[str, str]:
        """guid -> id of the active datasets harvested from this source."""
        rows = (
            model.Session.query(HarvestObject.guid, HarvestObject.package_id)
            .join(model.Package, model.Package.id == HarvestObject.package_id)
            .filter(HarvestObject.harvest_source_id == harvest_source_id)
            .filter(model.Package.state == "active")
            .distinct()
            .all()
        )
        return {guid: pid for guid, pid in rows}

    # -- planning (shared by gather and dry runs) ----------------------------------
    def plan(self, harvest_source: HarvestSource, fetcher: Fetcher | None = None) -> GatherPlan:
        source = self.source_config(harvest_source)
        plan = GatherPlan(source=source)
        plan.existing = self.existing_datasets(harvest_source.id)
        try:
            result = self.gather_records(source, fetcher or source.fetcher())
        except (FetchError, GatherError) as e:
            plan.errors.append(f"Gather failed, nothing was changed: {e}")
            plan.stop = True
            return plan
        except Exception as e:  # a protocol bug must not delete anything either
            log.exception("gather of %s failed", source.name)
            plan.errors.append(f"Gather failed, nothing was changed: {type(e).__name__}: {e}")
            plan.stop = True
            return plan
        plan.result = result
        counts: dict[str, int] = {}
        for rec in result.records:
            counts[rec.guid] = counts.get(rec.guid, 0) + 1
        dupes = {g for g, n in counts.items() if n > 1}
        for guid in sorted(dupes):
            plan.errors.append(
                f"Duplicate identifier {guid!r}: {counts[guid]} records of the source use it; "
                "none of them was imported and the existing dataset was kept"
            )
        plan.records = [r for r in result.records if r.guid not in dupes]
        for guid, message in result.failed.items():
            plan.errors.append(f"Record {guid!r} could not be read: {message}")
        if not result.complete:
            plan.errors.append(
                "Gather incomplete, no dataset was withdrawn: "
                f"{result.incomplete_reason or 'the source was not read completely'}"
            )
            return plan
        seen = {r.guid for r in result.records} | set(result.failed)
        missing = {g: pid for g, pid in plan.existing.items() if g not in seen}
        if not missing:
            return plan
        if not result.records and plan.existing:
            plan.errors.append(
                f"Safety stop: the source returned an empty catalogue although "
                f"{len(plan.existing)} datasets were harvested from it; nothing was changed"
            )
            plan.stop = True
            return plan
        share = len(missing) / len(plan.existing)
        if share > source.max_withdraw_share:
            sample = ", ".join(sorted(missing)[:20])
            plan.errors.append(
                f"Safety stop: {len(missing)} of {len(plan.existing)} datasets "
                f"({share:.0%}) are missing from the source, more than the allowed "
                f"{source.max_withdraw_share:.0%}; nothing was changed. Missing: {sample}"
                + (" ..." if len(missing) > 20 else "")
            )
            plan.stop = True
            return plan
        plan.withdraw = missing
        return plan

    # -- gather ---------------------------------------------------------------
    def gather_stage(self, harvest_job: HarvestJob) -> list[str] | None:
        plan = self.plan(harvest_job.source)
        for message in plan.errors:
            self._save_gather_error(message, harvest_job)
        if plan.stop:
            return None
        records, unchanged = self.prescreen(plan.records, plan.source, harvest_job)
        self._record_unchanged(unchanged, harvest_job)
        ids: list[str] = []
        for rec in records:
            obj = HarvestObject(
                guid=rec.guid,
                job=harvest_job,
                content=json.dumps(rec.content, ensure_ascii=False),
                extras=[HarvestObjectExtra(key=STATUS_KEY, value="import")],
            )
            if rec.modified:
                obj.extras.append(HarvestObjectExtra(key="source_modified", value=rec.modified))
            model.Session.add(obj)
            ids.append(obj)
        for guid, pid in plan.withdraw.items():
            obj = HarvestObject(
                guid=guid,
                job=harvest_job,
                package_id=pid,
                extras=[HarvestObjectExtra(key=STATUS_KEY, value="withdraw")],
            )
            model.Session.add(obj)
            ids.append(obj)
        model.Session.commit()
        return [obj.id for obj in ids]

    # -- unchanged records are settled in the gather stage ------------------------
    def _import_state(self, harvest_source_id: str) -> dict[str, tuple[str, Any, Any, Any]]:
        """package id -> (state, metadata_modified, stored hash, last import) of the
        datasets harvested from this source, in two queries."""
        pkgs = (
            model.Session.query(
                model.Package.id,
                model.Package.state,
                model.Package.metadata_modified,
                model.Package.extras[HASH_FIELD].astext,
                sa.func.max(HarvestObject.import_finished),
            )
            .join(HarvestObject, HarvestObject.package_id == model.Package.id)
            .filter(HarvestObject.harvest_source_id == harvest_source_id)
            .group_by(model.Package.id)
            .all()
        )
        current = dict(
            model.Session.query(HarvestObject.package_id, HarvestObjectExtra.value)
            .join(HarvestObjectExtra, HarvestObjectExtra.harvest_object_id == HarvestObject.id)
            .filter(HarvestObject.harvest_source_id == harvest_source_id)
            .filter(HarvestObject.current.is_(True), HarvestObjectExtra.key == HASH_FIELD)
            .all()
        )
        return {
            pid: (state, modified, pkg_hash or current.get(pid), last)
            for pid, state, modified, pkg_hash, last in pkgs
        }

    def prescreen(
        self, records: list[Record], source: SourceConfig, harvest_job: HarvestJob
    ) -> tuple[list[Record], dict[str, str]]:
        """Split the gathered records into those to import and the unchanged ones
        (guid -> dataset id): the same decision as :meth:`compare`, for all records with
        two queries instead of a harvest object, a queue round trip and five commits
        each. A record that cannot be built is left to the import stage, which reports
        it."""
        if not records:
            return records, {}
        known = self._import_state(harvest_job.source.id)
        if not known:
            return records, {}
        fresh: list[Record] = []
        unchanged: dict[str, str] = {}
        for rec in records:
            try:
                pkg = self.build_dataset(rec, source)
            except Exception:  # noqa: BLE001 - reported by the import stage
                fresh.append(rec)
                continue
            row = known.get(pkg["id"])
            if (
                row is not None
                and row[0] == "active"
                and row[2] == pkg[HASH_FIELD]
                and not (row[1] and row[3] and row[1] > row[3])  # not edited locally since
            ):
                unchanged[rec.guid] = pkg["id"]
            else:
                fresh.append(rec)
        return fresh, unchanged

    @staticmethod
    def _record_unchanged(unchanged: dict[str, str], harvest_job: HarvestJob) -> None:
        """One finished harvest object per unchanged record ("not modified", so the job's
        statistics count it), inserted in one statement; the dataset keeps its current
        object and is not touched."""
        if not unchanged:
            return
        import datetime

        now = datetime.datetime.utcnow()
        table = HarvestObject.__table__
        model.Session.execute(
            table.insert(),
            [
                {
                    "id": str(uuid.uuid4()),
                    "guid": guid,
                    "current": False,
                    "gathered": now,
                    "fetch_started": now,
                    "fetch_finished": now,
                    "import_started": now,
                    "import_finished": now,
                    "state": "COMPLETE",
                    "report_status": "not modified",
                    "harvest_job_id": harvest_job.id,
                    "harvest_source_id": harvest_job.source.id,
                    "package_id": pid,
                }
                for guid, pid in unchanged.items()
            ],
        )

    # -- fetch: records are complete after gathering -----------------------------
    def fetch_stage(self, harvest_object: HarvestObject) -> bool:
        return True

    # -- import ---------------------------------------------------------------
    def import_stage(self, harvest_object: HarvestObject) -> bool | str:
        source_obj = harvest_object.source or harvest_object.job.source
        source = self.source_config(source_obj)
        status = next((e.value for e in harvest_object.extras if e.key == STATUS_KEY), "import")
        done = next((e.value for e in harvest_object.extras if e.key == RESULT_KEY), None)
        if done:
            # delivered twice (ckanext-harvest re-queues objects it finds WAITING while they
            # are in flight): nothing to do; report what the first delivery did
            log.info("harvest object %s already imported (%s)", harvest_object.id, done)
            return "unchanged" if done == "unchanged" else True
        try:
            if status == "withdraw":
                return self._withdraw(harvest_object, source)
            return self._import(harvest_object, source)
        except RecordError as e:
            model.Session.rollback()
            self._save_object_error(f"{harvest_object.guid}: {e}", harvest_object, "Import")
        except tk.ValidationError as e:
            model.Session.rollback()
            self._save_object_error(
                f"{harvest_object.guid}: the mapped dataset is invalid: "
                f"{_format_errors(e.error_dict)}",
                harvest_object,
                "Import",
            )
        except Exception as e:
            log.exception("import of %s failed", harvest_object.guid)
            model.Session.rollback()
            self._save_object_error(
                f"{harvest_object.guid}: {type(e).__name__}: {e}", harvest_object, "Import"
            )
        return False

    def build_dataset(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        """Mapped, defaulted, sanitised dataset dict with id and hash (no CKAN writes)."""
        pkg = self.map_record(record, source)
        if not isinstance(pkg, dict):
            raise RecordError("the mapping returned no dataset")
        pkg = clean_dataset(apply_defaults(pkg, source))
        if not pkg.get("title"):
            raise RecordError("the record has no title")
        pkg.setdefault("identifier", record.guid)
        pkg[SOURCE_FIELD] = source.name
        if not pkg.get(SOURCE_URI_FIELD):
            url = self.record_url(record, source)
            if url:
                pkg[SOURCE_URI_FIELD] = url
        if source.organization:
            pkg["owner_org"] = source.organization  # a move to another owner is a change
        pkg[HASH_FIELD] = content_hash(pkg)
        pid = dataset_id(source.name, record.guid)
        pkg["id"] = pid
        used: set[str] = set()
        for i, res in enumerate(pkg.get("resources") or []):
            if not res.get("id"):
                rid = str(uuid.uuid5(NAMESPACE, f"{pid}\n{res.get('url', '')}"))
                if rid in used:
                    rid = str(uuid.uuid5(NAMESPACE, f"{pid}\n{i}\n{res.get('url', '')}"))
                res["id"] = rid
            used.add(res["id"])
        return pkg

    def identifier_conflict(self, pkg: dict[str, Any]) -> str | None:
        ident = pkg.get("identifier")
        if not ident:
            return None
        row = (
            model.Session.query(model.Package)
            .filter(model.Package.state == "active")
            .filter(model.Package.id != pkg["id"])
            .filter(model.Package.extras["identifier"].astext == ident)
            .first()
        )
        if row is None:
            return None
        origin = row.extras.get(SOURCE_FIELD)
        where = f"harvest source {origin!r}" if origin else "an editor (not harvested)"
        return (
            f"identifier {ident!r} is already used by dataset {row.name!r} from {where}; "
            "the record was not imported (no duplicate created)"
        )

    def compare(self, pkg: dict[str, Any]) -> str:
        """'new', 'restore', 'changed' or 'unchanged' for a built dataset."""
        existing = model.Package.get(pkg["id"])
        if existing is None:
            return "new"
        if existing.state != "active":
            return "restore"
        if existing.extras.get(HASH_FIELD) != pkg[HASH_FIELD]:
            stored = self._stored_hash(existing.id)
            if stored != pkg[HASH_FIELD]:
                return "changed"
        # edited locally after the last import? then the source version is written again
        last = (
            model.Session.query(HarvestObject.import_finished)
            .filter(HarvestObject.package_id == existing.id)
            .filter(HarvestObject.import_finished.isnot(None))
            .order_by(HarvestObject.import_finished.desc())
            .first()
        )
        if (
            last
            and existing.metadata_modified
            and last[0]
            and (existing.metadata_modified > last[0])
        ):
            return "changed"
        return "unchanged"

    @staticmethod
    def _stored_hash(package_id: str) -> str | None:
        row = (
            model.Session.query(HarvestObjectExtra.value)
            .join(HarvestObject, HarvestObject.id == HarvestObjectExtra.harvest_object_id)
            .filter(HarvestObject.package_id == package_id, HarvestObject.current.is_(True))
            .filter(HarvestObjectExtra.key == HASH_FIELD)
            .first()
        )
        return row[0] if row else None

    def _context(self) -> dict[str, Any]:
        return {
            "model": model,
            "session": model.Session,
            "user": self._get_user_name(),
            "ignore_auth": True,
        }

    def _make_current(self, harvest_object: HarvestObject, package_id: str) -> None:
        model.Session.query(HarvestObject).filter(
            HarvestObject.package_id == package_id, HarvestObject.id != harvest_object.id
        ).update({"current": False}, synchronize_session=False)
        harvest_object.package_id = package_id
        harvest_object.current = True
        model.Session.add(harvest_object)

    def _import(self, harvest_object: HarvestObject, source: SourceConfig) -> bool | str:
        try:
            content = json.loads(harvest_object.content or "null")
        except ValueError as e:
            raise RecordError(f"stored record content is not JSON: {e}") from e
        record = Record(guid=harvest_object.guid, content=content)
        pkg = self.build_dataset(record, source)
        conflict = self.identifier_conflict(pkg)
        if conflict:
            raise RecordError(conflict)
        state = self.compare(pkg)
        harvest_object.extras.append(HarvestObjectExtra(key=HASH_FIELD, value=pkg[HASH_FIELD]))
        if state == "unchanged":
            self._make_current(harvest_object, pkg["id"])
            self._done(harvest_object, "unchanged")
            model.Session.commit()
            return "unchanged"
        context = self._context()
        deferred = solr_commit_deferred()
        if deferred:
            # write the dataset without CKAN's per-dataset Solr hard commit: it is indexed
            # below and becomes searchable with Solr's autoSoftCommit (config/solr: 1 s)
            context.update(defer_commit=True, return_id_only=True)
        if state == "new":
            pkg["name"] = self._new_name(german_slug(pkg.get("name") or pkg["title"]))
            # the harvest object must exist before the dataset is indexed
            harvest_object.package_id = pkg["id"]
            harvest_object.current = True
            harvest_object.add()
            model.Session.execute(
                sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED")
            )
            model.Session.flush()
            tk.get_action("package_create")(context, pkg)
        else:
            existing = model.Package.get(pkg["id"])
            pkg["name"] = existing.name
            pkg["state"] = "active"
            self._make_current(harvest_object, pkg["id"])
            tk.get_action("package_update")(context, pkg)
        if deferred:
            index_without_commit(context, pkg["id"])
        self._done(harvest_object, state)
        model.Session.commit()
        return True

    @classmethod
    def _new_name(cls, ideal: str) -> str:
        """A free dataset name for ``ideal``: one lookup on the unique name index when
        it is free (the common case), ckanext-harvest's numbered search otherwise (its
        ``ILIKE 'ideal%'`` scans the whole package table, 3 ms at 2,400 datasets)."""
        ideal = re.sub("-+", "-", munge_title_to_name(ideal))[:PACKAGE_NAME_MAX_LENGTH]
        taken = model.Session.query(model.Package.id).filter(model.Package.name == ideal).first()
        if taken is None:
            return ideal
        return cls._gen_new_name(ideal)

    @staticmethod
    def _done(harvest_object: HarvestObject, result: str) -> None:
        harvest_object.extras.append(HarvestObjectExtra(key=RESULT_KEY, value=result))
        model.Session.add(harvest_object)

    def _withdraw(self, harvest_object: HarvestObject, source: SourceConfig) -> bool | str:
        pkg = model.Package.get(harvest_object.package_id) if harvest_object.package_id else None
        if pkg is None or pkg.state != "active":
            return "unchanged"
        tk.get_action("package_delete")(self._context(), {"id": pkg.id})
        model.Session.query(HarvestObject).filter(HarvestObject.package_id == pkg.id).update(
            {"current": False}, synchronize_session=False
        )
        harvest_object.current = False
        self._done(harvest_object, "withdrawn")
        model.Session.commit()
        log.info(
            "withdrew dataset %s (%s) of source %s", pkg.name, harvest_object.guid, source.name
        )
        return True


def solr_commit_deferred() -> bool:
    return tk.config.get("ckanext.jena.harvest.solr_commit") == "deferred"


def index_without_commit(context: dict[str, Any], package_id: str) -> None:
    """Send the dataset to Solr as ``package_create`` would, but without a commit."""
    from ckan import logic

    both = logic.package_show_default_and_custom_schemas(dict(context), package_id)
    logic.index_update_package_dicts(both, defer_commit=True)


def commit_search_index() -> None:
    """Make deferred index writes searchable now (end of an in-process harvest run)."""
    from ckan.lib import search

    search.commit()


def _format_errors(error_dict: Any) -> str:
    if isinstance(error_dict, dict):
        parts = []
        for key, value in error_dict.items():
            parts.append(f"{key}: {_format_errors(value)}")
        return "; ".join(parts)
    if isinstance(error_dict, list):
        return ", ".join(_format_errors(v) for v in error_dict if v)
    return str(error_dict)
