"""A synthetic DCAT-AP.de source on 127.0.0.1 for the re-harvest benchmarks (no CKAN).

``CatalogSource(n)`` generates ``n`` realistic datasets of a municipal portal (titles,
descriptions, keywords, EU themes, publisher, contact point, dcat-ap.de licences,
political geocoding, temporal coverage, 1-5 distributions with formats and access/download
URLs) and serves them as Turtle pages with hydra paging (``hydra:PagedCollection``,
``hydra:totalItems``, ``hydra:next``) from a small threaded ``http.server``.

Each path prefix (``/ours/``, ``/plain/``, ...) is a catalogue of its own: the same
datasets with IRIs and identifiers under that prefix, so two harvesters can import "the
same source" side by side without their identifiers colliding in the portal.
``change(share)`` edits the title, description and modification date of a share of the
datasets (the same ones under every prefix).
"""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

THEMES = ("SOCI", "ENVI", "TRAN", "REGI", "ECON", "EDUC", "HEAL", "GOVE", "ENER", "AGRI")
FORMATS = (
    ("CSV", "text/csv", "csv"),
    ("GEOJSON", "application/geo+json", "geojson"),
    ("JSON", "application/json", "json"),
    ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("PDF", "application/pdf", "pdf"),
    ("ZIP", "application/zip", "zip"),
)
LICENSES = ("dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0", "cc-zero")
FREQ = ("ANNUAL", "MONTHLY", "WEEKLY", "DAILY", "QUARTERLY", "IRREG")
SUBJECTS = (
    ("Einwohner nach Stadtteilen", "Einwohnerinnen und Einwohner mit Hauptwohnsitz je Stadtteil"),
    ("Baumkataster", "Standorte, Arten und Pflanzjahre der Straßen- und Parkbäume"),
    ("Parkplatzbelegung", "Freie Stellplätze der Parkhäuser und Parkplätze"),
    ("Haltestellen des ÖPNV", "Lage und Ausstattung der Bus- und Straßenbahnhaltestellen"),
    ("Luftqualität", "Messwerte der Luftmessstationen (NO2, PM10, PM2.5)"),
    ("Kindertagesstätten", "Standorte, Träger und Plätze der Kindertagesstätten"),
    ("Wahlergebnisse", "Ergebnisse nach Wahlbezirken"),
    ("Haushaltsplan", "Erträge und Aufwendungen nach Produktbereichen"),
    ("Verkehrszählungen", "Kfz- und Radverkehr an Zählstellen"),
    ("Energieverbrauch städtischer Gebäude", "Strom-, Wärme- und Wasserverbrauch"),
)
PUBLISHERS = (
    ("Stadtverwaltung Jena", "stadtverwaltung-jena"),
    ("Kommunal Service Jena", "kommunalservice-jena"),
    ("Stadtwerke Jena", "stadtwerke-jena"),
    ("Jenaer Nahverkehr", "jenaer-nahverkehr"),
)


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class CatalogSource:
    def __init__(
        self,
        n: int,
        page_size: int = 100,
        seed: int = 8,
        license_titles: dict[str, str] | None = None,
        licenses: tuple[str, ...] = LICENSES,
    ) -> None:
        self.n = n
        self.licenses = licenses
        #: licence code -> title, stated on the licence IRIs (as many catalogues do)
        self.license_titles = license_titles or {}
        self.page_size = page_size
        self.rng = random.Random(seed)
        self.revision = [0] * n
        self.items = [self._item(i) for i in range(n)]
        self._pages: dict[tuple[str, int], bytes] = {}
        self.requests = 0
        self._start()

    # -- data -----------------------------------------------------------------------------
    def _item(self, i: int) -> dict[str, Any]:
        rng = self.rng
        subject, desc = SUBJECTS[i % len(SUBJECTS)]
        year = 2010 + i % 15
        pub = PUBLISHERS[i % len(PUBLISHERS)]
        return {
            "i": i,
            "title": f"{subject} {year} ({i})",
            "desc": f"{desc} in Jena, Stand {year}. Datensatz {i} des Stadtverbunds.",
            "themes": rng.sample(THEMES, rng.randint(1, 2)),
            "keywords": rng.sample(
                ("Jena", "Statistik", "Umwelt", "Verkehr", "Bildung", "Haushalt", "Energie"), 3
            ),
            "license": self.licenses[i % len(self.licenses)],
            "freq": FREQ[i % len(FREQ)],
            "year": year,
            "publisher": pub,
            "dists": [FORMATS[(i + k) % len(FORMATS)] for k in range(1 + i % 5)],
            "issued": f"{year}-0{1 + i % 9}-1{i % 9}",
        }

    def change(self, share: float) -> list[int]:
        """Edit ``share`` of the datasets (the same for every prefix); returns their indexes."""
        count = max(1, round(self.n * share))
        changed = self.rng.sample(range(self.n), count)
        for i in changed:
            self.revision[i] += 1
        self._pages.clear()
        return changed

    def _dataset_ttl(self, prefix: str, it: dict[str, Any]) -> str:
        i = it["i"]
        rev = self.revision[i]
        base = f"https://daten.example-jena.de/{prefix}/dataset/{i}"
        title = it["title"] + (f" – Fassung {rev + 1}" if rev else "")
        desc = it["desc"] + (f" Aktualisiert (Revision {rev})." if rev else "")
        modified = f"2026-{1 + (i + rev) % 12:02d}-{1 + (i + 3 * rev) % 28:02d}T10:00:00"
        pub_title, pub_name = it["publisher"]
        lines = [
            f"<{base}> a dcat:Dataset ;",
            f'  dct:title "{_esc(title)}"@de ;',
            f'  dct:description "{_esc(desc)}"@de ;',
            f'  dct:identifier "{prefix}-{i}" ;',
            "  " + " ;\n  ".join(f'dcat:keyword "{k}"@de' for k in it["keywords"]) + " ;",
            "  "
            + " ;\n  ".join(
                f"dcat:theme <http://publications.europa.eu/resource/authority/data-theme/{t}>"
                for t in it["themes"]
            )
            + " ;",
            f'  dct:issued "{it["issued"]}"^^xsd:date ;',
            f'  dct:modified "{modified}"^^xsd:dateTime ;',
            "  dct:accrualPeriodicity "
            f"<http://publications.europa.eu/resource/authority/frequency/{it['freq']}> ;",
            "  dct:language <http://publications.europa.eu/resource/authority/language/DEU> ;",
            "  dcatde:politicalGeocodingURI "
            "<http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000> ;",
            "  dcatde:politicalGeocodingLevelURI "
            "<http://dcat-ap.de/def/politicalGeocoding/Level/municipality> ;",
            "  dct:temporal [ a dct:PeriodOfTime ; "
            f'dcat:startDate "{it["year"]}-01-01"^^xsd:date ; '
            f'dcat:endDate "{it["year"]}-12-31"^^xsd:date ] ;',
            f"  dct:publisher <https://opendata.jena.de/organization/{pub_name}> ;",
            "  dcat:contactPoint [ a vcard:Organization ; "
            f'vcard:fn "{pub_title}" ; vcard:hasEmail <mailto:opendata@jena.de> ] ;',
            f"  dcat:landingPage <{base}/info> ;",
        ]
        dists = []
        for k, (fmt, media, ext) in enumerate(it["dists"]):
            d = f"{base}/distribution/{k}"
            lines.append(f"  dcat:distribution <{d}> ;")
            dists.append(
                f"<{d}> a dcat:Distribution ;\n"
                f'  dct:title "{_esc(it["title"])} ({fmt})"@de ;\n'
                f"  dcat:accessURL <{base}/data.{ext}> ;\n"
                f"  dcat:downloadURL <{base}/data.{ext}> ;\n"
                f"  dct:format <http://publications.europa.eu/resource/authority/file-type/{fmt}> ;\n"
                f'  dcat:mediaType "{media}" ;\n'
                f"  dct:license <http://dcat-ap.de/def/licenses/{it['license']}> .\n"
            )
        if it["license"] in ("dl-by-de/2.0", "cc-by/4.0"):
            lines.append(f'  dcatde:licenseAttributionByText "{pub_title}" ;')
        lines[-1] = lines[-1][:-2] + " ."
        return "\n".join(lines) + "\n" + "".join(dists)

    def page(self, prefix: str, page: int) -> bytes:
        key = (prefix, page)
        if key in self._pages:
            return self._pages[key]
        pages = max(1, -(-self.n // self.page_size))
        start = (page - 1) * self.page_size
        items = self.items[start : start + self.page_size]
        url = f"{self.base}/{prefix}/catalog.ttl"
        head = [
            "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
            "@prefix dct: <http://purl.org/dc/terms/> .",
            "@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .",
            "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
            "@prefix hydra: <http://www.w3.org/ns/hydra/core#> .",
            "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
            f"<https://daten.example-jena.de/{prefix}/catalog> a dcat:Catalog ;",
            '  dct:title "Offene Daten (Benchmark-Quelle)"@de ;',
            '  dct:description "Synthetischer Katalog für Benchmarks"@de ;',
            "  dct:publisher <https://opendata.jena.de/organization/stadtverwaltung-jena> ;",
        ]
        for it in items:
            head.append(
                f"  dcat:dataset <https://daten.example-jena.de/{prefix}/dataset/{it['i']}> ;"
            )
        head[-1] = head[-1][:-2] + " ."
        paging = [
            f"<{url}?page={page}> a hydra:PagedCollection ;",
            f"  hydra:totalItems {self.n} ;",
            f"  hydra:itemsPerPage {self.page_size} ;",
            f"  hydra:firstPage <{url}?page=1> ;",
            f"  hydra:lastPage <{url}?page={pages}> ;",
        ]
        if page < pages:
            paging.append(f"  hydra:next <{url}?page={page + 1}> ;")
        paging[-1] = paging[-1][:-2] + " ."
        pubs = [
            f'<https://opendata.jena.de/organization/{name}> a foaf:Agent ; foaf:name "{title}" .'
            for title, name in PUBLISHERS
        ]
        lics = [
            f"<http://dcat-ap.de/def/licenses/{code}> a dct:LicenseDocument ; "
            f'dct:title "{_esc(title)}" .'
            for code, title in self.license_titles.items()
        ]
        body = "\n".join(head + paging + pubs + lics) + "\n"
        body += "".join(self._dataset_ttl(prefix, it) for it in items)
        data = body.encode("utf-8")
        self._pages[key] = data
        return data

    # -- server -----------------------------------------------------------------------------
    def _start(self) -> None:
        source = self

        class _H(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                segs = parts.path.strip("/").split("/")
                source.requests += 1
                if len(segs) != 2 or segs[1] != "catalog.ttl":
                    self.send_error(404)
                    return
                page = int((parse_qs(parts.query).get("page") or ["1"])[0])
                body = source.page(segs[0], page)
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, prefix: str) -> str:
        return f"{self.base}/{prefix}/catalog.ttl"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
