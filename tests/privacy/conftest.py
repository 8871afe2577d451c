"""The participants' world (a meeting with people whose personal data is filled in) serves here too."""

from tests.participants.conftest import world  # noqa: F401 - a fixture
