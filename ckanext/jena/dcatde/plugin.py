"""Plugin ``jena_dcatde``: DCAT-AP.de export/import profiles, validation, ``ckan jena validate``.

The RDF profiles themselves are entry points (``ckan.rdf.profiles``: ``jena_dcat_ap_de``,
``jena_dcat_ap_de_2``) used by ckanext-dcat's ``dcat`` plugin.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.jena.dcatde import cli, fragments, logic


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.actions(fragments.get_actions)  # logic's actions, catalogue from fragments
@tk.blanket.auth_functions(logic.get_auth_functions)
@tk.blanket.helpers(fragments.get_helpers)  # schema.org JSON-LD of dataset pages, cached
class JenaDcatdePlugin(p.SingletonPlugin):
    pass
