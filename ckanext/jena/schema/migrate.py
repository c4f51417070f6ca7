"""``ckan jena migrate``: datasets of the old portal onto the Jena schema.

:func:`map_dataset` is pure (no CKAN): it turns a CKAN 2.x dataset dict with CKAN's
default fields, OGD / GovData 1.x extras (``categories``, ``contacts``, ``dates``,
``temporal_coverage_from``, ``terms_of_use``, ...) and old licence codes into a dict of the
Jena schema. Whatever it cannot map goes, with its original key, into the JSON object of
the field ``jena_migration_unmapped``; nothing is dropped. Datasets it cannot make valid
(no licence or no theme it can map) are reported and left alone.

:func:`run` applies it to the datasets in the database (or to an export file of the old
portal) through ``package_update`` / ``package_create``, so the schema's validators decide;
``dry_run`` validates the same way but stores nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
from typing import Any

import yaml

from ckanext.jena import vocab
from ckanext.jena.schema import geo

UNMAPPED_FIELD = "jena_migration_unmapped"
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
LANGUAGE_BASE = "http://publications.europa.eu/resource/authority/language/"
LEVEL_BASE = "http://dcat-ap.de/def/politicalGeocoding/Level/"
DEFAULT_MAP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "migration_map.yaml")

# Fields of the Jena schema an old dataset may already carry as top-level keys or extras.
SCHEMA_FIELDS = {
    "identifier", "documentation", "language", "version_notes", "issued", "modified",
    "originator", "maintainer_agent", "contact", "theme", "hvd_category",
    "applicable_legislation", "license_attribution_by_text", "access_rights", "frequency",
    "temporal_coverage", "temporal_resolution", "spatial", "political_geocoding_uri",
    "political_geocoding_level_uri", "geocoding_description", "legal_basis", "conforms_to",
    "quality_process_uri", "related_resource", "in_series", "jena_harvest_source",
    "jena_harvest_hash", "jena_source_uri",
}  # fmt: skip

# Extras of CKAN's old portal that carry no information of the dataset (computed by CKAN).
IGNORED_EXTRAS = {"jena_warnings"}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://\S+\.\S+$")
_HEX_ALGORITHMS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}


def normalise_key(value: str) -> str:
    text = str(value).strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def load_map(path: str | None = None) -> dict[str, dict[str, Any]]:
    with open(path or DEFAULT_MAP, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return {
        table: {normalise_key(k): v for k, v in (raw.get(table) or {}).items()} for table in raw
    }


@dataclasses.dataclass
class Result:
    """The mapping of one dataset."""

    name: str
    dataset: dict[str, Any]
    changes: list[str] = dataclasses.field(default_factory=list)
    unmapped: dict[str, Any] = dataclasses.field(default_factory=dict)
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _json(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _as_list(value: Any) -> list[Any]:
    value = _json(value)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str) and "," in value and not value.startswith("http"):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [value]


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    m = re.match(
        r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$",
        text,
    )
    if m:
        if m.group(2) is None or (m.group(2).startswith("00:00") and not m.group(3)):
            return m.group(1)
        return text.replace(" ", "T")
    m = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})$", text)  # German notation 31.12.2020
    if m:
        return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    return None


def _license(value: Any, tables: dict[str, dict[str, Any]]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    voc = vocab.get("license")
    concept = voc.lookup(text)
    if concept is not None:
        return concept.code
    key = normalise_key(text)
    if key in tables["licenses"]:
        return tables["licenses"][key]
    for c in voc.concepts:  # a licence URL of the old portal (e.g. govdata.de/dl-de/by-2-0)
        homepage = c.extras.get("homepage")
        if homepage and text.rstrip("/").split("://")[-1] == homepage.rstrip("/").split("://")[-1]:
            return c.code
    return None


def _agent(name: Any, email: Any, url: Any = None) -> tuple[dict[str, str], dict[str, Any]]:
    """An agent dict with valid values, and the values that were not valid."""
    agent: dict[str, str] = {}
    bad: dict[str, Any] = {}
    if isinstance(name, str) and name.strip():
        agent["name"] = name.strip()
    if isinstance(email, str) and email.strip():
        e = email.strip()
        e = e[7:] if e.lower().startswith("mailto:") else e
        if _EMAIL.match(e):
            agent["email"] = e
        else:
            bad["email"] = email
    if isinstance(url, str) and url.strip():
        if _URL.match(url.strip()):
            agent["url"] = url.strip()
        else:
            bad["url"] = url
    return agent, bad


class _Mapper:
    def __init__(self, old: dict[str, Any], tables: dict[str, dict[str, Any]]) -> None:
        self.old = old
        self.tables = tables
        self.extras: dict[str, Any] = {}
        for extra in old.get("extras") or []:
            if isinstance(extra, dict) and "key" in extra:
                self.extras[extra["key"]] = extra.get("value")
        self.used: set[str] = set()
        self.dropped: set[str] = set()
        self.new = {k: copy.deepcopy(v) for k, v in old.items() if k != "extras"}
        self.result = Result(name=str(old.get("name") or old.get("id")), dataset=self.new)
        previous = _json(old.get(UNMAPPED_FIELD) or self.extras.get(UNMAPPED_FIELD))
        if isinstance(previous, dict):
            self.result.unmapped.update(previous)
        self.used.add(UNMAPPED_FIELD)

    # helpers
    def get(self, key: str) -> Any:
        """A value from the top level or, failing that, the extras (marked as used)."""
        if key in self.extras:
            self.used.add(key)
        value = self.old.get(key)
        if value in (None, "", []):
            value = self.extras.get(key)
        return _json(value)

    def change(self, field: str, old: Any, new: Any) -> None:
        self.result.changes.append(f"{field}: {_short(old)} → {_short(new)}")

    def keep(self, key: str, value: Any) -> None:
        if value in (None, "", [], {}):
            return
        existing = self.result.unmapped.get(key)
        if existing is not None and existing != value:
            value = existing if value in _as_list(existing) else [existing, value]
        self.result.unmapped[key] = value

    def drop(self, field: str) -> None:
        """Leave a schema field out (its old value is kept in the unmapped record)."""
        self.dropped.add(field)
        self.new.pop(field, None)

    def set(self, field: str, value: Any) -> None:
        before = self.old.get(field)
        if before is None:
            before = _json(self.extras.get(field))
        if value in (None, "", []):
            return
        self.new[field] = value
        if _json(before) != _json(value):
            self.change(field, before, value)

    # the steps
    def licence(self) -> None:
        old_id = self.old.get("license_id")
        code = _license(old_id, self.tables)
        if code is None and self.old.get("license_title"):
            code = _license(self.old["license_title"], self.tables)
        if code is None and self.old.get("license_url"):
            code = _license(self.old["license_url"], self.tables)
        if code is None:
            self.result.problems.append(
                f'Lizenz „{old_id}“ nicht zuzuordnen / licence "{old_id}" cannot be mapped'
            )
            return
        self.set("license_id", code)
        terms = self.get("terms_of_use")
        attribution = self.get("license_attribution_by_text")
        if isinstance(terms, dict):
            if not attribution:
                attribution = terms.get("attribution_text") or terms.get("attribution")
            rest = {
                k: v
                for k, v in terms.items()
                if k not in ("attribution_text", "attribution", "license_id")
            }
            if rest:
                self.keep("terms_of_use", rest)
        elif terms not in (None, ""):
            self.keep("terms_of_use", terms)
        for key in ("attribution", "namensnennung", "quellenvermerk"):
            if not attribution and self.get(key):
                attribution = self.get(key)
        if vocab.attribution_required(code):
            if not attribution:
                org = self.old.get("organization") or {}
                attribution = org.get("title") if isinstance(org, dict) else None
                if attribution:
                    self.result.changes.append(
                        f"license_attribution_by_text: aus dem Herausgeber abgeleitet / from the publisher: {attribution}"
                    )
            if attribution:
                self.new["license_attribution_by_text"] = attribution
                if self.old.get("license_attribution_by_text") != attribution:
                    self.change(
                        "license_attribution_by_text",
                        self.old.get("license_attribution_by_text"),
                        attribution,
                    )
            else:
                self.result.problems.append(
                    "Lizenz verlangt Namensnennung, kein Text / attribution required, no text"
                )
        else:
            if attribution:
                self.keep("license_attribution_by_text", attribution)
            self.drop("license_attribution_by_text")

    def themes(self) -> None:
        themes: list[str] = []
        unmapped: list[Any] = []
        voc = vocab.get("theme")

        def add(value: Any) -> None:
            if not isinstance(value, str) or not value.strip():
                return
            concept = voc.lookup(value.strip()) or voc.by_code(value.strip(), case_sensitive=False)
            codes = [concept.code] if concept else self.tables["themes"].get(normalise_key(value))
            if not codes:
                unmapped.append(value)
                return
            for code in codes:
                uri = THEME_BASE + code
                if uri not in themes:
                    themes.append(uri)

        for key in ("theme", "categories", "category", "kategorie", "dcat_theme"):
            for value in _as_list(self.get(key)):
                add(value)
        for group in self.old.get("groups") or []:
            name = group.get("name") if isinstance(group, dict) else group
            title = group.get("title") if isinstance(group, dict) else None
            before = len(unmapped)
            add(name)
            if len(unmapped) > before and title and normalise_key(title) in self.tables["themes"]:
                unmapped.pop()
                add(title)
        if unmapped:
            self.keep("categories", unmapped)
        if not themes:
            self.result.problems.append("keine Kategorie zuzuordnen / no theme can be mapped")
            return
        self.set("theme", themes)

    def agents(self) -> None:
        contacts: list[dict[str, str]] = [
            c for c in _as_list(self.get("contact")) if isinstance(c, dict)
        ]
        originators: list[dict[str, str]] = [
            c for c in _as_list(self.get("originator")) if isinstance(c, dict)
        ]
        maintainers: list[dict[str, str]] = [
            c for c in _as_list(self.get("maintainer_agent")) if isinstance(c, dict)
        ]
        roles = {"ansprechpartner": contacts, "autor": originators, "vertrieb": maintainers}
        for entry in _as_list(self.get("contacts")):
            if not isinstance(entry, dict):
                self.keep("contacts", entry)
                continue
            target = roles.get(normalise_key(entry.get("role", "")))
            agent, bad = _agent(entry.get("name"), entry.get("email"), entry.get("url"))
            rest = {k: v for k, v in entry.items() if k not in ("role", "name", "email", "url")}
            if target is None or not agent:
                self.keep("contacts", entry)
                continue
            if agent not in target:
                target.append(agent)
            if bad or rest:
                self.keep("contacts", dict(rest, role=entry.get("role"), **bad))

        author, bad = _agent(self.old.get("author"), self.old.get("author_email"))
        if author and author not in originators:
            originators.append(author)
        if bad:
            self.keep("author_email", bad["email"])
        maintainer, bad = _agent(self.old.get("maintainer"), self.old.get("maintainer_email"))
        if maintainer and maintainer not in maintainers:
            maintainers.append(maintainer)
        if bad:
            self.keep("maintainer_email", bad["email"])
        if not contacts and maintainer and ("email" in maintainer or "url" in maintainer):
            contacts.append(dict(maintainer))
        contacts = [c for c in contacts if c.get("email") or c.get("url")]
        for field in ("author", "author_email", "maintainer", "maintainer_email"):
            if self.old.get(field):
                self.new[field] = ""
        self.set("contact", contacts)
        self.set("originator", originators)
        self.set("maintainer_agent", maintainers)

    def dates(self) -> None:
        issued = _date(self.get("issued"))
        modified = _date(self.get("modified"))
        for entry in _as_list(self.get("dates")):
            role = normalise_key(entry.get("role", "")) if isinstance(entry, dict) else ""
            value = _date(entry.get("date")) if isinstance(entry, dict) else None
            if role == "veroeffentlicht" and value and not issued:
                issued = value
            elif role == "aktualisiert" and value and not modified:
                modified = value
            else:
                self.keep("dates", entry)
        self.set("issued", issued)
        self.set("modified", modified)

        coverage = [c for c in _as_list(self.get("temporal_coverage")) if isinstance(c, dict)]
        start_raw, end_raw = self.get("temporal_coverage_from"), self.get("temporal_coverage_to")
        start, end = _date(start_raw), _date(end_raw)
        if start_raw and not start:
            self.keep("temporal_coverage_from", start_raw)
        if end_raw and not end:
            self.keep("temporal_coverage_to", end_raw)
        if (start or end) and not coverage:
            coverage = [{k: v for k, v in (("start", start), ("end", end)) if v}]
        self.set("temporal_coverage", coverage)

        granularity = self.get("temporal_granularity")
        resolution = self.get("temporal_resolution")
        if not resolution and granularity:
            resolution = self.tables["temporal_resolution"].get(normalise_key(granularity))
            if not resolution:
                self.keep("temporal_granularity", granularity)
        self.set("temporal_resolution", resolution)

        frequency = (
            self.get("frequency") or self.get("update_frequency") or self.get("accrual_periodicity")
        )
        self.used.update({"update_frequency", "accrual_periodicity"})
        if frequency:
            voc = vocab.get("frequency")
            concept = voc.lookup(frequency) or voc.by_code(str(frequency), case_sensitive=False)
            if concept is None:
                concept = next(
                    (c for c in voc.concepts if c.label_de.lower() == str(frequency).lower()), None
                )
            if concept is None:
                self.keep("frequency", frequency)
                self.drop("frequency")
            else:
                self.set("frequency", concept.uri)

    def space(self) -> None:
        spatial = self.get("spatial")
        if (
            isinstance(spatial, dict)
            and spatial.get("type") == "Feature"
            and spatial.get("geometry")
        ):
            if spatial.get("properties"):
                self.keep("spatial_properties", spatial["properties"])
            spatial = spatial["geometry"]
        if isinstance(spatial, dict):
            spatial = json.dumps(spatial)
        if spatial:
            try:
                geo.check_geometry(spatial)
                self.set("spatial", spatial)
            except geo.GeometryError:
                self.keep("spatial", spatial)
                self.drop("spatial")
        description = (
            self.get("geocoding_description")
            or self.get("spatial_text")
            or self.get("geographical_coverage")
        )
        self.used.update({"spatial_text", "geographical_coverage"})
        self.set("geocoding_description", description)
        level = self.get("political_geocoding_level_uri")
        granularity = self.get("geographical_granularity")
        if not level and granularity:
            code = self.tables["geocoding_level"].get(normalise_key(granularity))
            level = LEVEL_BASE + code if code else None
            if not level:
                self.keep("geographical_granularity", granularity)
        self.set("political_geocoding_level_uri", level)
        uris = _as_list(self.get("political_geocoding_uri"))
        reference = self.get("spatial_reference")
        if isinstance(reference, dict) and reference.get("ags"):
            concept = vocab.get("municipality_key").by_code(str(reference["ags"]))
            if concept is not None and concept.uri not in uris:
                uris.append(concept.uri)
            rest = {k: v for k, v in reference.items() if k != "ags" or concept is None}
            if rest:
                self.keep("spatial_reference", rest)
        elif reference:
            self.keep("spatial_reference", reference)
        self.set("political_geocoding_uri", uris)

    def misc(self) -> None:
        url = self.old.get("url")
        if url and not _URL.match(str(url).strip()):
            self.keep("url", url)
            self.new["url"] = ""
            self.change("url", url, "")
        languages: list[str] = []
        for value in _as_list(self.get("language")):
            voc = vocab.get("language")
            concept = voc.lookup(str(value))
            code = concept.code if concept else self.tables["languages"].get(normalise_key(value))
            if code:
                uri = LANGUAGE_BASE + code
                if uri not in languages:
                    languages.append(uri)
            else:
                self.keep("language", value)
        self.set("language", languages or [vocab.DEFAULT_LANGUAGE])
        self.set("access_rights", self.get("access_rights") or vocab.DEFAULT_ACCESS_RIGHTS)
        for field in sorted(SCHEMA_FIELDS - set(self.new) - self.dropped):
            value = self.get(field)
            if value not in (None, "", []):
                self.new[field] = value

    def resources(self) -> None:
        for index, res in enumerate(self.new.get("resources") or []):
            where = f"resources/{index}"
            size = res.get("size")
            if size not in (None, ""):
                if isinstance(size, int) and size >= 0:
                    pass
                elif isinstance(size, str) and size.strip().isdigit():
                    res["size"] = int(size.strip())
                else:
                    self.keep(f"{where}/size", size)
                    res["size"] = None
                    self.change(f"{where}/size", size, None)
            digest = res.get("hash")
            if digest:
                text = str(digest).strip()
                if text.lower().startswith(("md5:", "sha1:", "sha256:", "sha512:")):
                    algorithm, text = text.split(":", 1)
                    if not res.get("hash_algorithm"):
                        res["hash_algorithm"] = algorithm.lower()
                        self.change(f"{where}/hash_algorithm", None, res["hash_algorithm"])
                if re.fullmatch(r"[0-9a-fA-F]+", text) and (
                    res.get("hash_algorithm") or len(text) in _HEX_ALGORITHMS
                ):
                    if not res.get("hash_algorithm"):
                        res["hash_algorithm"] = _HEX_ALGORITHMS[len(text)]
                        self.change(f"{where}/hash_algorithm", None, res["hash_algorithm"])
                    if text != digest:
                        self.change(f"{where}/hash", digest, text)
                    res["hash"] = text
                else:
                    self.keep(f"{where}/hash", digest)
                    res["hash"] = ""
                    self.change(f"{where}/hash", digest, "")
            licence = res.get("license")
            if licence:
                code = _license(licence, self.tables)
                if code is None:
                    self.keep(f"{where}/license", licence)
                    res.pop("license", None)
                elif code != licence:
                    res["license"] = code
                    self.change(f"{where}/license", licence, code)

    def leftovers(self) -> None:
        for key, value in self.extras.items():
            if key in self.used or key in IGNORED_EXTRAS:
                continue
            self.keep(key, _json(value))
        if self.result.unmapped:
            text = json.dumps(self.result.unmapped, ensure_ascii=False, sort_keys=True)
            if text != self.old.get(UNMAPPED_FIELD):
                self.new[UNMAPPED_FIELD] = text
                self.result.changes.append(
                    f"{UNMAPPED_FIELD}: {', '.join(sorted(self.result.unmapped))}"
                )
        if self.extras and not self.result.problems:
            self.result.changes.append(
                "extras: " + ", ".join(sorted(self.extras)) + " → Felder / fields"
            )

    def run(self) -> Result:
        self.licence()
        self.themes()
        self.agents()
        self.dates()
        self.space()
        self.misc()
        self.resources()
        self.leftovers()
        self.new["type"] = self.old.get("type") or "dataset"
        return self.result


def map_dataset(old: dict[str, Any], tables: dict[str, dict[str, Any]] | None = None) -> Result:
    """Map one old dataset dict onto the Jena schema (pure; see the module docstring)."""
    return _Mapper(old, tables or load_map()).run()


def _short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- running it in CKAN ------------------------------------------------------------------


@dataclasses.dataclass
class Report:
    dry_run: bool
    migrated: list[Result] = dataclasses.field(default_factory=list)
    unchanged: list[str] = dataclasses.field(default_factory=list)
    failed: list[tuple[str, list[str]]] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "würde migriert / would migrate" if self.dry_run else "migriert / migrated"
        out: list[str] = []
        for result in self.migrated:
            out.append(f"{verb}: {result.name}")
            out.extend(f"  {c}" for c in result.changes)
            for key, value in sorted(result.unmapped.items()):
                out.append(f"  nicht zugeordnet / unmapped: {key} = {_short(value)}")
        for name in self.unchanged:
            out.append(f"unverändert / unchanged: {name}")
        for name, problems in self.failed:
            out.append(f"fehlgeschlagen / failed: {name}")
            out.extend(f"  {p}" for p in problems)
        summary = (
            f"{len(self.migrated)} migriert, {len(self.unchanged)} unverändert, "
            f"{len(self.failed)} fehlgeschlagen"
        )
        out.append(
            summary
            + (" (Probelauf, nichts gespeichert / dry run, nothing stored)" if self.dry_run else "")
        )
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "migrated": [
                {"name": r.name, "changes": r.changes, "unmapped": r.unmapped}
                for r in self.migrated
            ],
            "unchanged": self.unchanged,
            "failed": [{"name": n, "problems": p} for n, p in self.failed],
        }


def _flatten_errors(errors: Any, prefix: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == "__type":
                continue
            out.extend(_flatten_errors(value, f"{prefix}{key}."))
    elif isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            out.extend(f"{prefix.rstrip('.')}: {e}" for e in errors)
        else:
            for index, value in enumerate(errors):
                out.extend(_flatten_errors(value, f"{prefix}{index}."))
    return out


def _read_export(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, dict):
        data = data.get("result", data)
        if isinstance(data, dict):
            data = data.get("results", [data])
    return [d for d in data if isinstance(d, dict)]


def run(dry_run: bool = False, export_path: str | None = None) -> Report:
    """Migrate the portal's datasets (or import an export); see the module docstring."""
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.lib import plugins as lib_plugins

    tables = load_map(tk.config.get("ckanext.jena.migrate.map_file") or None)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    report = Report(dry_run=dry_run)

    def context() -> dict[str, Any]:
        return {"user": site_user["name"], "ignore_auth": True}

    if export_path:
        olds = _read_export(export_path)
    else:
        ids = [
            row.id
            for row in model.Session.query(model.Package.id)
            .filter(model.Package.type == "dataset", model.Package.state != model.State.DELETED)
            .order_by(model.Package.name)
        ]
        olds = [tk.get_action("package_show")(context(), {"id": i}) for i in ids]

    for old in olds:
        result = map_dataset(old, tables)
        if result.problems:
            report.failed.append((result.name, result.problems))
            continue
        new = result.dataset
        existing = None
        if export_path:
            org = old.get("organization") or {}
            org_name = org.get("name") if isinstance(org, dict) else None
            owner = model.Group.get(org_name or old.get("owner_org") or "")
            if owner is None:
                report.failed.append(
                    (result.name, [f"Organisation „{org_name}“ fehlt / organization missing"])
                )
                continue
            new["owner_org"] = owner.id
            existing = model.Package.get(new.get("name") or "")
            if existing is None and new.get("id") and model.Package.get(new["id"]) is not None:
                new.pop("id")  # the old id is taken by another dataset here
            if existing is not None:
                new["id"] = existing.id
            for res in new.get("resources") or []:
                res.pop("package_id", None)
                stored = model.Resource.get(res["id"]) if res.get("id") else None
                if stored is not None and (existing is None or stored.package_id != existing.id):
                    res.pop("id")
            new.pop("groups", None)  # groups of the old portal need not exist here
            new.pop("organization", None)
        elif not result.changed:
            report.unchanged.append(result.name)
            continue
        action = "package_update" if (existing is not None or not export_path) else "package_create"
        try:
            if dry_run:
                plugin = lib_plugins.lookup_package_plugin(new.get("type"))
                schema = (
                    plugin.update_package_schema()
                    if action == "package_update"
                    else plugin.create_package_schema()
                )
                ctx = dict(context(), model=model, session=model.Session)
                if action == "package_update":
                    ctx["package"] = model.Package.get(new["id"])
                _data, errors = lib_plugins.plugin_validate(plugin, ctx, new, schema, action)
                if errors:
                    raise tk.ValidationError(errors)
            else:
                tk.get_action(action)(context(), new)
        except tk.ValidationError as e:
            model.Session.rollback()
            report.failed.append((result.name, _flatten_errors(e.error_dict)))
            continue
        report.migrated.append(result)
    return report
