"""The ``ckan jena ...`` command group.

Every Jena plugin adds its sub-commands to this one group (in its own ``cli`` module)
and returns it from ``IClick.get_commands``; CKAN registers the group once per name.
"""

from __future__ import annotations

import click


@click.group(name="jena", short_help="Jena portal commands (demo, vocabularies, harvesting, ...)")
def jena() -> None:
    """Commands of the Jena open data portal."""
