"""Safe XML parsing and text sanitising for harvested content (CKAN-free).

- :func:`parse_xml` parses with lxml with no DTD loading, no entity expansion, no
  network access, and refuses documents whose DOCTYPE declares entities (XXE, "billion
  laughs") with :class:`UnsafeXML`; malformed XML raises :class:`InvalidXML`.
- :func:`check_xml_safe` does the same check for XML handed to another parser (rdflib's
  RDF/XML parser) without keeping the tree.
- :func:`sanitize_text` removes HTML from harvested plain text (titles, keywords);
  :func:`sanitize_markdown` removes unsafe HTML from descriptions while keeping simple
  formatting tags.
"""

from __future__ import annotations

import html
import re

import nh3
from lxml import etree

from ckanext.jena.harvest.fetch import InvalidContent


class InvalidXML(InvalidContent):
    pass


class UnsafeXML(InvalidContent):
    pass


_DOCTYPE_ENTITY = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.S | re.I)
_DOCTYPE_ENTITY_UTF16 = ("<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(data: bytes, url: str = "") -> etree._Element:
    """Parse ``data`` safely; return the root element."""
    where = f" from {url}" if url else ""
    if not data or not data.strip():
        raise InvalidXML(f"empty XML document{where}", url)
    if _DOCTYPE_ENTITY.search(data) or any(m in data for m in _DOCTYPE_ENTITY_UTF16):
        raise UnsafeXML(
            f"XML document{where} declares entities in its DOCTYPE (refused: "
            "XXE / entity expansion)",
            url,
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as e:
        raise InvalidXML(f"invalid XML{where}: {e}", url) from e
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXML(f"XML document{where} declares entities in its DOCTYPE (refused)", url)
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise UnsafeXML(f"XML document{where} uses unresolved entity {node.text!r}", url)
    return root


def check_xml_safe(data: bytes, url: str = "") -> None:
    """Raise InvalidXML/UnsafeXML unless ``data`` is well-formed XML without entity
    declarations (call before handing XML to parsers that expand entities)."""
    parse_xml(data, url)


_TEXT_TAGS: set[str] = set()
_MARKDOWN_TAGS = {"a", "b", "br", "code", "em", "i", "li", "ol", "p", "pre", "strong", "ul"}


def sanitize_text(value: str | None) -> str:
    """Plain text: HTML tags (and script/style content) removed, entities decoded,
    whitespace collapsed."""
    if not value:
        return ""
    if "<" in value or "&" in value:
        value = html.unescape(nh3.clean(value, tags=_TEXT_TAGS))
    return re.sub(r"\s+", " ", value).strip()


def sanitize_markdown(value: str | None) -> str:
    """Description text: unsafe HTML removed (scripts, event handlers, styles, iframes),
    simple formatting tags and links (http/https/mailto) kept."""
    if not value:
        return ""
    if "<" not in value:
        return value.strip()
    cleaned = nh3.clean(
        value,
        tags=_MARKDOWN_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
    )
    # nh3 escapes characters that Markdown needs as such
    return cleaned.replace("&gt;", ">").replace("&amp;", "&").strip()
