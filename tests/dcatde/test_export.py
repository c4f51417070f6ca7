"""Export: both profiles pass their validation run with zero violations, and every
schema field appears as the triples DCAT-AP.de 3.0 / 2.0 expect."""

from __future__ import annotations

import os

import pytest
from ckan.tests import helpers
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS, XSD

from ckanext.jena.dcatde import logic, validation
from ckanext.jena.dcatde.mapping import (
    ADMS,
    DCAT,
    DCATAP,
    DCATDE,
    DCT,
    FOAF,
    GEODCATAP,
    GSP,
    LOCN,
    SPDX,
    VCARD,
)
from tests.dcatde.conftest import T, registration_of

PLACEHOLDER = "http://dcat-ap.de/def/contributors/stadtJena"
BASE = "http://test.ckan.net"

# Warnings that remain, per run and dataset, and why (everything else must be silent):
EXPECTED_WARNINGS = {
    "v30_de_spec": {
        # The maximal dataset fills dcatde:legalBasis and dcatde:qualityProcessURI.
        # DCAT-AP.de 3.0 deprecates both (Warning "soll nicht mehr verwendet werden")
        # without a successor for their value types (free-text legal basis; a quality
        # process page), and the schema has the fields; GovData's 2.0 path needs them.
        "maximal": [
            "http://dcat-ap.de/def/dcatde/legalBasis",
            "http://dcat-ap.de/def/dcatde/qualityProcessURI",
        ],
    },
    "v20_de_spec_implr": {
        # GovData's convention KXX recommends keywords; the minimal dataset, the WFS
        # dataset and the series have none (tags are optional in the schema).
        "minimal": ["http://www.w3.org/ns/dcat#keyword"],
        "dataservice": ["http://www.w3.org/ns/dcat#keyword"],
        "series": ["http://www.w3.org/ns/dcat#keyword"],
    },
}
# Infos: v20 recommends a distribution for every dcat:Dataset; a series has none (in
# DCAT-AP 3 a dcat:DatasetSeries never has distributions).
EXPECTED_INFOS = {"v20_de_spec_implr": {"series": ["http://www.w3.org/ns/dcat#distribution"]}}


def _show(d):
    return helpers.call_action("package_show", id=d["id"])


def _graph(d, profile="jena_dcat_ap_de"):
    return logic.dataset_graph(_show(d), profile)


def _uri(d) -> URIRef:
    return URIRef(f"{BASE}/dataset/{d['id']}")


