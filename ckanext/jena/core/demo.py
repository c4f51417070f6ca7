"""Load the demo content (organizations, datasets, an admin) idempotently.

The organizations are those of ``config/organizations.yaml`` (created or updated by
:func:`ckanext.jena.core.orgs.sync`). The content file is YAML with the key ``datasets``:
a list of CKAN action dicts. Existing datasets (matched by name) are updated, never
duplicated.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import ckan.plugins.toolkit as tk
import yaml
from ckan import model
from ckan.types import Context

from ckanext.jena.core import orgs

DEFAULT_CONTENT = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "config", "demo", "content.yaml"
)


@dataclasses.dataclass
class Report:
    created: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        return (
            [f"angelegt/created: {n}" for n in self.created]
            + [f"aktualisiert/updated: {n}" for n in self.updated]
            + [f"{len(self.created)} angelegt, {len(self.updated)} aktualisiert"]
        )


def _site_user_context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def ensure_admin(password: str) -> bool:
    """Create the sysadmin ``admin`` unless it exists. Returns True if created."""
    if model.User.get("admin"):
        return False
    tk.get_action("user_create")(
        _site_user_context(),
        {
            "name": "admin",
            "email": "opendata@jena.de",
            "password": password,
            "fullname": "Open-Data-Team Jena",
        },
    )
    user = model.User.get("admin")
    assert user is not None
    user.sysadmin = True
    model.Session.commit()
    return True


def _upsert(kind: str, data: dict[str, Any], report: Report) -> None:
    show = tk.get_action(f"{kind}_show")
    try:
        existing = show(_site_user_context(), {"id": data["name"]})
    except tk.ObjectNotFound:
        existing = None
    if existing is None or existing.get("state") == "deleted":
        if existing is not None:
            data = dict(data, id=existing["id"], state="active")
            tk.get_action(f"{kind}_update")(_site_user_context(), data)
        else:
            tk.get_action(f"{kind}_create")(_site_user_context(), dict(data))
        report.created.append(f"{kind} {data['name']}")
    else:
        tk.get_action(f"{kind}_update")(_site_user_context(), dict(data, id=existing["id"]))
        report.updated.append(f"{kind} {data['name']}")


def load(path: str | None = None, datasets: bool = True) -> Report:
    path = path or tk.config.get("ckanext.jena.demo.content") or DEFAULT_CONTENT
    with open(path, encoding="utf-8") as f:
        content = yaml.safe_load(f)
    report = Report()
    if ensure_admin(tk.config.get("ckanext.jena.demo.admin_password")):
        report.created.append("user admin")
    org_report = orgs.sync()
    report.created += [f"organization {n}" for n in org_report.created]
    report.updated += [f"organization {n}" for n in org_report.updated]
    for dataset in content.get("datasets", []) if datasets else []:
        _upsert("package", dataset, report)
    return report
