"""Plugin ``jena_harvest``: source registry CLI, scheduler, harvest dashboard and the
"harvested - change it at the source" notices."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.jena.harvest import cli, helpers, views


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.blueprints(views.get_blueprints)
@tk.blanket.helpers(helpers.get_helpers)
class JenaHarvestPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
