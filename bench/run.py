"""Benchmarks of the Jena portal against their anchors, in one run on the same data.

    .venv/bin/python bench/run.py            # the issue's N (make bench)
    .venv/bin/python bench/run.py --quick    # small N, under ten minutes (make bench-quick)
    .venv/bin/python bench/run.py --quick --only seed,validation

Resets the benchmark database ckan_bench (and the Solr documents and Redis database of
site jena_bench), seeds realistic datasets in the Jena schema, runs the benchmarks and
prints a table; the figures go to bench/results/latest.json. Every figure is measured in
this run; a target that is not met is reported as MISS with the measured ratio.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_INI = HERE / "bench.ini"
CORE_INI = HERE / "core.ini"
PYTHON = sys.executable
CKAN = str(Path(PYTHON).parent / "ckan")
RESULTS = HERE / "results"
LOGS = ROOT / "var" / "log" / "bench"
sys.path.insert(0, str(HERE))

PG_PORT = os.environ.get("JENA_PG_PORT", "5433")
REDIS_PORT = os.environ.get("JENA_REDIS_PORT", "6379")
SOLR_PORT = os.environ.get("JENA_SOLR_PORT", "8983")
DB = "ckan_bench"
#: parse profiles of the plain ckanext-dcat harvester (the anchor of the re-harvest benchmark)
PLAIN_PROFILES = "euro_dcat_ap_3"
#: licences of the harvested source: ckanext-dcat's profile does not read
#: dcatde:licenseAttributionByText, which the Jena schema requires for attribution licences,
#: so the source uses licences without attribution (the anchor could not import the others)
HARVEST_LICENSES = ("dl-zero-de/2.0", "cc-zero")

FULL = {
    "datasets": 10_000,
    "harvest": 5_000,
    "validation_sample": 300,
    "validation_whole_sample": 300,
    "reps": 3,
    "harvest_reps": 2,
    "changed_reps": 1,
    "export_reps": 2,
    "load_seconds": 30,
    "consumer_records": 1_000,
}
#: bench-quick: under ten minutes on a 2-core machine
QUICK = {
    "datasets": 1_000,
    "harvest": 100,
    "validation_sample": 30,
    "validation_whole_sample": 60,
    "reps": 2,
    "harvest_reps": 2,
    "changed_reps": 2,
    "export_reps": 1,
    "load_seconds": 8,
    "consumer_records": 100,
}

ORGS = [
    "stadtverwaltung-jena",
    "kommunalservice-jena",
    "stadtwerke-jena",
    "jenaer-nahverkehr",
    "jenawohnen",
    "jenakultur",
    "jenawirtschaft",
    "jenaer-baeder",
]
THEMES = ["SOCI", "ENVI", "TRAN", "REGI", "ECON", "EDUC", "HEAL", "GOVE", "ENER", "AGRI", "TECH"]
LICENSES = [
    ("dl-by-de/2.0", True),
    ("dl-zero-de/2.0", False),
    ("cc-by/4.0", True),
    ("cc-zero", False),
    ("cc-by-sa/4.0", True),
]
FREQ = ["ANNUAL", "MONTHLY", "WEEKLY", "DAILY", "QUARTERLY", "IRREG"]
RES_FORMATS = ["CSV", "GEOJSON", "JSON", "XLSX", "PDF", "ZIP", "WMS_SRVC", "XML"]
SUBJECTS = [
    ("Einwohner nach Stadtteilen", "Einwohnerinnen und Einwohner mit Hauptwohnsitz"),
    ("Baumkataster", "Standorte, Baumarten und Pflanzjahre der Straßen- und Parkbäume"),
    ("Parkplatzbelegung", "Freie Stellplätze der Parkhäuser und Parkplätze"),
    ("Haltestellen", "Lage und Ausstattung der Bus- und Straßenbahnhaltestellen"),
    ("Luftqualität", "Messwerte der Luftmessstationen (NO2, PM10, PM2.5)"),
    ("Kindertagesstätten", "Standorte, Träger und Plätze der Kindertagesstätten"),
    ("Wahlergebnisse", "Ergebnisse der Wahlen nach Wahlbezirken"),
    ("Haushaltsplan", "Erträge und Aufwendungen nach Produktbereichen"),
    ("Verkehrszählungen", "Kfz- und Radverkehr an den Zählstellen"),
    ("Energieverbrauch", "Strom-, Wärme- und Wasserverbrauch städtischer Gebäude"),
    ("Bebauungspläne", "Geltungsbereiche und Festsetzungen der Bebauungspläne"),
    ("Badegewässer", "Wasserqualität und Besucherzahlen der Bäder"),
]
TAGS = ["Jena", "Statistik", "Umwelt", "Verkehr", "Bildung", "Haushalt", "Energie", "Kultur"]


# ------------------------------------------------------------------------- environment
def service_env(site: str = "jena_bench") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CKAN_SQLALCHEMY_URL=f"postgresql://ckan:ckan@127.0.0.1:{PG_PORT}/{DB}",
        CKAN_SOLR_URL=f"http://127.0.0.1:{SOLR_PORT}/solr/ckan",
        CKAN_REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/9",
        CKAN_SITE_ID=site,
    )
    env.pop("CKAN_INI", None)
    missing = missing_plugins()
    if missing:
        env["CKAN__PLUGINS"] = plugin_line(BENCH_INI) + " " + " ".join(missing)
    return env


def plugin_line(ini: Path) -> str:
    for line in ini.read_text().splitlines():
        if line.startswith("ckan.plugins"):
            return line.split("=", 1)[1].strip()
    return ""


def missing_plugins() -> list[str]:
    """Plugins config/ckan.ini has and bench.ini lacks (bench.ini lists them explicitly)."""
    ours = plugin_line(BENCH_INI).split()
    return [p for p in plugin_line(ROOT / "config" / "ckan.ini").split() if p not in ours]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def ckan_cmd(*args: str, ini: Path = BENCH_INI, check: bool = True) -> str:
    res = subprocess.run(
        [CKAN, "-c", str(ini), *args],
        env=service_env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if check and res.returncode != 0:
        raise SystemExit(f"ckan {' '.join(args)} failed:\n{res.stdout[-2000:]}{res.stderr[-3000:]}")
    return res.stdout


def reset_database() -> None:
    log("resetting database ckan_bench")
    ckan_cmd("db", "clean", "--yes")
    ckan_cmd("db", "init")
    ckan_cmd("db", "pending-migrations", "--apply")


_app = None


def boot() -> Any:
    """Load CKAN (bench.ini) in this process, with a request context for the actions."""
    global _app
    if _app is not None:
        return _app
    os.environ.update(service_env())
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(str(BENCH_INI)))
    flask_app = app._wsgi_app
    ctx = flask_app.test_request_context()
    ctx.push()
    _app = flask_app
    return flask_app


def site_context() -> dict[str, Any]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return {"model": model, "session": model.Session, "user": user, "ignore_auth": True}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------- seeding
def template(k: int, rng: random.Random) -> dict[str, Any]:
    subject, desc = SUBJECTS[k % len(SUBJECTS)]
    license_id, attribution = LICENSES[k % len(LICENSES)]
    org = ORGS[k % len(ORGS)]
    year = 2012 + k % 13
    x0 = 11.50 + rng.random() * 0.12
    y0 = 50.86 + rng.random() * 0.08
    d: dict[str, Any] = {
        "name": f"bench-template-{k}",
        "title": f"{subject} {year}",
        "notes": f"{desc} in Jena, Stand {year}. Quelle: {org}.",
        "owner_org": org,
        "identifier": f"https://opendata.jena.de/id/bench-template-{k}",
        "license_id": license_id,
        "theme": [
            f"http://publications.europa.eu/resource/authority/data-theme/{t}"
            for t in rng.sample(THEMES, 1 + k % 3)
        ],
        "frequency": f"http://publications.europa.eu/resource/authority/frequency/{FREQ[k % 6]}",
        "language": ["http://publications.europa.eu/resource/authority/language/DEU"],
        "contact": [{"name": f"Stadt Jena, {subject}", "email": "opendata@jena.de"}],
        "tags": [{"name": t} for t in rng.sample(TAGS, 2 + k % 3)],
        "issued": f"{year}-03-01",
        "modified": f"{min(year + 1, 2026)}-06-15",
        "political_geocoding_uri": [
            "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
        ],
        "political_geocoding_level_uri": (
            "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
        ),
        "spatial": json.dumps(
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [round(x0, 4), round(y0, 4)],
                        [round(x0 + 0.05, 4), round(y0, 4)],
                        [round(x0 + 0.05, 4), round(y0 + 0.04, 4)],
                        [round(x0, 4), round(y0 + 0.04, 4)],
                        [round(x0, 4), round(y0, 4)],
                    ]
                ],
            }
        ),
        "resources": [],
    }
    if attribution:
        d["license_attribution_by_text"] = f"Stadt Jena ({org})"
    if k % 2 == 0:
        d["temporal_coverage"] = [{"start": f"{year}-01-01", "end": f"{year}-12-31"}]
    if k % 5 == 0:
        d["hvd_category"] = ["http://data.europa.eu/bna/c_e1da4e07"]
    for r in range(1 + k % 5):
        fmt = RES_FORMATS[(k + r) % len(RES_FORMATS)]
        url = f"https://opendata.jena.de/data/bench-{k}-{r}.{fmt.lower()}"
        d["resources"].append(
            {
                "name": f"{subject} {year} ({fmt})",
                "url": url,
                "access_url": url,  # the form's default (dcat:accessURL is mandatory)
                "download_url": url,
                "format": fmt,
            }
        )
    return d


def seed(n: int, templates: int = 40) -> dict[str, Any]:
    """``templates`` dicts through package_create (full validation), then ``n`` datasets
    cloned from their validated form in defer_commit batches, then one bulk index."""
    import ckan.lib.plugins as lib_plugins
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckan.lib import search
    from ckan.lib.dictization import model_save

    from ckanext.jena.core import orgs

    orgs.sync()
    ctx = site_context()
    rng = random.Random(8)
    started = time.perf_counter()
    validated = []
    plugin = lib_plugins.lookup_package_plugin("dataset")
    for k in range(templates):
        d = template(k, rng)
        vctx = dict(ctx)
        data, errors = lib_plugins.plugin_validate(
            plugin,
            vctx,
            dict(copy.deepcopy(d), type="dataset"),
            plugin.create_package_schema(),
            "package_create",
        )
        if errors:
            raise SystemExit(f"template {k} does not validate: {errors}")
        validated.append(data)
        tk.get_action("package_create")(dict(ctx), copy.deepcopy(d))
    t_templates = time.perf_counter() - started
    site_user = model.User.by_name(ctx["user"])
    ids = []
    batch = 500
    for i in range(n - templates):
        base = validated[i % templates]
        data = copy.deepcopy(base)
        subject = data["title"]
        data["name"] = f"jena-bench-{i:05d}"
        data["title"] = f"{subject} – Teil {i}"
        data["notes"] = f"{data['notes']} Teildatensatz {i}."
        data["id"] = str(uuid.uuid4())
        data["creator_user_id"] = site_user.id
        if "identifier" in data:
            data["identifier"] = f"https://opendata.jena.de/id/jena-bench-{i:05d}"
        for e in data.get("extras") or []:
            if e.get("key") == "identifier":
                e["value"] = f"https://opendata.jena.de/id/jena-bench-{i:05d}"
        for r in data.get("resources") or []:
            r.pop("id", None)
            r["url"] = r["url"].replace("bench-", f"bench-{i}-")
            for key in ("access_url", "download_url"):
                if r.get(key):
                    r[key] = r["url"]
        sctx = dict(ctx, defer_commit=True)
        pkg, _ = model_save.package_dict_save(data, sctx, False)
        pkg.metadata_modified = datetime.datetime(2026, 1, 1) + datetime.timedelta(minutes=i)
        ids.append(pkg.id)
        if len(ids) % batch == 0:
            model.repo.commit()
            # CKAN's session does not expire on commit: without this every flush walks
            # all datasets saved so far (batch time grew from 3 s to 44 s at N=10,000)
            model.Session.expunge_all()
            log(f"  seeded {len(ids) + templates}/{n}")
    model.repo.commit()
    t_db = time.perf_counter() - started
    search.rebuild(package_ids=ids, defer_commit=True, quiet=True)
    search.commit()
    total = time.perf_counter() - started
    count = tk.get_action("package_search")(dict(ctx), {"q": "*:*", "rows": 0})["count"]
    return {
        "datasets": n,
        "indexed": count,
        "templates_validated": templates,
        "seconds_templates": round(t_templates, 2),
        "seconds_database": round(t_db - t_templates, 2),
        "seconds_index": round(total - t_db, 2),
        "seconds_total": round(total, 2),
    }


# ------------------------------------------------------------------------ HTTP servers
class Server:
    """A CKAN serving process (bench/serve.py) on a free loopback port."""

    def __init__(self, ini: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        senv = env or service_env()
        senv["CKAN_SITE_URL"] = self.base
        senv["CKANEXT__DCAT__BASE_URI"] = self.base
        self.log = open(LOGS / f"server-{ini.stem}-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [PYTHON, str(HERE / "serve.py"), str(ini), str(self.port)],
            env=senv,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        import requests

        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server {ini} exited, see {self.log.name}")
            try:
                requests.get(self.base + "/api/3/action/status_show", timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"server {ini} did not start within 180 s, see {self.log.name}")

    def memory_kib(self) -> dict[str, int]:
        out = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM", "VmRSS")):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0])
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


# ---------------------------------------------------------------------- catalog export
def walk_catalog(base: str, ext: str, profile: str) -> dict[str, Any]:
    """GET /catalog.<ext> and the pages after it, as a harvester does: by the page's own
    link to the next one (hydra:next; a cursor on our side, ``page=N`` on ckanext-dcat's),
    until a page has none."""
    import re

    import requests

    session = requests.Session()
    url = f"{base}/catalog.{ext}?profiles={profile}"
    pages, size, started = 0, 0, time.perf_counter()
    # the pages are read as bytes, as an RDF parser reads them: ``resp.text`` would have
    # requests guess the charset of every application/rdf+xml and application/ld+json
    # page (they carry none) with charset_normalizer, a client cost that grows with the
    # page size and is no part of the server's answer
    cursor_re = re.compile(rb"cursor=([A-Za-z0-9_-]+)")
    page_re = re.compile(rb"[?&;]page=(\d+)")
    current_cursor, current_page = None, 1
    while True:
        resp = session.get(url, timeout=600)
        if resp.status_code != 200:
            raise SystemExit(f"{url}: HTTP {resp.status_code}: {resp.text[:300]}")
        text = resp.content
        size += len(text)
        pages += 1
        cursors = {c.decode() for c in cursor_re.findall(text)} - {current_cursor}
        if cursors:
            (current_cursor,) = cursors
            url = f"{base}/catalog.{ext}?profiles={profile}&cursor={current_cursor}"
            continue
        if str(current_page + 1).encode() in page_re.findall(text):
            current_page += 1
            url = f"{base}/catalog.{ext}?profiles={profile}&page={current_page}"
            continue
        break
    return {"seconds": time.perf_counter() - started, "bytes": size, "pages": pages}


def bench_export(cfg: dict[str, Any]) -> list[dict[str, Any]]:
    figures = []
    for ext in ("ttl", "rdf", "jsonld"):
        row: dict[str, Any] = {"figure": f"export_catalog_{ext}", "N": cfg["datasets"]}
        for side, profile in (("ours", "jena_dcat_ap_de"), ("anchor", "euro_dcat_ap_3")):
            server = Server(BENCH_INI)
            try:
                walk_catalog_first = f"{server.base}/catalog.{ext}?profiles={profile}"
                import requests

                requests.get(walk_catalog_first, timeout=600)  # warm-up (not measured)
                base_mem = server.memory_kib()
                # ours: the first walk fills the fragment cache (Turtle); it is reported
                # as the cold walk, the medians are of the walks after it (steady state:
                # fragments are refreshed by content, see ckanext/jena/dcatde/fragments.py)
                cold = walk_catalog(server.base, ext, profile) if side == "ours" else None
                runs = [walk_catalog(server.base, ext, profile) for _ in range(cfg["export_reps"])]
                mem = server.memory_kib()
            finally:
                server.stop()
            row[side] = {
                "profile": profile,
                "seconds_median": round(statistics.median(r["seconds"] for r in runs), 3),
                "seconds_all": [round(r["seconds"], 3) for r in runs],
                "bytes": runs[0]["bytes"],
                "pages": runs[0]["pages"],
                "rss_after_warmup_mib": round(base_mem["VmRSS"] / 1024, 1),
                "peak_rss_mib": round(mem["VmHWM"] / 1024, 1),
            }
            if cold is not None:
                row[side]["cold_walk_seconds"] = round(cold["seconds"], 3)
            log(
                f"  export .{ext} {profile}: {row[side]['seconds_median']} s, {row[side]['bytes']} B"
            )
        row["ratio"] = round(row["anchor"]["seconds_median"] / row["ours"]["seconds_median"], 3)
        row["ratio_meaning"] = "anchor time / our time (higher is better)"
        row["ratio_cold"] = round(
            row["anchor"]["seconds_median"] / row["ours"]["cold_walk_seconds"], 3
        )
        row["target"] = ">= 10"
        row["pass"] = row["ratio"] >= 10
        row["memory_growth_mib"] = round(
            row["ours"]["peak_rss_mib"] - row["ours"]["rss_after_warmup_mib"], 1
        )
        figures.append(row)
    return figures


# -------------------------------------------------------------------------- re-harvest
def ensure_org(name: str, title: str) -> str:
    import ckan.plugins.toolkit as tk

    ctx = site_context()
    try:
        return tk.get_action("organization_show")(dict(ctx), {"id": name})["id"]
    except tk.ObjectNotFound:
        return tk.get_action("organization_create")(
            dict(ctx),
            {
                "name": name,
                "title": title,
                "uri": f"https://opendata.jena.de/organization/{name}",
                "email": "opendata@jena.de",
            },
        )["id"]


def create_source(name: str, source_type: str, url: str, org: str, config: dict) -> None:
    import ckan.plugins.toolkit as tk

    tk.get_action("harvest_source_create")(
        site_context(),
        {
            "name": name,
            "title": name,
            "url": url,
            "source_type": source_type,
            "owner_org": ensure_org(org, f"Benchmark {org}"),
            "frequency": "MANUAL",
            "config": json.dumps(config),
        },
    )


def harvest_once(name: str, parse_profiles: str | None = None) -> dict[str, Any]:
    """Run one harvest of source ``name`` in this process (gather, fetch, import, finish).

    ``parse_profiles``: ckanext-dcat's ``dcat_rdf_harvester`` ignores the source's
    ``profiles`` setting and reads ``ckanext.dcat.rdf.profiles``; for the anchor it is set
    to ckanext-dcat's own profile for the duration of its run."""
    import ckan.plugins.toolkit as tk

    from ckanext.jena.harvest import runner

    saved = tk.config.get("ckanext.dcat.rdf.profiles")
    if parse_profiles:
        tk.config["ckanext.dcat.rdf.profiles"] = parse_profiles
    started = time.perf_counter()
    try:
        summary = runner.run_source(name)
    finally:
        tk.config["ckanext.dcat.rdf.profiles"] = saved
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "status": summary.status,
        "added": summary.added,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "errors": summary.errors,
        "messages": summary.messages[:3],
    }


