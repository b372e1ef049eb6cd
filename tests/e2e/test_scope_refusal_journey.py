"""Staff of another district who type a record's address are told it does not exist."""

import pytest

from tests.e2e.conftest import log_in
from tests.factories import make_cadre, make_posting, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_of_another_scope_get_404_for_a_record_by_url(
    page, live_server, outsider, home_district
):
    posting = make_posting(
        cadre=make_cadre("Hoàng Thị Kín"),
        from_unit=make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district),
        to_unit=make_unit("Xã Tú Đoạn", parent=home_district),
    )
    log_in(page, live_server, "outsider")

    for path in (
        f"/admin/postings/posting/{posting.pk}/change/",
        f"/admin/cadres/cadre/{posting.cadre.pk}/change/",
        f"/cadres/{posting.cadre.pk}/",
        f"/units/{posting.to_unit.pk}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        assert "Hoàng Thị Kín" not in page.content(), path
        # The refusal is a page of the registry, with its language switch.
        assert page.locator("form[action='/i18n/setlang/']").count() == 1, path
