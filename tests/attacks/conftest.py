"""The penetration test's findings (issue 17), each replayed as the attacker made it.

Every test in this folder failed on the code the attacks were found in (or, where it says
so, guards what the fix must not break). The walk over every admin form's choices is in
tests/test_permissions.py, fuzzed malformed input in tests/test_hostile_input.py, the
start-up checks in tests/test_security.py, and the hostile import files' time and memory
in bench/hostile_imports.py. Here: the home district's records (Lộc Bình) and the
attacker's own commune (Đình Lập).
"""

import pytest

from tests.factories import make_cadre, make_posting, make_unit


@pytest.fixture
def home(home_district):
    """Lộc Bình's records: what the attacker from Đình Lập must not reach."""
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    cadres = [make_cadre(f"Hoàng Văn Lộc {n}", current_unit=commune) for n in range(4)]
    postings = [
        make_posting(cadre=cadres[0], from_unit=board, to_unit=commune),
        make_posting(cadre=cadres[1], from_unit=board, to_unit=commune),
    ]
    return {"board": board, "commune": commune, "cadres": cadres, "postings": postings}


@pytest.fixture
def own_commune(other_district):
    return make_unit("Xã Bắc Xa", parent=other_district)


def errors_of(response):
    """The main form's errors and every inline's, as one list of field names."""
    names = list(response.context["adminform"].form.errors)
    for formset in response.context["inline_admin_formsets"]:
        for form_errors in formset.formset.errors:
            names += list(form_errors)
    return names
