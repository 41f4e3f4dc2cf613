"""The web tests' Torrance story, for the language tests."""

from tests.web.conftest import built  # noqa: F401  (fixture re-used)
