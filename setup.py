"""Metadata and entry points live in pyproject.toml; this file keeps ``python setup.py``
commands (babel's extract_messages/compile_catalog) working as in other CKAN extensions."""

from setuptools import setup

setup(
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
