import pytest


@pytest.fixture(autouse=True)
def _english_off(settings):
    """Tests read the Vietnamese the users see."""
    settings.LANGUAGE_CODE = "vi"