def bench_harvest(cfg: dict[str, Any]) -> list[dict[str, Any]]:
    from catalog_source import CatalogSource
    from ckan.model.license import LicenseRegister

    register = LicenseRegister()
    n = cfg["harvest"]
    src = CatalogSource(
        n,
        licenses=HARVEST_LICENSES,
        license_titles={c: register[c].title for c in HARVEST_LICENSES},
    )
    try:
        jena_cfg = {"allow_private": True, "allowed_hosts": ["127.0.0.1"], "max_pages": 10_000}
        # fresh sources and identifiers per run (a partial rerun --only harvest works on
        # the database of an earlier run)
        stamp = datetime.datetime.now().strftime("%H%M%S")
        names = {"ours": f"bench-ours-{stamp}", "anchor": f"bench-plain-{stamp}"}
        create_source(names["ours"], "jena_dcat", src.url(f"ours{stamp}"), "bench-ours", jena_cfg)
        create_source(names["anchor"], "dcat_rdf", src.url(f"plain{stamp}"), "bench-plain", {})
        runs: dict[str, dict[str, list]] = {"ours": {}, "anchor": {}}
        for side in ("anchor", "ours"):
            r = harvest_once(names[side], PLAIN_PROFILES if side == "anchor" else None)
            runs[side]["first"] = [r]
            log(f"  first harvest {side}: {r['seconds']:.1f} s {r}")
        for _ in range(cfg["harvest_reps"]):
            for side in ("anchor", "ours"):
                r = harvest_once(names[side], PLAIN_PROFILES if side == "anchor" else None)
                runs[side].setdefault("unchanged", []).append(r)
                log(f"  unchanged re-harvest {side}: {r['seconds']:.1f} s")
        # the plain harvester re-imports every record of a changed source (11 min at
        # N=5,000): the 1 %-changed comparison, which has no target, runs once in full mode
        for _ in range(cfg["changed_reps"]):
            src.change(0.01)
            for side in ("anchor", "ours"):
                r = harvest_once(names[side], PLAIN_PROFILES if side == "anchor" else None)
                runs[side].setdefault("changed_1pct", []).append(r)
                log(f"  1% changed re-harvest {side}: {r['seconds']:.1f} s")
    finally:
        src.stop()

    def med(side: str, kind: str) -> float:
        return round(statistics.median(r["seconds"] for r in runs[side][kind]), 3)

    def counts(side: str, kind: str) -> dict[str, Any]:
        last = runs[side][kind][-1]
        return {k: last[k] for k in ("status", "added", "updated", "unchanged", "errors")} | {
            "messages": last["messages"]
        }

    detail = {
        side: {
            kind: {
                "seconds_median": med(side, kind),
                "seconds_all": [round(r["seconds"], 3) for r in runs[side][kind]],
                "last_run": counts(side, kind),
            }
            for kind in runs[side]
        }
        for side in runs
    }
    figures = [
        {
            "figure": "reharvest_unchanged_vs_our_first",
            "N": n,
            "ours": detail["ours"]["unchanged"],
            "anchor_name": "our first harvest",
            "anchor": detail["ours"]["first"],
            "ratio": round(med("ours", "first") / med("ours", "unchanged"), 3),
            "ratio_meaning": "our first harvest time / our unchanged re-harvest time",
            "target": ">= 10",
        },
        {
            "figure": "reharvest_unchanged_vs_plain",
            "N": n,
            "ours": detail["ours"]["unchanged"],
            "anchor_name": "dcat_rdf_harvester unchanged re-harvest",
            "anchor": detail["anchor"]["unchanged"],
            "ratio": round(med("anchor", "unchanged") / med("ours", "unchanged"), 3),
            "ratio_meaning": "plain re-harvest time / our re-harvest time",
            "target": ">= 5",
        },
        {
            "figure": "reharvest_1pct_changed_vs_plain",
            "N": n,
            "ours": detail["ours"]["changed_1pct"],
            "anchor_name": "dcat_rdf_harvester 1% changed re-harvest",
            "anchor": detail["anchor"]["changed_1pct"],
            "ratio": round(med("anchor", "changed_1pct") / med("ours", "changed_1pct"), 3),
            "ratio_meaning": "plain time / our time (no target in the issue)",
            "target": None,
        },
        {
            "figure": "first_harvest_vs_plain",
            "N": n,
            "ours": detail["ours"]["first"],
            "anchor_name": "dcat_rdf_harvester first harvest",
            "anchor": detail["anchor"]["first"],
            "ratio": round(med("anchor", "first") / med("ours", "first"), 3),
            "ratio_meaning": "plain time / our time (>= 1: ours no slower)",
            "target": ">= 1",
        },
    ]
    for f in figures:
        f["pass"] = None if f["target"] is None else f["ratio"] >= float(f["target"].split()[-1])
    return figures


