"""The source registry ``harvesters/<publisher>.yaml`` (CKAN-free).

Each publisher file lists that member's sources; ``harvesters/profiles/<profile>.yaml``
overrides per-source settings for a deployment profile (``demo``: the embedded city
network on 127.0.0.1; ``production``: the real URLs). Files are validated against
``harvesters/schema.yaml``; every problem is reported with file, line and reason::

    registry = load_registry("harvesters", profile="demo")
    registry.issues        # [] when valid
    registry.sources       # name -> SourceConfig (profile applied)
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml
from croniter import croniter

from ckanext.jena.harvest.records import SourceConfig

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEFAULT_DIR = os.path.join(ROOT, "harvesters")
PROFILES = ("demo", "production")

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")
_HOST = re.compile(
    r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


@dataclass
class Issue:
    file: str
    line: int
    path: str
    reason: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.file}:{self.line}:{where} {self.reason}"


class RegistryError(Exception):
    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


@dataclass
class Registry:
    directory: str
    profile: str
    sources: dict[str, SourceConfig] = field(default_factory=dict)
    #: source name -> (file, line) of its entry
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def raise_for_issues(self) -> None:
        if self.issues:
            raise RegistryError(self.issues)


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _type_ok(value: Any, expected: str) -> bool:
    return {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
    }[expected](value)


def _format_problem(fmt: str, value: str) -> str | None:
    if fmt == "cron":
        return None if croniter.is_valid(value) else f"{value!r} is not a valid cron expression"
    if fmt == "url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return f"{value!r} is not an http(s) URL"
        return None
    if fmt == "hostname":
        try:
            ipaddress.ip_address(value)
            return None
        except ValueError:
            pass
        return None if _HOST.match(value.lower()) else f"{value!r} is not a host name"
    if fmt == "slug":
        return (
            None
            if _SLUG.match(value)
            else (f"{value!r} must be 2-100 lower-case letters, digits, '-' or '_'")
        )
    if fmt == "env":
        return (
            None
            if _ENV.match(value)
            else (
                f"{value!r} is not an environment variable name (secrets are referenced by "
                "the NAME of an environment variable, never stored here)"
            )
        )
    return None


class _Validator:
    def __init__(self, schema: dict[str, Any], file: str) -> None:
        self.schema = schema
        self.file = file
        self.issues: list[Issue] = []

    def add(self, node: yaml.Node, path: str, reason: str) -> None:
        self.issues.append(Issue(self.file, node.start_mark.line + 1, path, reason))

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.schema["definitions"][name]
        return schema

    def check(self, node: yaml.Node, schema: dict[str, Any], path: str) -> None:
        schema = self.resolve(schema)
        value = _construct(node)
        expected = schema.get("type")
        if expected and not _type_ok(value, expected):
            got = type(value).__name__ if value is not None else "nothing"
            self.add(node, path, f"expected {expected}, got {got}")
            return
        if "enum" in schema and value not in schema["enum"]:
            self.add(node, path, f"{value!r} is not one of {', '.join(map(str, schema['enum']))}")
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0):
                self.add(node, path, f"too short (at least {schema['minLength']} characters)")
            if "pattern" in schema and not re.search(schema["pattern"], value):
                self.add(node, path, f"{value!r} does not match {schema['pattern']}")
            if "format" in schema:
                problem = _format_problem(schema["format"], value)
                if problem:
                    self.add(node, path, problem)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                self.add(node, path, f"{value} is below the minimum {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                self.add(node, path, f"{value} is above the maximum {schema['maximum']}")
        if isinstance(node, yaml.MappingNode):
            self.check_mapping(node, schema, path)
        elif isinstance(node, yaml.SequenceNode) and "items" in schema:
            for i, item in enumerate(node.value):
                self.check(item, schema["items"], f"{path}[{i}]")

    def check_mapping(self, node: yaml.MappingNode, schema: dict[str, Any], path: str) -> None:
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(_construct(key_node))
            sub = f"{path}.{key}" if path else key
            if key in seen:
                self.add(key_node, sub, f"duplicate key {key!r}")
            seen.add(key)
            if key in props:
                self.check(value_node, props[key], sub)
            elif extra is False:
                known = ", ".join(sorted(props))
                self.add(key_node, sub, f"unknown key {key!r} (allowed: {known})")
            elif isinstance(extra, dict):
                self.check(value_node, extra, sub)
        for key in schema.get("required", []):
            if key not in seen:
                self.add(node, path, f"required key {key!r} is missing")


def load_schema(directory: str) -> dict[str, Any]:
    with open(os.path.join(directory, "schema.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def _compose(path: str, rel: str, issues: list[Issue]) -> yaml.Node | None:
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.compose(f, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as e:
        issues.append(Issue(rel, 1, "", f"not UTF-8 text: {e}"))
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        issues.append(Issue(rel, line, "", f"YAML syntax error: {e.problem}"))
    except yaml.YAMLError as e:
        issues.append(Issue(rel, 1, "", f"YAML error: {e}"))
    return None


def _entry_node(doc: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in doc.value:
        if _construct(k) == key:
            return v
    return None


def load_registry(
    directory: str | None = None,
    profile: str = "production",
    organizations: set[str] | None = None,
) -> Registry:
    """Read and validate the registry; ``registry.issues`` lists every problem.

    ``organizations``: names of the organizations that may own sources (from
    config/organizations.yaml); None skips that check.
    """
    directory = directory or DEFAULT_DIR
    schema = load_schema(directory)
    reg = Registry(directory=directory, profile=profile)
    base = os.path.dirname(os.path.abspath(directory))
    names = sorted(
        n for n in os.listdir(directory)
        if n.endswith((".yaml", ".yml")) and n != "schema.yaml"
    )  # fmt: skip
    for fname in names:
        path = os.path.join(directory, fname)
        rel = os.path.relpath(path, base)
        reg.files.append(rel)
        before = len(reg.issues)
        doc = _compose(path, rel, reg.issues)
        if doc is None:
            if len(reg.issues) == before:
                reg.issues.append(Issue(rel, 1, "", "empty file"))
            continue
        validator = _Validator(schema, rel)
        validator.check(doc, schema["publisher"], "")
        reg.issues.extend(validator.issues)
        if validator.issues or not isinstance(doc, yaml.MappingNode):
            continue
        data = _construct(doc)
        publisher = data["publisher"]
        if publisher != fname.rsplit(".", 1)[0]:
            reg.issues.append(
                Issue(
                    rel,
                    doc.start_mark.line + 1,
                    "publisher",
                    f"publisher {publisher!r} must match the file name {fname!r}",
                )
            )
        seq = _entry_node(doc, "sources")
        for i, entry in enumerate(data["sources"]):
            node = seq.value[i] if isinstance(seq, yaml.SequenceNode) else doc
            line = node.start_mark.line + 1
            name = entry["name"]
            if name in reg.locations:
                other = reg.locations[name]
                reg.issues.append(
                    Issue(
                        rel,
                        line,
                        f"sources[{i}].name",
                        f"source name {name!r} already used at {other[0]}:{other[1]}",
                    )
                )
                continue
            if organizations is not None and entry["organization"] not in organizations:
                reg.issues.append(
                    Issue(
                        rel,
                        line,
                        f"sources[{i}].organization",
                        f"unknown organization {entry['organization']!r} (config/organizations.yaml)",
                    )
                )
            problem = _host_problem(entry)
            if problem:
                reg.issues.append(Issue(rel, line, f"sources[{i}].url", problem))
            entry = {**entry, "publisher": publisher}
            reg.sources[name] = SourceConfig.from_dict(entry)
            reg.locations[name] = (rel, line)
    if profile not in PROFILES:
        reg.issues.append(Issue("", 0, "", f"unknown profile {profile!r} ({', '.join(PROFILES)})"))
        return reg
    _apply_profile(reg, schema, os.path.join(directory, "profiles", f"{profile}.yaml"), base)
    if profile == "demo":
        for name, src in reg.sources.items():
            host = urlsplit(src.url).hostname or ""
            if src.enabled and host not in ("127.0.0.1", "localhost", "::1"):
                file, line = reg.locations[name]
                reg.issues.append(
                    Issue(
                        file,
                        line,
                        "",
                        f"source {name!r} is enabled in the demo profile but "
                        f"points at {host!r}: give it a 127.0.0.1 URL in profiles/demo.yaml or "
                        "disable it there (the demo never harvests production hosts)",
                    )
                )
    return reg


def _host_problem(entry: dict[str, Any]) -> str | None:
    from ckanext.jena.harvest.fetch import host_allowed

    host = urlsplit(entry["url"]).hostname or ""
    hosts = entry.get("allowed_hosts")
    if hosts and not host_allowed(host, hosts):
        return f"the URL's host {host!r} is not among allowed_hosts ({', '.join(hosts)})"
    return None


def _apply_profile(reg: Registry, schema: dict[str, Any], path: str, base: str) -> None:
    if not os.path.exists(path):
        return
    rel = os.path.relpath(path, base)
    reg.files.append(rel)
    doc = _compose(path, rel, reg.issues)
    if doc is None:
        return
    validator = _Validator(schema, rel)
    validator.check(doc, schema["profile"], "")
    reg.issues.extend(validator.issues)
    if validator.issues:
        return
    data = _construct(doc)
    sources_node = _entry_node(doc, "sources")
    for key_node, value_node in sources_node.value if sources_node is not None else []:
        name = _construct(key_node)
        override = _construct(value_node) or {}
        line = key_node.start_mark.line + 1
        if name not in reg.sources:
            reg.issues.append(
                Issue(
                    rel,
                    line,
                    f"sources.{name}",
                    f"profile {data['profile']!r} names unknown source {name!r}",
                )
            )
            continue
        src = reg.sources[name]
        for key, value in override.items():
            setattr(src, key, value)
        problem = _host_problem({"url": src.url, "allowed_hosts": src.allowed_hosts})
        if problem:
            reg.issues.append(Issue(rel, line, f"sources.{name}.url", problem))


def load_organization_names(path: str | None = None) -> set[str] | None:
    """Names in config/organizations.yaml, or None when the file does not exist."""
    path = path or os.path.join(ROOT, "config", "organizations.yaml")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    orgs = data.get("organizations", data) if isinstance(data, dict) else data
    names: set[str] = set()
    for org in orgs or []:
        if isinstance(org, dict) and org.get("name"):
            names.add(org["name"])
        elif isinstance(org, str):
            names.add(org)
    return names
