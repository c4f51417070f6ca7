"""Plugin ``jena_theme``: templates, assets, pages and the ``ckanext-jena`` catalog."""

from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Config

from ckanext.jena.theme import helpers, views

_HERE = os.path.dirname(os.path.abspath(__file__))


@tk.blanket.config_declarations
@tk.blanket.helpers(helpers.get_helpers)
@tk.blanket.blueprints(views.get_blueprints)
class JenaThemePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config: Config) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "jena_theme")

    # ITranslation: one catalog (domain ckanext-jena) for all Jena plugins
    def i18n_directory(self) -> str:
        return os.path.join(os.path.dirname(_HERE), "i18n")

    def i18n_locales(self) -> list[str]:
        return ["de", "en"]

    def i18n_domain(self) -> str:
        return "ckanext-jena"
