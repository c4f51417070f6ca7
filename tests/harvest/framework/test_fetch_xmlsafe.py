"""CKAN-free checks of the safe fetcher and the safe XML parser (no CKAN imports)."""

from __future__ import annotations

import pytest

from ckanext.jena.harvest import fetch, xmlsafe
from tests.harvest.framework.server import CityServer, closed_port


@pytest.fixture
def server():
    s = CityServer()
    yield s
    s.close()


def local(**kw):
    return fetch.Fetcher(["127.0.0.1"], allow_private=True, read_timeout=1, connect_timeout=1, **kw)


def test_public_host_resolving_to_private_address_is_refused():
    fetcher = fetch.Fetcher(["opendata.jena.de"], resolver=lambda h, p: ["10.0.0.7"])
    with pytest.raises(fetch.PrivateAddressRefused, match="non-public address 10.0.0.7"):
        fetcher.get("https://opendata.jena.de/api/3/action/package_search")


def test_every_resolved_address_is_checked():
    fetcher = fetch.Fetcher(
        ["opendata.jena.de"], resolver=lambda h, p: ["93.184.216.34", "169.254.169.254"]
    )
    with pytest.raises(fetch.PrivateAddressRefused, match="169.254.169.254"):
        fetcher.check_url("https://opendata.jena.de/")


def test_metadata_address_refused_even_with_allow_private():
    fetcher = fetch.Fetcher(
        ["metadata.internal"], allow_private=True, resolver=lambda h, p: ["169.254.169.254"]
    )
    with pytest.raises(fetch.PrivateAddressRefused, match="never fetched"):
        fetcher.check_url("http://metadata.internal/latest/meta-data/")


@pytest.mark.parametrize(
    "url,error",
    [
        ("ftp://opendata.jena.de/x", fetch.InvalidURL),
        ("https://user:pw@opendata.jena.de/", fetch.InvalidURL),
        ("https://evil.example.org/", fetch.HostNotAllowed),
    ],
)
def test_url_checks(url, error):
    with pytest.raises(error):
        fetch.Fetcher(
            ["opendata.jena.de", "*.jena.de"], resolver=lambda h, p: ["93.184.216.34"]
        ).check_url(url)


def test_wildcard_hosts():
    assert fetch.host_allowed("udp.jena.de", ["*.jena.de"])
    assert fetch.host_allowed("jena.de", ["*.jena.de"])
    assert not fetch.host_allowed("evil-jena.de", ["*.jena.de"])


def test_redirect_hops_are_checked_and_limited(server):
    server.static("/a", b"", status=302, headers={"Location": "/b"})
    server.static("/b", b"", status=302, headers={"Location": "/c"})
    server.static("/c", b'{"ok": true}')
    resp = local().get(server.url("/a"))
    assert resp.json() == {"ok": True} and len(resp.redirects) == 2
    with pytest.raises(fetch.TooManyRedirects):
        local(max_redirects=1).get(server.url("/a"))
    server.static("/d", b"", status=302, headers={"Location": "http://169.254.169.254/"})
    with pytest.raises(fetch.HostNotAllowed, match="169.254.169.254"):
        local().get(server.url("/d"))


def test_size_cap_declared_and_streamed(server):
    server.static("/big", b"x" * 5000)
    with pytest.raises(fetch.ResponseTooLarge, match="declares 5000 bytes"):
        local(max_bytes=1000).get(server.url("/big"))
    server.static("/stream", b"x" * 5000, headers={"Content-Length": None})
    with pytest.raises(fetch.ResponseTooLarge, match="exceeds the limit of 1000 bytes"):
        local(max_bytes=1000).get(server.url("/stream"))


def test_timeouts_and_refused(server):
    server.static("/slow", b"{}", delay=1.5)
    with pytest.raises(fetch.FetchTimeout, match="read timeout"):
        local().get(server.url("/slow"))
    with pytest.raises(fetch.ConnectionFailed, match="connection refused"):
        local().get(f"http://127.0.0.1:{closed_port()}/")


def test_http_error_and_conditional_request(server):
    server.static("/gone", b"", status=410)
    with pytest.raises(fetch.HTTPStatusError) as e:
        local().get(server.url("/gone"))
    assert e.value.status == 410

    def conditional(_p, _q, headers):
        if headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Tue, 18 Nov 2025 08:00:00 GMT"}, b"data"

    server.route("/cond", conditional)
    first = local().get(server.url("/cond"))
    assert first.etag == '"v1"' and first.last_modified.startswith("Tue")
    second = local().get(server.url("/cond"), etag=first.etag)
    assert second.not_modified and second.content == b""


def test_strict_decoding():
    assert fetch.decode_text("Straße".encode()) == "Straße"
    with pytest.raises(fetch.UndecodableText, match="byte b'\\\\xdf' at offset 4"):
        fetch.decode_text("Straße".encode("latin-1"), "utf-8")


def test_xml_without_dtd_entities_or_network():
    with pytest.raises(xmlsafe.UnsafeXML):
        xmlsafe.parse_xml(b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://169.254.169.254/">]><x>&e;</x>')
    with pytest.raises(xmlsafe.UnsafeXML):
        xmlsafe.parse_xml('<!DOCTYPE x [<!ENTITY e "a">]><x>&e;</x>'.encode("utf-16"))
    with pytest.raises(xmlsafe.InvalidXML):
        xmlsafe.parse_xml(b"<x><y></x>")
    with pytest.raises(xmlsafe.InvalidXML):
        xmlsafe.parse_xml(b"")
    assert xmlsafe.parse_xml(b"<x>ok</x>").text == "ok"


def test_html_sanitising():
    assert (
        xmlsafe.sanitize_text("<b>Baum</b>kataster &amp; <script>x()</script>Jena")
        == "Baumkataster & Jena"
    )
    md = xmlsafe.sanitize_markdown(
        'Text <a href="javascript:x()" onclick="y()">Link</a> '
        '<img src=x onerror=alert(1)> <iframe src="//x"></iframe>'
    )
    assert "javascript" not in md and "onclick" not in md and "onerror" not in md
    assert "iframe" not in md and "Link" in md


def test_rdf_xml_is_checked_before_rdflib_sees_it():
    from ckanext.jena.harvest.dcat.client import parse_page

    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:dct="http://purl.org/dc/terms/"><rdf:Description rdf:about="http://x/d">'
        b"<dct:title>&b;</dct:title></rdf:Description></rdf:RDF>"
    )
    with pytest.raises(xmlsafe.UnsafeXML):
        parse_page(bomb, "xml", "http://127.0.0.1/catalog.rdf")
    with pytest.raises(fetch.InvalidContent, match="invalid RDF"):
        parse_page(b"<a> <b> .", "turtle", "http://127.0.0.1/catalog.ttl")
    ok = parse_page(
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:dct="http://purl.org/dc/terms/"><rdf:Description rdf:about="http://x/d">'
        b"<dct:title>Baumkataster</dct:title></rdf:Description></rdf:RDF>",
        "xml",
        "http://127.0.0.1/catalog.rdf",
    )
    assert len(ok) == 1
