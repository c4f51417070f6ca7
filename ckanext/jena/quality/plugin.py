"""Plugin ``jena_quality``: quality feedback for data officers.

The dataset page's "Qualität" panel, the organization overview
(``/organization/<id>/qualitaet``), the actions ``jena_quality_score`` and
``jena_quality_organization``, ``ckan jena quality report|check-links`` and the link-check
job. Must come before ``jena_theme`` in ``ckan.plugins`` (its ``package/read.html`` fills
the theme's ``jena_quality`` block).
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Config

from ckanext.jena.quality import cli, helpers, logic, views


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.actions(logic.get_actions)
@tk.blanket.auth_functions(logic.get_auth_functions)
@tk.blanket.helpers(helpers.get_helpers)
@tk.blanket.blueprints(views.get_blueprints)
class JenaQualityPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config: Config) -> None:
        tk.add_template_directory(config, "templates")
