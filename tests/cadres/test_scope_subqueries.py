import pytest
from django.contrib.auth.models import User

from cadres.models import Cadre, UserScope
from postings.models import Posting
from tests.factories import make_cadre, make_district, make_posting, make_unit

pytestmark = pytest.mark.django_db


def scoped_user(unit):
    user = User.objects.create(username=f"user-{unit.pk}")
    UserScope.objects.create(user=user, unit=unit)
    return user


def test_scope_over_several_paths_finds_rows_through_each_path():
    district = make_district("Huyện A")
    other = make_unit("Huyện B", kind="district", parent=district.parent)
    inside, outside = make_unit(parent=district), make_unit(parent=other)
    outward = make_posting(from_unit=inside, to_unit=outside)
    inward = make_posting(from_unit=make_unit(parent=other), to_unit=make_unit(parent=district))
    elsewhere = make_posting(from_unit=outside, to_unit=make_unit(parent=other))
    resident = make_cadre(current_unit=inside)
    user = scoped_user(district)

    assert set(Posting.objects.visible_to(user)) == {outward, inward}
    assert elsewhere.cadre not in Cadre.objects.visible_to(user)
    assert set(Cadre.objects.visible_to(user)) == {outward.cadre, inward.cadre, resident}
