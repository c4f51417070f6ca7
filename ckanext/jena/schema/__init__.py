"""Plugin ``jena_schema``: the Jena dataset schema (ckanext-scheming), its validators,
search facets and the ``ckan jena migrate`` command."""
