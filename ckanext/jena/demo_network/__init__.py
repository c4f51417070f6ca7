"""The embedded demo city network: one small HTTP server on 127.0.0.1 that plays the
systems of the Jena Stadtverbund from recorded content (CKAN-free).

``ckan jena demo network`` (or ``python -m ckanext.jena.demo_network``) starts it; the
registry's demo profile (``harvesters/profiles/demo.yaml``) points every harvest source
at it.
"""
