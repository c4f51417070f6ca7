"""``jena sources sync``: make ckanext-harvest's sources match the registry.

Creates missing sources, updates changed ones (URL, title, harvester type, owner,
configuration, enabled flag) and deactivates registry-managed sources that were removed
from the registry (never deletes them: their datasets and history stay). Running it
twice changes nothing the second time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.harvest.model import HarvestSource
from ckanext.jena.harvest.records import SourceConfig
from ckanext.jena.harvest.registry import Registry
from ckanext.jena.harvest.runner import jena_harvesters, source_config_dict

MANAGED = "jena-registry"


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _config_json(src: SourceConfig, registry: Registry) -> str:
    data = src.to_dict()
    data["managed_by"] = MANAGED
    data["profile"] = registry.profile
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _context() -> dict[str, Any]:
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return {"model": model, "session": model.Session, "user": user, "ignore_auth": True}


def sync_sources(registry: Registry, dry_run: bool = False) -> SyncReport:
    report = SyncReport()
    if registry.issues:
        report.problems.extend(str(i) for i in registry.issues)
        return report
    harvesters = jena_harvesters()
    for name, src in registry.sources.items():
        file, line = registry.locations.get(name, ("?", 0))
        harvester = harvesters.get(src.protocol)
        if harvester is None:
            report.warnings.append(
                f"{file}:{line}: source {name!r}: no harvester for protocol {src.protocol!r} "
                "is installed (add its plugin to ckan.plugins); skipped"
            )
            continue
        org = model.Group.get(src.organization)
        if org is None or not org.is_organization or org.state != "active":
            report.problems.append(
                f"{file}:{line}: source {name!r}: organization {src.organization!r} does not "
                "exist (run `ckan jena orgs sync`); skipped"
            )
            continue
        wanted = {
            "url": src.url,
            "title": src.title,
            "source_type": harvester.source_type(),
            "owner_org": org.id,
            "config": _config_json(src, registry),
            "active": bool(src.enabled),
        }
        pkg = model.Package.get(name)
        if pkg is not None and pkg.type != "harvest":
            report.problems.append(f"{file}:{line}: {name!r} is already the name of a dataset")
            continue
        hs = HarvestSource.get(pkg.id) if pkg is not None else None
        if hs is None:
            report.created.append(name)
            report.details.append(f"create {name} ({src.protocol}, {src.url})")
            if not dry_run:
                _create(name, src, wanted)
            continue
        current = {
            "url": hs.url,
            "title": pkg.title,
            "source_type": hs.type,
            "owner_org": pkg.owner_org,
            "config": hs.config,
            "active": bool(hs.active) and pkg.state == "active",
        }
        diff = [k for k in wanted if wanted[k] != current[k]]
        if not diff:
            report.unchanged.append(name)
            continue
        report.updated.append(name)
        report.details.append(f"update {name}: {', '.join(diff)}")
        if not dry_run:
            _update(pkg, hs, name, src, wanted)
    # registry-managed sources no longer in the registry
    for hs in model.Session.query(HarvestSource).filter(HarvestSource.active.is_(True)):
        cfg = source_config_dict(hs)
        pkg = model.Package.get(hs.id)
        if cfg.get("managed_by") != MANAGED or pkg is None or pkg.name in registry.sources:
            continue
        report.deactivated.append(pkg.name)
        report.details.append(f"deactivate {pkg.name} (no longer in the registry)")
        if not dry_run:
            hs.active = False
            model.Session.add(hs)
            model.Session.commit()
    if dry_run:
        model.Session.rollback()
    return report


def _package_dict(name: str, src: SourceConfig, wanted: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "title": wanted["title"],
        "url": wanted["url"],
        "source_type": wanted["source_type"],
        "owner_org": wanted["owner_org"],
        "config": wanted["config"],
        "frequency": "MANUAL",  # the registry's cron schedule drives the runs
        "notes": f"Harvest-Quelle aus dem Register (harvesters/{src.publisher}.yaml)",
    }


def _create(name: str, src: SourceConfig, wanted: dict[str, Any]) -> None:
    result = tk.get_action("harvest_source_create")(_context(), _package_dict(name, src, wanted))
    _set_active(result["id"], wanted["active"])


def _update(
    pkg: model.Package, hs: HarvestSource, name: str, src: SourceConfig, wanted: dict[str, Any]
) -> None:
    data = _package_dict(name, src, wanted)
    data["id"] = pkg.id
    data["state"] = "active"
    tk.get_action("harvest_source_update")(_context(), data)
    _set_active(pkg.id, wanted["active"])


def _set_active(source_id: str, active: bool) -> None:
    hs = HarvestSource.get(source_id)
    if hs is not None and hs.active != active:
        hs.active = active
        model.Session.add(hs)
        model.Session.commit()
