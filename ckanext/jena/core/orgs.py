"""The organizations of Jena's Stadtverbund, declared in ``config/organizations.yaml``.

:func:`sync` creates missing organizations and updates changed ones; organizations that
match the file are not written again, organizations missing from the file are left
alone (never deleted). The whole file is validated before anything is written: one bad
entry stops the run with a precise message and changes nothing.

The publisher fields ``uri``, ``homepage`` and ``email`` (and ``title_en`` if the
organization schema has such a field) are top-level fields when the scheming
organization schema declares them (``jena_organization.yaml``), CKAN organization
``extras`` otherwise.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any
from urllib.parse import urlparse

import ckan.plugins.toolkit as tk
import yaml
from ckan.types import Context

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
DEFAULT_FILE = os.path.join(REPO_ROOT, "config", "organizations.yaml")
PUBLIC_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "theme", "public")

FIELDS = ("name", "title", "title_en", "description", "uri", "homepage", "email", "logo")
REQUIRED = ("name", "title", "uri", "email")
PUBLISHER_FIELDS = ("uri", "homepage", "email", "title_en")

_NAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


class OrganizationsFileError(ValueError):
    """The organizations file is invalid; ``messages`` name the file, entry and field."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclasses.dataclass
class Report:
    created: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    unchanged: list[str] = dataclasses.field(default_factory=list)
    changes: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    dry_run: bool = False

    def lines(self) -> list[str]:
        lines = [f"angelegt/created: {n}" for n in self.created]
        lines += [
            f"aktualisiert/updated: {n} ({', '.join(self.changes.get(n, []))})"
            for n in self.updated
        ]
        lines += [f"unverändert/unchanged: {n}" for n in self.unchanged]
        summary = (
            f"{len(self.created)} angelegt/created, {len(self.updated)} aktualisiert/updated, "
            f"{len(self.unchanged)} unverändert/unchanged"
        )
        if self.dry_run:
            summary += " (Probelauf/dry run: nichts gespeichert/nothing saved)"
        return lines + [summary]


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value


def load(path: str | None = None) -> list[dict[str, Any]]:
    """Read and validate the organizations file; OrganizationsFileError if invalid."""
    path = path or tk.config.get("ckanext.jena.organizations.file") or DEFAULT_FILE
    shown = os.path.relpath(path, REPO_ROOT) if path.startswith(REPO_ROOT) else path
    try:
        with open(path, encoding="utf-8") as f:
            content = yaml.safe_load(f)
    except OSError as e:
        raise OrganizationsFileError([f"{shown}: cannot be read: {e.strerror}"]) from e
    except yaml.YAMLError as e:
        raise OrganizationsFileError([f"{shown}: not valid YAML: {e}"]) from e
    if not isinstance(content, dict) or not isinstance(content.get("organizations"), list):
        raise OrganizationsFileError([f"{shown}: expected a list under 'organizations'"])

    errors: list[str] = []
    seen: set[str] = set()
    entries = []
    for index, entry in enumerate(content["organizations"], 1):
        label = f"{shown}: entry {index}"
        if not isinstance(entry, dict):
            errors.append(f"{label}: expected a mapping of fields, got {entry!r}")
            continue
        if isinstance(entry.get("name"), str):
            label += f" ({entry['name']})"
        for key in entry:
            if key not in FIELDS:
                errors.append(f"{label}: unknown field {key!r} (allowed: {', '.join(FIELDS)})")
        for key in REQUIRED:
            if not entry.get(key):
                errors.append(f"{label}: field {key!r} is missing")
        for key in FIELDS:
            if entry.get(key) is not None and not isinstance(entry[key], str):
                errors.append(f"{label}: field {key!r} must be text, got {entry[key]!r}")
        name = entry.get("name")
        if isinstance(name, str) and name:
            if not _NAME_RE.match(name):
                errors.append(
                    f"{label}: name {name!r} must be 2-100 characters a-z, 0-9, '-' or '_'"
                )
            if name in seen:
                errors.append(f"{label}: name {name!r} occurs twice")
            seen.add(name)
        for key in ("uri", "homepage"):
            value = entry.get(key)
            if value and isinstance(value, str) and not _is_url(value):
                errors.append(f"{label}: {key} {value!r} is not an http(s) URL")
        email = entry.get("email")
        if email and isinstance(email, str) and not _EMAIL_RE.match(email):
            errors.append(f"{label}: email {email!r} is not a valid e-mail address")
        logo = entry.get("logo")
        if logo and isinstance(logo, str) and not _is_url(logo):
            if ".." in logo.split("/") or not os.path.isfile(os.path.join(PUBLIC_DIR, logo)):
                errors.append(
                    f"{label}: logo {logo!r} is neither an http(s) URL nor a file under "
                    "ckanext/jena/theme/public/"
                )
        entries.append(entry)
    if errors:
        raise OrganizationsFileError(errors)
    return entries


