"""Shared fixtures. CKAN's pytest plugin (ckan.tests.pytest_ckan) is loaded through
the ``--ckan-ini`` option in pyproject.toml; the services must be running (make test)."""

from __future__ import annotations

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def repo_root() -> str:
    return ROOT


@pytest.fixture(autouse=True)
def _jena_plugins(with_plugins):
    """CKAN's test plugin unloads all plugins before the test loop; load the ones of
    test.ini (``ckan.plugins``) for every test, as the running portal has them."""
    yield


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's ``clean_db`` plus the migrations of the plugins with tables of their own.

    The first reset in a session drops every table (plugin tables included) and
    re-creates only core's; ``activity``, ``harvest`` and ``jena_harvest`` need their
    migrations again.
    Applying them on an up-to-date database is a no-op.
    """
    reset_db()
    for plugin in ("activity", "harvest", "jena_harvest"):
        migrate_db_for(plugin)
