"""Fixtures for the quality tests: the DCAT-AP.de tests' datasets, an editor of the
organization and a citizen, each with an API token for web requests."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from tests.dcatde.conftest import (  # noqa: F401 - fixtures re-exported
    create,
    maximal_fields,
    minimal_fields,
    org,
    sysadmin,
)


def _token_headers(user) -> dict[str, str]:
    token = factories.APIToken(user=user["name"])
    return {"Authorization": token["token"]}


@pytest.fixture
def editor(org):  # noqa: F811
    user = factories.User()
    from ckan.tests import helpers

    helpers.call_action(
        "organization_member_create",
        {"ignore_auth": True},
        id=org["id"],
        username=user["name"],
        role="editor",
    )
    user["headers"] = _token_headers(user)
    return user


@pytest.fixture
def citizen():
    user = factories.User()
    user["headers"] = _token_headers(user)
    return user


@pytest.fixture
def member(org):  # noqa: F811
    """A plain member (reader) of the organization: no quality panel."""
    from ckan.tests import helpers

    user = factories.User()
    helpers.call_action(
        "organization_member_create",
        {"ignore_auth": True},
        id=org["id"],
        username=user["name"],
        role="member",
    )
    user["headers"] = _token_headers(user)
    return user