# -------------------------------------------------------------------------- validation
def finding_keys(report_graph: Any) -> list[tuple]:
    from ckanext.jena.dcatde import validation

    return sorted(validation.finding_key(f) for f in validation._findings(report_graph))


def plain_pyshacl(data: Any, run: str) -> tuple[bool, list[tuple]]:
    """The reference: pySHACL's own ``validate`` over the same shapes and the data merged
    with every vocabulary triple (no caching, no closure)."""
    import pyshacl

    from ckanext.jena.dcatde import validation

    dg = validation.build_data_graph(data, full_merge=True, run=run)
    conforms, report, _ = pyshacl.validate(
        dg,
        shacl_graph=validation.shapes_graph(run),
        inference="none",
        allow_infos=True,
        allow_warnings=True,  # conforms = no sh:Violation, as validation.Report.conforms
    )
    return conforms, finding_keys(report)


def bench_validation(cfg: dict[str, Any]) -> list[dict[str, Any]]:
    import ckan.plugins.toolkit as tk

    from ckanext.jena.dcatde import logic, validation

    run = logic.default_run()
    profile = logic.RUN_PROFILE[run]
    ctx = site_context()
    t0 = time.perf_counter()
    validation.warm_up([run])
    warm = time.perf_counter() - t0
    rows = tk.get_action("package_search")(
        dict(ctx),
        {"q": "*:*", "rows": cfg["validation_sample"], "sort": "metadata_modified asc"},
    )["results"]
    latencies, violations = [], 0
    for pkg in rows:
        started = time.perf_counter()
        report = logic.validate_dataset(pkg, run)
        latencies.append(time.perf_counter() - started)
        violations += report.violations
    # equality with a plain pySHACL run on a sample
    same, compared = 0, rows[:5]
    for pkg in compared:
        graph = logic.dataset_graph(pkg, profile)
        ours = validation.validate_graph(graph, run)
        conforms, keys = plain_pyshacl(graph, run)
        ours_keys = sorted(validation.finding_key(f) for f in ours.findings)
        same += int(ours_keys == keys and ours.conforms == conforms)
    # whole catalogue, as `ckan jena validate` does it: chunks on two processes
    from rdflib import Graph

    from ckanext.jena.dcatde import chunked

    started = time.perf_counter()
    counter = [0]
    catalog_report = chunked.validate_chunks(
        logic.catalog_chunks(profile, chunked.DEFAULT_CHUNK_SIZE, counter),
        run,
        contributor_id=logic.contributor_id(),
        processes=2,
    )
    whole = time.perf_counter() - started
    # equality with one plain pySHACL run over the union of the first chunks
    sample_chunks = []
    for datasets in logic.public_dataset_batches(cfg["validation_whole_sample"] // 3):
        sample_chunks.append(logic.catalog_graph(datasets, profile).serialize(format="nt"))
        if len(sample_chunks) == 3:
            break
    merged = chunked.validate_chunks(sample_chunks, run, processes=2)
    union = Graph()
    for text in sample_chunks:
        union.parse(data=text, format="nt")
    plain_conforms, plain_keys = plain_pyshacl(union, run)
    sample_equal = merged.conforms == plain_conforms and sorted(
        validation.finding_key(f) for f in merged.findings
    ) == sorted(set(plain_keys))
    p95 = percentile(latencies, 0.95)
    return [
        {
            "figure": "validation_per_dataset",
            "N": len(latencies),
            "run": run,
            "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1),
            "warm_up_seconds": round(warm, 2),
            "violations_in_sample": violations,
            "equal_to_plain_pyshacl": f"{same}/{len(compared)}",
            "target": "p95 < 250 ms",
            "pass": p95 < 0.25 and same == len(compared),
        },
        {
            "figure": "validation_whole_catalog",
            "N": counter[0],
            "run": run,
            "seconds": round(whole, 2),
            "chunk_size": chunked.DEFAULT_CHUNK_SIZE,
            "processes": 2,
            "violations": catalog_report.violations,
            "warnings": catalog_report.count("Warning"),
            "equal_to_plain_pyshacl_on_sample": f"{sum(len(c) > 0 for c in sample_chunks)} chunks"
            f" ({cfg['validation_whole_sample']} datasets): {sample_equal}",
            "target": "< 600 s (10 min), equal to plain pySHACL",
            "pass": whole < 600 and sample_equal,
        },
    ]


# ------------------------------------------------------------------- search and pages
def load(urls: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` threads request ``urls`` round-robin for ``seconds`` (bounded: at most
    100,000 requests); returns throughput and latency percentiles."""
    import requests

    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(k: int) -> None:
        session = requests.Session()
        i = k
        while time.perf_counter() < deadline and len(latencies) < 100_000:
            url = urls[i % len(urls)]
            i += clients
            started = time.perf_counter()
            try:
                ok = session.get(url, timeout=60).status_code == 200
            except requests.RequestException:
                ok = False
            took = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(took)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": round(wall, 2),
        "throughput_rps": round(len(latencies) / wall, 2),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
    }


def bench_search(cfg: dict[str, Any]) -> list[dict[str, Any]]:
    import ckan.plugins.toolkit as tk

    names = [
        r["name"]
        for r in tk.get_action("package_search")(
            site_context(), {"q": "*:*", "rows": 50, "sort": "name desc"}
        )["results"]
    ]
    facets = json.dumps(["organization", "tags", "res_format", "license_id", "groups"])
    terms = ["*:*", "Jena", "Baumkataster", "Verkehr", "Haushalt", "Luftqualität", "Kita"]
    paths = {
        "search_api": [
            f"/api/3/action/package_search?q={t}&rows=20&facet.field={facets}" for t in terms
        ],
        "dataset_page": [f"/dataset/{n}" for n in names],
    }
    core_env = service_env()
    core_env.pop("CKAN__PLUGINS", None)
    measured: dict[str, dict[str, Any]] = {}
    for side, ini, env in (("anchor", CORE_INI, core_env), ("ours", BENCH_INI, None)):
        server = Server(ini, env)
        try:
            for kind, rel in paths.items():
                urls = [server.base + p for p in rel]
                load(urls, 4, 2)  # warm-up
                reps = [load(urls, 16, cfg["load_seconds"]) for _ in range(cfg["reps"])]
                best = sorted(reps, key=lambda r: r["throughput_rps"])[len(reps) // 2]
                measured.setdefault(kind, {})[side] = {
                    "throughput_rps_median": best["throughput_rps"],
                    "p95_ms_of_median_run": best["p95_ms"],
                    "runs": reps,
                }
                log(f"  {kind} {side}: {best['throughput_rps']} req/s, p95 {best['p95_ms']} ms")
        finally:
            server.stop()
    figures = []
    for kind, sides in measured.items():
        ratio = sides["ours"]["throughput_rps_median"] / max(
            sides["anchor"]["throughput_rps_median"], 1e-9
        )
        figures.append(
            {
                "figure": f"{kind}_16_clients",
                "N": cfg["datasets"],
                "ours": sides["ours"],
                "anchor_name": "same CKAN, core plugins only (bench/core.ini)",
                "anchor": sides["anchor"],
                "ratio": round(ratio, 3),
                "ratio_meaning": "our throughput / core throughput",
                "target": ">= 0.9",
                "pass": ratio >= 0.9,
            }
        )
    return figures


# ------------------------------------------------------------ 1 vs 2 fetch consumers
def consumers_run(src: Any, prefix: str, fetchers: int, timeout: float) -> dict[str, Any]:
    """First harvest of a fresh source through ckanext-harvest's Redis queue: one gather
    consumer and ``fetchers`` fetch consumers as processes of their own."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.harvest.model import HarvestJob, HarvestObject

    name = f"bench-{prefix}"
    jena_cfg = {"allow_private": True, "allowed_hosts": ["127.0.0.1"], "max_pages": 10_000}
    create_source(name, "jena_dcat", src.url(prefix), "bench-consumers", jena_cfg)
    source_id = model.Package.get(name).id
    ckan_cmd("harvester", "purge-queues")
    env = service_env()
    procs, logs = [], []
    for role in ["gather"] + ["fetch"] * fetchers:
        lf = open(LOGS / f"{name}-{role}-{len(procs)}.log", "w")
        logs.append(lf)
        procs.append(
            subprocess.Popen(
                # the portal's consumer command: ckanext-harvest's own consumers end
                # after 5 idle seconds with redis-py 8 (see ckanext/jena/harvest/cli.py)
                [CKAN, "-c", str(BENCH_INI), "jena", "harvest", "consumer", role],
                env=env,
                cwd=ROOT,
                stdout=lf,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    try:
        time.sleep(8)  # the consumers load CKAN before they listen
        started = time.perf_counter()
        job = tk.get_action("harvest_job_create")(
            site_context(), {"source_id": source_id, "run": True}
        )
        done, total = 0, None
        while time.perf_counter() - started < timeout:
            time.sleep(0.5)
            model.Session.remove()
            j = model.Session.get(HarvestJob, job["id"])
            objs = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == j.id)
            total = objs.count()
            done = objs.filter(HarvestObject.state.in_(["COMPLETE", "ERROR"])).count()
            if j.gather_finished and total and done == total:
                break
        seconds = time.perf_counter() - started
        errors = (
            model.Session.query(HarvestObject)
            .filter(HarvestObject.harvest_job_id == job["id"], HarvestObject.state == "ERROR")
            .count()
        )
        tk.get_action("harvest_jobs_run")(site_context(), {"source_id": source_id})
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        for lf in logs:
            lf.close()
    return {
        "fetch_consumers": fetchers,
        "records": total,
        "done": done,
        "errors": errors,
        "seconds": round(seconds, 2),
        "records_per_second": round(done / seconds, 2) if seconds else None,
        "complete": bool(total) and done == total,
    }


def bench_consumers(cfg: dict[str, Any]) -> list[dict[str, Any]]:
    from catalog_source import CatalogSource

    n = cfg["consumer_records"]
    src = CatalogSource(n, licenses=HARVEST_LICENSES)
    try:
        run_id = uuid.uuid4().hex[:6]  # fresh sources (and identifiers) on every run
        one = consumers_run(src, f"consumers-1-{run_id}", 1, timeout=max(600, n * 3))
        log(f"  1 fetch consumer: {one}")
        two = consumers_run(src, f"consumers-2-{run_id}", 2, timeout=max(600, n * 3))
        log(f"  2 fetch consumers: {two}")
    finally:
        src.stop()
    ratio = two["records_per_second"] / one["records_per_second"]
    return [
        {
            "figure": "harvest_throughput_2_vs_1_fetch_consumers",
            "N": n,
            "ours": two,
            "anchor_name": "1 fetch consumer",
            "anchor": one,
            "ratio": round(ratio, 3),
            "ratio_meaning": "records/s with 2 fetch consumers / with 1 (first harvest, 2 cores)",
            "target": None,
            "pass": None,
        }
    ]


# ------------------------------------------------------------------------------ report
def machine_info() -> dict[str, Any]:
    import ckan

    model_name = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model_name = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_kib = int(line.split()[1])
    git = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model_name,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "ckan": ckan.__version__,
        "platform": platform.platform(),
        "git_commit": git,
        "git_dirty": dirty,
    }


def fmt_side(side: Any) -> str:
    if not isinstance(side, dict):
        return ""
    for key in ("seconds_median", "throughput_rps_median", "records_per_second"):
        if key in side:
            unit = {"seconds_median": "s", "throughput_rps_median": "req/s"}.get(key, "rec/s")
            return f"{side[key]} {unit}"
    return ""


def print_table(figures: list[dict[str, Any]]) -> None:
    head = f"{'figure':44} {'N':>6} {'ours':>14} {'anchor':>14} {'ratio':>8} {'target':>14}  result"
    print()
    print(head)
    print("-" * len(head))
    for f in figures:
        if "ratio" in f:
            ours, anchor, ratio = fmt_side(f.get("ours")), fmt_side(f.get("anchor")), f["ratio"]
        elif f["figure"] == "validation_per_dataset":
            ours, anchor = f"p95 {f['p95_ms']} ms", f"p50 {f['p50_ms']} ms"
            ratio = f["equal_to_plain_pyshacl"]
        else:
            ours, anchor, ratio = f"{f.get('seconds')} s", "", ""
        result = {True: "PASS", False: "MISS", None: "-"}[f.get("pass")]
        target = f.get("target") or "-"
        print(
            f"{f['figure']:44} {f['N']:>6} {ours:>14} {anchor:>14} {ratio!s:>8} {target:>14}  {result}"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small N (make bench-quick)")
    parser.add_argument(
        "--only",
        default="seed,export,validation,search,consumers,harvest",
        help="comma-separated parts to run (seed is needed once per database reset)",
    )
    parser.add_argument("--datasets", type=int, help="override N of the seeded catalogue")
    parser.add_argument("--harvest", type=int, help="override N of the harvested source")
    parser.add_argument(
        "--harvest-reps", type=int, help="override the repetitions of the re-harvests"
    )
    args = parser.parse_args()
    cfg = dict(QUICK if args.quick else FULL)
    if args.datasets:
        cfg["datasets"] = args.datasets
    if args.harvest:
        cfg["harvest"] = args.harvest
    if args.harvest_reps:
        cfg["harvest_reps"] = args.harvest_reps
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    if missing_plugins():
        log(f"bench.ini lacks plugins of config/ckan.ini, added for this run: {missing_plugins()}")
    info = machine_info()
    started = time.perf_counter()
    result: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "started_utc": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "config": cfg,
        "machine": info,
        "seeding": None,
        "figures": [],
    }
    previous = RESULTS / "latest.json"
    if "seed" not in parts and previous.exists():
        # a partial run (--only) on the seeded database: keep the other parts' figures
        old = json.loads(previous.read_text())
        if old.get("mode") == result["mode"]:
            result["seeding"] = old.get("seeding")
            result["figures"] = old.get("figures", [])
            result["partial_reruns"] = old.get("partial_reruns", []) + [
                {"parts": parts, "started_utc": result["started_utc"], "machine": info}
            ]
    if "seed" in parts:
        reset_database()
    boot()
    if "seed" in parts:
        log(f"seeding {cfg['datasets']} datasets")
        result["seeding"] = seed(cfg["datasets"])
        log(f"  seeding: {result['seeding']}")
    # every part that reads the seeded catalogue runs before the harvests add to it; the
    # long re-harvest comparison comes last
    steps = [
        ("export", bench_export),
        ("validation", bench_validation),
        ("search", bench_search),
        ("consumers", bench_consumers),
        ("harvest", bench_harvest),
    ]
    for part, func in steps:
        if part in parts:
            log(f"{part} ...")
            t0 = time.perf_counter()
            figures = func(cfg)
            log(f"{part} done in {time.perf_counter() - t0:.0f} s")
            names = {f["figure"] for f in figures}
            result["figures"] = [f for f in result["figures"] if f["figure"] not in names]
            result["figures"].extend(figures)
            out = RESULTS / "latest.json"
            out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    result["seconds_total"] = round(time.perf_counter() - started, 1)
    out = RESULTS / "latest.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    if result["seeding"]:
        s = result["seeding"]
        print(
            f"\nseeding: {s['datasets']} datasets in {s['seconds_total']} s "
            f"(validation of {s['templates_validated']} templates {s['seconds_templates']} s, "
            f"database {s['seconds_database']} s, index {s['seconds_index']} s)"
        )
    print_table(result["figures"])
    print(f"total {result['seconds_total']} s; results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
