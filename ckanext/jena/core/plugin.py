"""Plugin ``jena_core``: shared command group, demo loader, organizations, licence list."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import CKANConfig

from ckanext.jena.core import cli
from ckanext.jena.vocab import licenses


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
class JenaCorePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config: CKANConfig) -> None:
        # The portal's licence list is the dcat-ap.de list (license_id = dcat-ap.de code),
        # unless the operator configured another licences file.
        if not config.get("licenses_group_url"):
            config["licenses_group_url"] = "file://" + licenses.PATH
            # CKAN caches the register per process: rebuild it from the new file
            if "_license_register" in vars(model.Package):
                del model.Package._license_register