def _one(g, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


@pytest.mark.usefixtures("with_request_context")
def test_every_dataset_validates_with_zero_violations(jena_datasets):
    registration = registration_of(PLACEHOLDER)
    timings = []
    for run in ("v30_de_spec", "v20_de_spec_implr"):
        for kind, d in jena_datasets.items():
            graph = _graph(d, logic.RUN_PROFILE[run])
            report = validation.validate_graph(
                graph, run, extra_vocabulary=registration, contributor_id=PLACEHOLDER
            )
            timings.append(report.seconds)
            assert report.violations == 0, f"{kind} {run}\n{report.to_text()}"
            warnings = sorted(f.path for f in report.findings if f.severity == "Warning")
            assert warnings == EXPECTED_WARNINGS[run].get(kind, []), f"{kind} {run}"
            infos = sorted(f.path for f in report.findings if f.severity == "Info")
            assert infos == EXPECTED_INFOS.get(run, {}).get(kind, []), f"{kind} {run}"
            assert report.contributor["registered"] is False  # stated only for the check
    assert max(timings) < 2.0


@pytest.mark.usefixtures("with_request_context")
def test_whole_catalogue_validates_in_both_flavours(jena_datasets):
    datasets = logic.public_datasets()
    assert len(datasets) == len(jena_datasets)
    for run in ("v30_de_spec", "v20_de_spec_implr"):
        graph = logic.catalog_graph(datasets, logic.RUN_PROFILE[run])
        report = validation.validate_graph(
            graph, run, extra_vocabulary=registration_of(PLACEHOLDER), contributor_id=PLACEHOLDER
        )
        assert report.violations == 0, report.to_text()
        expected = sum(len(v) for v in EXPECTED_WARNINGS[run].values())
        assert report.count("Warning") == expected
        # without the registration: the contributor finding, not a SHACL violation
        honest = validation.validate_graph(graph, run, contributor_id=PLACEHOLDER)
        assert honest.violations == 0
        if run == "v20_de_spec_implr":
            assert len(honest.contributor["affected_datasets"]) == len(jena_datasets)


@pytest.mark.usefixtures("with_request_context")
class TestTriples:
    """Triple-level checks of every field of doc/dataset-fields.rst in both flavours."""

    @pytest.fixture
    def graphs(self, jena_datasets, with_request_context):
        d = jena_datasets["maximal"]
        return d, _graph(d, "jena_dcat_ap_de"), _graph(d, "jena_dcat_ap_de_2")

    def test_core_fields(self, graphs):
        d, g3, g2 = graphs
        ds = _uri(d)
        for g in (g3, g2):
            assert (ds, RDF.type, DCAT.Dataset) in g
            assert _one(g, ds, DCT.title) == Literal("Parkplatzbelegung in Jena")
            assert str(_one(g, ds, DCT.description)).startswith("Freie Stellplätze")
            assert {str(k) for k in g.objects(ds, DCAT.keyword)} == {
                "Parken",
                "Verkehr",
                "Echtzeit",
            }
            assert _one(g, ds, DCT.identifier) == Literal(d["identifier"])
            assert _one(g, ds, DCAT.landingPage) == URIRef("https://www.jena.de/parken")
            assert _one(g, ds, FOAF.page) == URIRef("https://opendata.jena.de/doku/parken.pdf")
            assert set(g.objects(ds, DCT.language)) == {
                URIRef(T + "language/DEU"),
                URIRef(T + "language/ENG"),
            }
            assert _one(g, ds, ADMS.versionNotes) == Literal("Neue Parkhäuser am Inselplatz.")
            assert _one(g, ds, DCT.issued) == Literal("2019-05-02", datatype=XSD.date)
            assert _one(g, ds, DCT.modified) == Literal(
                "2025-11-20T08:30:00", datatype=XSD.dateTime
            )
            assert _one(g, ds, DCAT.theme) == URIRef(T + "data-theme/TRAN")
            assert _one(g, ds, DCATAP.hvdCategory) == URIRef("http://data.europa.eu/bna/c_b79e35eb")
            assert _one(g, ds, DCATAP.applicableLegislation) == URIRef(
                "http://data.europa.eu/eli/reg_impl/2023/138/oj"
            )
            assert _one(g, ds, DCT.accessRights) == URIRef(T + "access-right/PUBLIC")
            assert _one(g, ds, DCT.accrualPeriodicity) == URIRef(T + "frequency/UPDATE_CONT")
            period = _one(g, ds, DCT.temporal)
            assert _one(g, period, DCAT.startDate) == Literal("2019-01-01", datatype=XSD.date)
            assert _one(g, period, DCAT.endDate) == Literal("2025-12-31", datatype=XSD.date)
            assert _one(g, ds, DCAT.temporalResolution) == Literal("PT1M", datatype=XSD.duration)
            assert _one(g, ds, DCT.conformsTo) == URIRef("https://www.datex2.eu/")
            assert _one(g, ds, DCT.relation) == URIRef("https://opendata.jena.de/dataset/parken")
            assert _one(g, ds, DCATDE.politicalGeocodingLevelURI) == URIRef(
                "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
            )
            assert _one(g, ds, DCATDE.legalBasis) == Literal(
                "Thüringer Transparenzgesetz (ThürTG) § 6"
            )
            assert _one(g, ds, DCATDE.qualityProcessURI) == URIRef(
                "https://opendata.jena.de/qualitaet"
            )
            assert _one(g, ds, DCATDE.contributorID) == URIRef(PLACEHOLDER)

    def test_version_by_flavour(self, graphs):
        d, g3, g2 = graphs
        ds = _uri(d)
        assert _one(g3, ds, DCAT.version) == Literal("2.1")
        assert (ds, OWL.versionInfo, None) not in g3
        assert _one(g2, ds, OWL.versionInfo) == Literal("2.1")
        assert (ds, DCAT.version, None) not in g2

    def test_publisher_is_the_organization_as_agent(self, graphs):
        d, g3, g2 = graphs
        for g in (g3, g2):
            pub = _one(g, _uri(d), DCT.publisher)
            assert pub == URIRef("https://opendata.jena.de/organization/umweltschutz")
            assert (pub, RDF.type, FOAF.Agent) in g and (pub, RDF.type, FOAF.Organization) in g
            assert _one(g, pub, FOAF.name) == Literal("Stadt Jena, Fachdienst Umweltschutz")
            assert _one(g, pub, FOAF.homepage) == URIRef("https://www.jena.de/umwelt")
            assert _one(g, pub, FOAF.mbox) == URIRef("mailto:umweltschutz@jena.de")

    def test_contact_point(self, graphs):
        d, g3, g2 = graphs
        for g in (g3, g2):
            c = _one(g, _uri(d), DCAT.contactPoint)
            assert (c, RDF.type, VCARD.Kind) in g
            assert _one(g, c, VCARD.fn) == Literal("KSJ Verkehrsmanagement")
            assert _one(g, c, VCARD.hasEmail) == URIRef("mailto:verkehr@ksj.de")
            assert _one(g, c, VCARD.hasURL) == URIRef("https://www.ksj.de/kontakt")
            assert _one(g, c, VCARD.hasTelephone) == URIRef("tel:+493641490")

    def test_originator_and_maintainer_by_flavour(self, graphs):
        d, g3, g2 = graphs
        ds = _uri(d)
        ksj = URIRef("https://opendata.jena.de/organization/ksj")
        assert _one(g3, ds, DCT.creator) == ksj and (ds, DCATDE.originator, None) not in g3
        assert _one(g2, ds, DCATDE.originator) == ksj and (ds, DCT.creator, None) not in g2
        for g in (g3, g2):
            assert _one(g, ksj, FOAF.name) == Literal("Kommunal Service Jena")
            assert (ksj, RDF.type, FOAF.Organization) in g
            assert _one(g, ksj, FOAF.mbox) == URIRef("mailto:info@ksj.de")
        m3 = _one(g3, ds, GEODCATAP.custodian)
        m2 = _one(g2, ds, DCATDE.maintainer)
        for g, m in ((g3, m3), (g2, m2)):
            assert _one(g, m, FOAF.name) == Literal("KSJ Verkehrsmanagement")
            assert _one(g, m, FOAF.homepage) == URIRef("https://www.ksj.de/verkehr")

    def test_spatial_by_flavour(self, graphs):
        d, g3, g2 = graphs
        ds = _uri(d)
        jena = URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000")
        wkt = "POLYGON ((11.4996 50.8548, 11.6859 50.8548, 11.6859 50.9851, 11.4996 50.9851, 11.4996 50.8548))"
        for g in (g3, g2):
            assert (ds, DCT.spatial, jena) in g
            loc = next(o for o in g.objects(ds, DCT.spatial) if isinstance(o, BNode))
            assert (loc, RDF.type, DCT.Location) in g
            assert _one(g, loc, DCAT.bbox) == Literal(wkt, datatype=GSP.wktLiteral)
        # 3.0: geometry is a locn:Geometry node (the base shape wants an IRI/blank node)
        loc3 = next(o for o in g3.objects(ds, DCT.spatial) if isinstance(o, BNode))
        geom = _one(g3, loc3, LOCN.geometry)
        assert isinstance(geom, BNode) and (geom, RDF.type, LOCN.Geometry) in g3
        assert _one(g3, geom, GSP.asWKT) == Literal(wkt, datatype=GSP.wktLiteral)
        assert _one(g3, loc3, SKOS.prefLabel) == Literal("Stadtgebiet Jena")
        assert (jena, RDF.type, DCT.Location) in g3
        assert (ds, DCATDE.politicalGeocodingURI, None) not in g3
        # 2.0: literal geometry, politicalGeocodingURI mirrored, geocodingDescription
        loc2 = next(o for o in g2.objects(ds, DCT.spatial) if isinstance(o, BNode))
        assert _one(g2, loc2, LOCN.geometry) == Literal(wkt, datatype=GSP.wktLiteral)
        assert _one(g2, ds, DCATDE.politicalGeocodingURI) == jena
        assert _one(g2, ds, DCATDE.geocodingDescription) == Literal("Stadtgebiet Jena")

    def test_distribution_fields(self, graphs):
        d, g3, g2 = graphs
        pkg = _show(d)
        xml = next(r for r in pkg["resources"] if r["format"] == "XML")
        dist = URIRef(f"{BASE}/dataset/{d['id']}/resource/{xml['id']}")
        for g in (g3, g2):
            assert (_uri(d), DCAT.distribution, dist) in g
            assert _one(g, dist, DCT.title) == Literal("Parkplatzbelegung (XML)")
            assert _one(g, dist, DCT.description) == Literal("Aktuelle Belegung als XML.")
            assert _one(g, dist, DCAT.accessURL) == URIRef(xml["access_url"])
            assert _one(g, dist, DCAT.downloadURL) == URIRef(xml["download_url"])
            assert _one(g, dist, DCT["format"]) == URIRef(T + "file-type/XML")
            assert _one(g, dist, DCAT.mediaType) == URIRef(
                "https://www.iana.org/assignments/media-types/application/xml"
            )
            assert _one(g, dist, DCT.license) == URIRef(
                "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
            )
            assert _one(g, dist, DCATDE.licenseAttributionByText) == Literal(
                "Kommunal Service Jena"
            )
            assert _one(g, dist, DCATAP.availability) == URIRef(T + "planned-availability/STABLE")
            assert _one(g, dist, DCT.issued) == Literal("2019-05-02", datatype=XSD.date)
            assert _one(g, dist, DCT.modified) == Literal("2025-11-20", datatype=XSD.date)
            assert _one(g, dist, DCT.language) == URIRef(T + "language/DEU")
            checksum = _one(g, dist, SPDX.checksum)
            assert (checksum, RDF.type, SPDX.Checksum) in g
            assert _one(g, checksum, SPDX.checksumValue) == Literal(
                xml["hash"], datatype=XSD.hexBinary
            )
        # the contradictions between 2.0 and 3.0
        assert _one(g3, dist, ADMS.status) == URIRef(T + "distribution-status/COMPLETED")
        assert _one(g2, dist, ADMS.status) == URIRef("http://purl.org/adms/status/Completed")
        assert _one(g3, _one(g3, dist, SPDX.checksum), SPDX.algorithm) == URIRef(
            "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
        )
        assert _one(g2, _one(g2, dist, SPDX.checksum), SPDX.algorithm) == URIRef(
            "http://dcat-ap.de/def/hashAlgorithms/sha/256"
        )
        assert _one(g3, dist, DCAT.byteSize) == Literal("48211", datatype=XSD.nonNegativeInteger)
        assert _one(g2, dist, DCAT.byteSize) == Literal("48211", datatype=XSD.decimal)

    def test_licence_on_every_distribution(self, jena_datasets, with_request_context):
        for d in jena_datasets.values():
            for profile in ("jena_dcat_ap_de", "jena_dcat_ap_de_2"):
                g = _graph(d, profile)
                for dist in g.objects(_uri(d), DCAT.distribution):
                    lic = _one(g, dist, DCT.license)
                    assert str(lic).startswith("http://dcat-ap.de/def/licenses/")

    def test_access_service(self, graphs):
        d, g3, g2 = graphs
        for g in (g3, g2):
            service = next(g.subjects(RDF.type, DCAT.DataService))
            dist = next(g.subjects(DCAT.accessService, service))
            assert (_uri(d), DCAT.distribution, dist) in g
            assert _one(g, service, DCT.title) == Literal(
                "Urbane Datenplattform Jena – SensorThings API"
            )
            assert _one(g, service, DCAT.endpointURL) == URIRef(
                "https://udp.jena.de/udp/rest/v1.1/"
            )
            assert _one(g, service, DCAT.endpointDescription) == URIRef(
                "https://udp.jena.de/udp/rest/v1.1/openapi.json"
            )
            assert _one(g, service, DCT.conformsTo) == URIRef(
                "http://www.opengis.net/doc/IS/sensorthings/1.1"
            )
            assert _one(g, service, DCT.publisher) == URIRef(
                "https://opendata.jena.de/organization/umweltschutz"
            )

    def test_series_and_record(self, jena_datasets, graphs):
        d, g3, g2 = graphs
        series = jena_datasets["series"]
        s_uri = _uri(series)
        assert _one(g3, _uri(d), DCAT.inSeries) == s_uri
        assert (s_uri, RDF.type, DCAT.DatasetSeries) in g3
        assert _one(g3, s_uri, DCT.title) == Literal(series["title"])
        gs = _graph(series)
        assert (s_uri, RDF.type, DCAT.DatasetSeries) in gs and (s_uri, RDF.type, DCAT.Dataset) in gs
        assert (s_uri, DCAT.distribution, None) not in gs
        for g, version in ((g3, "3.0"), (g2, "2.0")):
            record = URIRef(f"{_uri(d)}#record")
            assert (record, RDF.type, DCAT.CatalogRecord) in g
            assert _one(g, record, FOAF.primaryTopic) == _uri(d)
            assert _one(g, record, DCT.conformsTo) == URIRef(
                f"http://dcat-ap.de/def/dcatde/{version}/"
            )
            assert _one(g, record, DCT.modified).datatype == XSD.dateTime


@pytest.mark.usefixtures("with_request_context")
def test_catalogue_metadata_comes_from_configuration(jena_datasets):
    g = logic.catalog_graph(logic.public_datasets(), "jena_dcat_ap_de")
    cat = URIRef(BASE)
    assert (cat, RDF.type, DCAT.Catalog) in g
    assert set(g.objects(cat, DCT.title)) == {
        Literal("Offene Daten Jena", lang="de"),
        Literal("Open Data Jena", lang="en"),
    }
    assert len(list(g.objects(cat, DCT.description))) == 2
    assert _one(g, cat, DCT.language) == URIRef(T + "language/DEU")
    assert _one(g, cat, DCT.license) == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
    assert _one(g, cat, DCAT.themeTaxonomy) == URIRef(T + "data-theme")
    pub = _one(g, cat, DCT.publisher)
    assert _one(g, pub, FOAF.name) == Literal("Stadt Jena")
    assert _one(g, pub, FOAF.homepage) == URIRef("https://www.jena.de")
    assert _one(g, pub, DCT.type) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    assert len(list(g.objects(cat, DCAT.record))) == len(jena_datasets)
    assert len(list(g.objects(cat, DCAT.dataset))) == len(jena_datasets)


@pytest.mark.ckan_config(
    "ckanext.jena.dcat.contributor_id", "http://dcat-ap.de/def/contributors/govData"
)
@pytest.mark.ckan_config("ckanext.jena.dcat.publisher_uri", "https://www.jena.de/#stadt")
@pytest.mark.ckan_config("ckanext.jena.dcat.catalog_title_en", "")
@pytest.mark.usefixtures("with_request_context")
def test_catalogue_options_are_read(jena_datasets):
    g = logic.catalog_graph(logic.public_datasets(), "jena_dcat_ap_de_2")
    cat = URIRef(BASE)
    assert list(g.objects(cat, DCT.title)) == [Literal("Offene Daten Jena", lang="de")]
    assert _one(g, cat, DCT.publisher) == URIRef("https://www.jena.de/#stadt")
    ids = set(g.objects(None, DCATDE.contributorID))
    assert ids == {URIRef("http://dcat-ap.de/def/contributors/govData")}
    report = validation.validate_graph(
        g, "v20_de_spec_implr", contributor_id="http://dcat-ap.de/def/contributors/govData"
    )
    assert report.violations == 0 and report.contributor["registered"] is True


@pytest.mark.usefixtures("with_request_context")
def test_uri_is_stable_across_edits(jena_datasets, sysadmin):
    d = jena_datasets["typical"]
    before = logic.dataset_graph(_show(d), "jena_dcat_ap_de")
    helpers.call_action(
        "package_patch",
        {"user": sysadmin["name"]},
        id=d["id"],
        name=d["name"] + "-neu",
        title="Baumkataster (überarbeitet)",
    )
    after = logic.dataset_graph(_show(d), "jena_dcat_ap_de")
    assert (_uri(d), RDF.type, DCAT.Dataset) in before
    assert (_uri(d), RDF.type, DCAT.Dataset) in after
    assert _one(after, _uri(d), DCT.title) == Literal("Baumkataster (überarbeitet)")
    dists_before = set(before.objects(_uri(d), DCAT.distribution))
    assert dists_before == set(after.objects(_uri(d), DCAT.distribution))


@pytest.mark.usefixtures("with_request_context")
def test_uri_is_stable_across_a_reharvest(jena_datasets, sysadmin):
    """A harvester updates the dataset it created (same id) with a freshly mapped dict."""
    d = jena_datasets["maximal"]
    uri = _uri(d)
    fields = {
        k: v
        for k, v in _show(d).items()
        if k not in ("id", "metadata_created", "metadata_modified", "revision_id")
    }
    fields["resources"] = [
        {k: v for k, v in r.items() if k not in ("id", "package_id", "created")}
        for r in fields["resources"]
    ]
    fields["title"] = "Parkplatzbelegung in Jena (neu geerntet)"
    helpers.call_action("package_update", {"user": sysadmin["name"]}, id=d["id"], **fields)
    g = logic.dataset_graph(_show(d), "jena_dcat_ap_de")
    assert (uri, RDF.type, DCAT.Dataset) in g
    assert _one(g, uri, DCT.title) == Literal("Parkplatzbelegung in Jena (neu geerntet)")
    assert _one(g, URIRef(f"{uri}#record"), FOAF.primaryTopic) == uri


@pytest.mark.usefixtures("with_request_context")
def test_url_identifier_stays_a_literal_and_fallbacks(clean_db, clean_index, sysadmin, org):
    from tests.dcatde.conftest import create, minimal_fields

    ident = "https://geoportal.jena.de/ogc/collections/baeume"
    d = create(sysadmin, **{**minimal_fields(org), "identifier": ident})
    pkg = _show(d)
    for profile, run in (("jena_dcat_ap_de", "v30_de_spec"), ("jena_dcat_ap_de_2", "v20_de_spec")):
        g = logic.dataset_graph(pkg, profile)
        assert _one(g, _uri(d), DCT.identifier) == Literal(ident)
        # no landing page given: the dataset's page in the portal
        assert _one(g, _uri(d), DCAT.landingPage) == URIRef(f"{BASE}/dataset/{pkg['name']}")
        # resource url without access_url: dcat:accessURL
        dist = _one(g, _uri(d), DCAT.distribution)
        assert _one(g, dist, DCAT.accessURL) == URIRef(pkg["resources"][0]["url"])
        assert validation.validate_graph(g, run).violations == 0


@pytest.mark.usefixtures("with_request_context")
def test_download_url_only_resource_still_gets_an_access_url(clean_db, clean_index, sysadmin, org):
    """An API client sending url == download_url and no access_url: dcat:accessURL is
    mandatory, so the export gives the download URL as access URL too."""
    from tests.dcatde.conftest import create, minimal_fields

    fields = minimal_fields(org)
    url = "https://opendata.jena.de/data/fahrradabstellanlagen.csv"
    fields["resources"] = [
        {**res, "url": url, "download_url": url, "access_url": ""}
        for res in fields.get("resources") or [{"name": "CSV", "format": "CSV"}]
    ]
    d = create(sysadmin, **fields)
    pkg = _show(d)
    for profile, run in (("jena_dcat_ap_de", "v30_de_spec"), ("jena_dcat_ap_de_2", "v20_de_spec")):
        g = logic.dataset_graph(pkg, profile)
        dist = _one(g, _uri(d), DCAT.distribution)
        assert _one(g, dist, DCAT.accessURL) == URIRef(url)
        assert _one(g, dist, DCAT.downloadURL) == URIRef(url)
        assert validation.validate_graph(g, run).violations == 0


@pytest.mark.usefixtures("with_request_context")
def test_unknown_terms_are_stored_and_exported(clean_db, clean_index, sysadmin, org):
    """Terms an import did not know (``jena_extra_rdf``) survive package_create through
    the scheming schema and come back in the export."""
    from tests.dcatde.conftest import create, minimal_fields

    extra = (
        "@prefix ex: <http://example.org/jena-test#> .\n"
        '<http://example.org/some-record> ex:pruefstatus "geprüft" .\n'
    )
    d = create(sysadmin, **{**minimal_fields(org), "jena_extra_rdf": extra})
    pkg = _show(d)
    assert pkg["jena_extra_rdf"] == extra
    pred = URIRef("http://example.org/jena-test#pruefstatus")
    for profile in ("jena_dcat_ap_de", "jena_dcat_ap_de_2"):
        g = logic.dataset_graph(pkg, profile)
        assert list(g.objects(None, pred)) == [Literal("geprüft")], profile


# Where each schema field shows in the export (3.0 / 2.0), checked against the YAML so
# that a new schema field without a mapping fails here.
DATASET_FIELD_PREDICATES = {
    "title": (DCT.title, DCT.title),
    "name": (DCAT.landingPage, DCAT.landingPage),  # the portal page when `url` is empty
    "notes": (DCT.description, DCT.description),
    "tag_string": (DCAT.keyword, DCAT.keyword),
    "theme": (DCAT.theme, DCAT.theme),
    "hvd_category": (DCATAP.hvdCategory, DCATAP.hvdCategory),
    "identifier": (DCT.identifier, DCT.identifier),
    "url": (DCAT.landingPage, DCAT.landingPage),
    "documentation": (FOAF.page, FOAF.page),
    "language": (DCT.language, DCT.language),
    "version": (DCAT.version, OWL.versionInfo),
    "version_notes": (ADMS.versionNotes, ADMS.versionNotes),
    "in_series": (DCAT.inSeries, DCAT.inSeries),
    "owner_org": (DCT.publisher, DCT.publisher),
    "contact": (DCAT.contactPoint, DCAT.contactPoint),
    "originator": (DCT.creator, DCATDE.originator),
    "maintainer_agent": (GEODCATAP.custodian, DCATDE.maintainer),
    "license_id": None,  # dct:license on every distribution (test_licence_on_every_distribution)
    "license_attribution_by_text": None,  # on every distribution (test_distribution_fields)
    "access_rights": (DCT.accessRights, DCT.accessRights),
    "issued": (DCT.issued, DCT.issued),
    "modified": (DCT.modified, DCT.modified),
    "frequency": (DCT.accrualPeriodicity, DCT.accrualPeriodicity),
    "temporal_coverage": (DCT.temporal, DCT.temporal),
    "temporal_resolution": (DCAT.temporalResolution, DCAT.temporalResolution),
    "spatial": (DCT.spatial, DCT.spatial),
    "political_geocoding_uri": (DCT.spatial, DCATDE.politicalGeocodingURI),
    "political_geocoding_level_uri": (
        DCATDE.politicalGeocodingLevelURI,
        DCATDE.politicalGeocodingLevelURI,
    ),
    "geocoding_description": (DCT.spatial, DCATDE.geocodingDescription),
    "legal_basis": (DCATDE.legalBasis, DCATDE.legalBasis),
    "applicable_legislation": (DCATAP.applicableLegislation, DCATAP.applicableLegislation),
    "conforms_to": (DCT.conformsTo, DCT.conformsTo),
    "quality_process_uri": (DCATDE.qualityProcessURI, DCATDE.qualityProcessURI),
    "related_resource": (DCT.relation, DCT.relation),
}
# portal-internal fields (quality warnings, harvest bookkeeping): not part of DCAT
INTERNAL_FIELDS = {
    "jena_warnings",
    "jena_harvest_source",
    "jena_harvest_hash",
    "jena_source_uri",
    "jena_migration_unmapped",
    "jena_extra_rdf",  # re-emitted as the triples it holds (test_parse)
}
RESOURCE_FIELD_PREDICATES = {
    "url": DCAT.accessURL,
    "name": DCT.title,
    "description": DCT.description,
    "format": DCT["format"],
    "mimetype": DCAT.mediaType,
    "license": DCT.license,
    "access_url": DCAT.accessURL,
    "download_url": DCAT.downloadURL,
    "size": DCAT.byteSize,
    "hash_algorithm": SPDX.checksum,
    "hash": SPDX.checksum,
    "availability": DCATAP.availability,
    "status": ADMS.status,
    "issued": DCT.issued,
    "modified": DCT.modified,
    "language": DCT.language,
    "access_services": DCAT.accessService,
}


def test_every_schema_field_is_exported(jena_datasets, with_request_context):
    import yaml

    from ckanext.jena.schema import __file__ as schema_init

    path = os.path.join(os.path.dirname(schema_init), "schemas", "jena_dataset.yaml")
    with open(path, encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    dataset_fields = {f["field_name"] for f in schema["dataset_fields"]}
    resource_fields = {f["field_name"] for f in schema["resource_fields"]}
    assert dataset_fields - INTERNAL_FIELDS <= set(DATASET_FIELD_PREDICATES), (
        "schema fields without an export mapping: "
        f"{sorted(dataset_fields - INTERNAL_FIELDS - set(DATASET_FIELD_PREDICATES))}"
    )
    assert resource_fields <= set(RESOURCE_FIELD_PREDICATES), sorted(
        resource_fields - set(RESOURCE_FIELD_PREDICATES)
    )
    d = jena_datasets["maximal"]
    for i, profile in enumerate(("jena_dcat_ap_de", "jena_dcat_ap_de_2")):
        g = _graph(d, profile)
        ds = _uri(d)
        for field, preds in DATASET_FIELD_PREDICATES.items():
            if preds is None or field == "name":
                continue
            assert (ds, preds[i], None) in g, (profile, field)
        dists = list(g.objects(ds, DCAT.distribution))
        for field, pred in RESOURCE_FIELD_PREDICATES.items():
            assert any((dist, pred, None) in g for dist in dists), (profile, field)


@pytest.mark.usefixtures("with_request_context")
def test_hvd_on_distributions_and_services(jena_datasets):
    d = jena_datasets["maximal"]
    hvd_reg = URIRef("http://data.europa.eu/eli/reg_impl/2023/138/oj")
    for profile in ("jena_dcat_ap_de", "jena_dcat_ap_de_2"):
        g = _graph(d, profile)
        for dist in g.objects(_uri(d), DCAT.distribution):
            assert (dist, DCATAP.applicableLegislation, hvd_reg) in g
        service = next(g.subjects(RDF.type, DCAT.DataService))
        assert (service, DCATAP.applicableLegislation, hvd_reg) in g
        assert _one(g, service, DCATAP.hvdCategory) == URIRef(
            "http://data.europa.eu/bna/c_b79e35eb"
        )
    g = _graph(jena_datasets["typical"])  # not a high-value dataset
    assert (None, DCATAP.applicableLegislation, None) not in g


def test_catalogue_modified_ignores_private_datasets(app, jena_datasets, sysadmin, org):
    from tests.dcatde.conftest import create, minimal_fields

    create(sysadmin, **{**minimal_fields(org), "private": True})
    newest_public = max(_show(d)["metadata_modified"] for d in jena_datasets.values())
    res = app.get("/catalog.ttl")
    from rdflib import Graph

    g = Graph().parse(data=res.body, format="turtle")
    assert str(_one(g, URIRef(BASE), DCT.modified)) == newest_public