def _site_user_context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _schema_fields() -> set[str] | None:
    """Field names of the scheming organization schema, None without scheming."""
    try:
        schema = tk.get_action("scheming_organization_schema_show")(
            {"ignore_auth": True}, {"type": "organization"}
        )
    except (KeyError, tk.ObjectNotFound):
        return None
    return {f["field_name"] for f in schema.get("fields", [])}


def image_url(logo: str | None) -> str:
    if not logo:
        return ""
    if _is_url(logo):
        return logo
    return tk.config.get("ckan.site_url").rstrip("/") + "/" + logo.lstrip("/")


def desired_fields(entry: dict[str, Any], schema_fields: set[str] | None) -> dict[str, Any]:
    """The organization dict fields the entry defines (top-level and ``extras``)."""
    data: dict[str, Any] = {
        "name": entry["name"],
        "title": entry["title"],
        "description": (entry.get("description") or "").strip(),
        "image_url": image_url(entry.get("logo")),
    }
    extras = {}
    for key in PUBLISHER_FIELDS:
        value = entry.get(key) or ""
        if schema_fields is not None and key in schema_fields:
            data[key] = value
        elif schema_fields is None:
            extras[key] = value
        # with a scheming schema lacking the field (e.g. title_en) it is not stored
    if extras:
        data["extras"] = extras
    return data


def _differences(existing: dict[str, Any], desired: dict[str, Any]) -> list[str]:
    changed = []
    for key, value in desired.items():
        if key == "extras":
            current = {e["key"]: e["value"] for e in existing.get("extras", [])}
            changed += [k for k, v in value.items() if (current.get(k) or "") != v]
        elif (existing.get(key) or "") != value:
            changed.append(key)
    return changed


def _as_action_dict(desired: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    data = {k: v for k, v in desired.items() if k != "extras"}
    if "extras" in desired:
        merged = {e["key"]: e["value"] for e in (existing or {}).get("extras", [])}
        merged.update(desired["extras"])
        data["extras"] = [{"key": k, "value": v} for k, v in merged.items() if v]
    return data


def sync(path: str | None = None, dry_run: bool = False) -> Report:
    """Create or update the organizations of the file (idempotent, never deletes)."""
    entries = load(path)
    report = Report(dry_run=dry_run)
    schema_fields = _schema_fields()
    context = _site_user_context
    for entry in entries:
        desired = desired_fields(entry, schema_fields)
        name = entry["name"]
        try:
            existing = tk.get_action("organization_show")(
                context(), {"id": name, "include_datasets": False, "include_users": False}
            )
        except tk.ObjectNotFound:
            existing = None
        if existing is None:
            report.created.append(name)
            if not dry_run:
                tk.get_action("organization_create")(context(), _as_action_dict(desired, None))
            continue
        changes = _differences(existing, desired)
        if existing.get("state") != "active":
            changes.insert(0, "state")
        if not changes:
            report.unchanged.append(name)
            continue
        report.updated.append(name)
        report.changes[name] = changes
        if not dry_run:
            patch = _as_action_dict(desired, existing)
            patch.update(id=existing["id"], state="active")
            tk.get_action("organization_patch")(context(), patch)
    return report
