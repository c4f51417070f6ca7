"""Plugin ``jena_dcatde``: DCAT-AP.de export/import profiles, validation, ``ckan jena validate``.

The RDF profiles themselves are entry points (``ckan.rdf.profiles``: ``jena_dcat_ap_de``,
``jena_dcat_ap_de_2``) used by ckanext-dcat's ``dcat`` plugin.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.jena.dcatde import cli, fragments, logic, warm


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.actions(fragments.get_actions)  # logic's actions, catalogue from fragments
@tk.blanket.auth_functions(logic.get_auth_functions)
@tk.blanket.helpers(fragments.get_helpers)  # schema.org JSON-LD of dataset pages, cached
class JenaDcatdePlugin(p.SingletonPlugin):
    p.implements(p.IPackageController, inherit=True)

    # IPackageController: fragments of changed datasets are built in the background
    def after_dataset_create(self, context: Context, pkg_dict: dict) -> None:
        warm.mark_changed([pkg_dict.get("id")])

    def after_dataset_update(self, context: Context, pkg_dict: dict) -> None:
        warm.mark_changed([pkg_dict.get("id")])
