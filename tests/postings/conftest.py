"""The postings tests read the Lộc Bình register (`register`, tests/conftest.py) as of
12/08/2012, scoped to Huyện Lộc Bình."""

import datetime

import pytest

AS_OF = datetime.date(2012, 8, 12)


@pytest.fixture
def scope_params(register):
    return f"?scope={register.district.pk}&as_of=2012-08-12"
