"""Plugin ``jena_core``: the ``ckan jena`` command group and the demo content loader."""
