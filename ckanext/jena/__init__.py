"""ckanext-jena: the open data portal of the city of Jena on CKAN.

Each plugin lives in its own subpackage (``theme``, ``schema``, ``dcatde``,
``harvest``, ...); this package holds nothing but shared, CKAN-free helpers.
"""
