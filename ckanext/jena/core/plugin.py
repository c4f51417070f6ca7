"""Plugin ``jena_core``: shared command group, demo loader."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.jena.core import cli


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
class JenaCorePlugin(p.SingletonPlugin):
    pass
